"""Check a spaCy token pattern when a rule file is loaded, not when it first runs."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _vocab():
    from spacy.vocab import Vocab
    return Vocab()


def check_token_pattern(pattern: list[dict]) -> str | None:
    """None if spaCy accepts the pattern, else spaCy's description of what is wrong."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher

    matcher = Matcher(_vocab(), validate=True)
    try:
        matcher.add("check", [pattern])
    except MatchPatternError as exc:
        details = str(exc).split("\n")
        problems = [d.strip(" -") for d in details[1:] if d.strip(" -")]
        return "; ".join(problems) or details[0]
    except (ValueError, TypeError) as exc:
        return str(exc)
    return None
