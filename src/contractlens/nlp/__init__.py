"""The spaCy pipeline: a blank English model with rule components only.

Nothing here needs a statistical model: tokens come from spaCy's English
tokenizer, sentences from legal-numbering-aware rules, lemmas from the
spacy-lookups-data table. No spaCy object leaves the matching stage.
"""

from .pipeline import PIECE_CHARS, build_nlp, pieces, to_doc

__all__ = ["PIECE_CHARS", "build_nlp", "pieces", "to_doc"]
