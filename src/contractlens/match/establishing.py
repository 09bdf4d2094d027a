"""Language that talks about a practice without setting it up: a vision or a belief, a
sentiment about the relationship, a notice to post, the handling of a form. Such a sentence
can hold a practice's words (and a unit can reach the threshold on it), but a reader shown
it as the best quote does not see the mechanism; another sentence that does comes first.
"""

from __future__ import annotations

import re

# In our own words, from TAXONOMY.md's hard negatives and the decision rules' "not enough".
_KINDS = {
    "vision": r"\b(?:vision|mission statement|core beliefs?|seeks? to transform|strives? to|aspires? to"
              r"|we (?:believe|are aware|recognize|value|hope)|our efforts|spirit of)\b",
    "sentiment": r"\b(?:environment (?:that|which) (?:it|is)|mutual (?:trust|respect) (?:is|are)"
                 r"|strong partnership relationship|good faith relationship)\b",
    "notice": r"\b(?:job postings?|vacancy postings?|must include a notification|shall be posted|be notified in writing)\b",
    "form handling": r"\bthe (?:survey )?forms? (?:will|shall) (?:advise|remind|include|be (?:made available|distributed|returned|sent|mailed|collected))\b"
                     r"|\b(?:remit|return|submit|send|mail|forward)(?:s|ed)? (?:the|a|their|each) (?:completed |signed )?(?:survey )?forms?\b",
}
_PATTERN = re.compile("|".join(f"(?P<{k.replace(' ', '_')}>{p})" for k, p in _KINDS.items()), re.I)


def talks_about(quote: str) -> str | None:
    """The kind of non-establishing language the quote opens with or is made of, or None."""
    m = _PATTERN.search(" ".join(quote.split()))  # a phrase wrapped across lines is the same phrase
    return m.lastgroup.replace("_", " ") if m else None
