"""Plain words for what the scan reports show: a modifier's kind, the confidence column.

Table and Markdown share these so a negotiator reads the same words in both.
"""

from __future__ import annotations

from ..model import PRESENT, WEAK, Modifier, PracticeResult

# A modifier's kind as a reader of the contract would say it. The trigger words follow in
# parentheses, e.g. "ruled out in the text (shall not)".
MODIFIER_WORDS = {
    "negated": "ruled out in the text",
    "exception": "subject to an exception",
    "contemplated": "only proposed, not adopted",
    "definition": "in a list of definitions",
    "preamble": "in a preamble or recital",
    "contents": "in a table of contents",
}

LEGEND = ("Conf.: how sure the rules are that the best evidence establishes the practice "
          "(0 to 1); shown only for present and weak findings.")


def modifier_label(m: Modifier) -> str:
    """ "ruled out in the text (shall not)" """
    words = MODIFIER_WORDS.get(m.type, m.type.replace("_", " "))
    return f"{words} ({m.trigger})" if m.trigger else words


def confidence_cell(p: PracticeResult) -> str:
    """The confidence of a present or weak finding; a dash for "not found", whose number is
    only the strongest near-miss and would read as a finding."""
    return f"{p.confidence:.2f}" if p.status in (PRESENT, WEAK) and p.confidence else "–"
