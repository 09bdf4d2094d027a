"""English words, to decide whether a line-end hyphen belongs to the word.

The lemma table of spacy-lookups-data (a dependency already) doubles as a word
list; it is read on first use only (about 30 ms).
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    try:
        from spacy_lookups_data import get_file
        with gzip.open(get_file("en_lemma_lookup.json.gz"), "rt", encoding="utf-8") as fh:
            table = json.load(fh)
    except (ImportError, OSError, ValueError):
        return frozenset()
    return frozenset(w.lower() for w in list(table) + list(table.values()) if w.isalpha())
