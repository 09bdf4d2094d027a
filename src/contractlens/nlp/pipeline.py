"""Build the pipeline once per process: ``spacy.blank("en")`` + sentences + lemmas."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import lemma_table

# Tokens before a period that do not end a sentence ("Sec. 4", "No. 5", "e.g.").
ABBREVIATIONS = {
    "sec", "secs", "no", "nos", "art", "arts", "para", "paras", "ch", "pp", "p", "vs", "v", "etc", "inc", "co",
    "corp", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "approx", "dept", "div", "min", "max", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec", "e.g", "i.e", "u.s", "ed", "fig",
    "admin", "supt", "asst", "assoc", "hrs", "yrs", "wk", "mo", "ltd", "govt", "rev", "subd", "subsec",
}
_LABEL = re.compile(r"^(?:\(?[a-zA-Z]{1,3}[.)]|\(?\d{1,3}[.)]|\(|§|•|●|▪|◦|-|–|_|\d{1,3}(?:\.\d{1,3})+)$")
_BULLETS = {"•", "●", "▪", "◦", "", "", "_"}
# A wrapped line that starts with "15.4" after one of these is a cross-reference, not a new item.
_CONTINUES = {"section", "sections", "article", "articles", "paragraph", "paragraphs", "§", "appendix", "exhibit",
              "and", "or", "of", "to", "in", "under", "with", "by", "see", "per", "subsection", "item", "step",
              "level", "chapter", "the", "a", "an", "no", "nos"}


@Language.factory("contractlens_sentences")
def _make_sentences(nlp: Language, name: str) -> "LegalSentences":
    return LegalSentences()


class LegalSentences:
    """Sentence starts for contract text.

    "12.3", "(a)", "Sec. 4" and "No. 5" do not end a sentence; a list label
    ("a.", "(1)", "•") at the start of a line begins one. Line starts are
    given by ``to_doc`` in ``doc.user_data["line_starts"]``.
    """

    def __call__(self, doc: Doc) -> Doc:
        line_starts = doc.user_data.get("line_starts", ())
        n = len(doc)
        ends_sentence = False
        for i, token in enumerate(doc):
            text = token.text
            if i == 0:
                start = True
            elif token.idx in line_starts and self._is_label(doc, i) and doc[i - 1].lower_ not in _CONTINUES:
                start = True
            elif ends_sentence and (text[:1].isupper() or text[:1].isdigit() or text[:1] in "(§") \
                    or ends_sentence and text[:1] in "“\"‘'" and doc[i - 1].whitespace_:
                start = True
            else:
                start = False
            token.is_sent_start = start
            if start:
                ends_sentence = False
            if text in (".", "!", "?"):
                prev = doc[i - 1].lower_ if i > 0 else ""
                label_dot = i > 0 and doc[i - 1].idx in line_starts and len(prev) <= 3
                ends_sentence = not label_dot and prev not in ABBREVIATIONS and not (len(prev) == 1 and prev.isalpha())
            elif text.endswith(".") and len(text) > 2 and text[:-1].lower() not in ABBREVIATIONS \
                    and not _LABEL.match(text) and "." not in text[:-1]:
                ends_sentence = True  # "agreement." kept whole by a tokenizer exception
            elif not token.is_space and text not in ('"', "”", "’", "'", ")") and i + 1 < n:
                ends_sentence = False
        return doc

    @staticmethod
    def _is_label(doc: Doc, i: int) -> bool:
        text = doc[i].text
        if _LABEL.match(text) or text in _BULLETS:
            return True
        # "1" "." or "a" ")" split by the tokenizer
        return len(text) <= 3 and text.isalnum() and i + 1 < len(doc) and doc[i + 1].text in (".", ")") \
            and not doc[i].whitespace_


@Language.factory("contractlens_lemmas")
def _make_lemmas(nlp: Language, name: str) -> "LookupLemmas":
    return LookupLemmas()


class LookupLemmas:
    """Lower-case lookup lemmas, so "Teachers" and "teachers" both give "teacher"."""

    def __init__(self) -> None:
        self.table = lemma_table()

    def __call__(self, doc: Doc) -> Doc:
        table = self.table
        for token in doc:
            lower = token.lower_
            token.lemma_ = table.get(lower, lower)
        return doc


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """The pipeline, built once per process (a blank model builds in ~0.3 s)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("contractlens_sentences")
    nlp.add_pipe("contractlens_lemmas")
    return nlp


def to_doc(nlp: Language, text: str) -> Doc:
    """A Doc for contract text: line breaks become spaces (so phrases match across
    wrapped lines, and offsets stay those of ``text``) but are remembered as line
    starts for the sentence rules."""
    starts = {0}
    pos = text.find("\n")
    while pos != -1:
        starts.add(pos + 1)
        pos = text.find("\n", pos + 1)
    doc = nlp.make_doc(text.replace("\n", " "))
    # A line may start after leading spaces; point at the first token of each line.
    doc.user_data["line_starts"] = {t.idx for t in doc if t.idx in starts or (t.idx - 1 in starts and text[t.idx - 1] == "\n")}
    return doc
