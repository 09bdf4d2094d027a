"""English word data from spacy-lookups-data (a dependency already).

The lemma lookup table gives lemmas to the NLP pipeline and, as a word list,
tells the structure stage whether a line-end hyphen belongs to the word. It is
read once per process (about 30 ms).
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """Lower-case word -> lower-case lemma ("teachers" -> "teacher", "waived" -> "waive")."""
    try:
        from spacy_lookups_data import get_file
        with gzip.open(get_file("en_lemma_lookup.json.gz"), "rt", encoding="utf-8") as fh:
            table = json.load(fh)
    except (ImportError, OSError, ValueError):
        return {}
    out: dict[str, str] = {}
    for word, lemma in table.items():
        lw = word.lower()
        if lw not in out or word == lw:  # "Teachers" and "teachers": the lower-case entry wins
            out[lw] = lemma.lower()
    # Contract words the table gets wrong or lacks.
    out.update({"waiver": "waiver", "waivers": "waiver", "data": "data", "media": "media",
                "criteria": "criterion", "stipends": "stipend", "councils": "council", "ratings": "rating",
                "rating": "rating"})
    # A possessive is one word however the apostrophe is typed: a rule's "principal's evaluation"
    # finds "the principal’s evaluation" in a contract set with curly quotes.
    out.update({"'s": "'s", "’s": "'s"})
    return out


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    table = lemma_table()
    return frozenset(w for w in list(table) + list(table.values()) if w.isalpha())
