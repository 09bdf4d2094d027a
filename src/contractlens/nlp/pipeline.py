"""Build the pipeline once per process: ``spacy.blank("en")`` + sentences + lemmas."""

from __future__ import annotations

import re
from functools import lru_cache

from typing import TYPE_CHECKING

from ..lexicon import lemma_table

if TYPE_CHECKING:  # spaCy and numpy are imported only when a pipeline is built (build_nlp)
    from spacy.language import Language
    from spacy.tokens import Doc

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


class LegalSentences:
    """Sentence starts for contract text.

    "12.3", "(a)", "Sec. 4" and "No. 5" do not end a sentence; a list label
    ("a.", "(1)", "•") at the start of a line begins one. Line starts are
    given by ``to_doc`` in ``doc.user_data["line_starts"]``. Works on token
    arrays, not Token objects: this runs over every word of every contract.
    Sentence start token indices are also kept in ``doc.user_data["sent_starts"]``.

    The rules read token by token (``_step``), but only a token at a line start or one with
    a ".", "!" or "?" in it can begin or end a sentence when the tokens before it have not
    just ended one, so only those (and the tokens right after a sentence's end) are read:
    every other token leaves "a sentence just ended" false, as it was.
    """

    def __call__(self, doc: Doc) -> Doc:
        import numpy
        from spacy.attrs import IDX, LOWER, ORTH, SENT_START, SPACY

        n = len(doc)
        if not n:
            doc.user_data["sent_starts"] = []
            return doc
        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, LOWER, IDX, SPACY])
        orths = arr[:, 0].tolist()
        lower_hashes = arr[:, 1].tolist()
        idx_column = arr[:, 2]
        space = arr[:, 3].tolist()
        line_starts = doc.user_data.get("line_starts", ())
        # token positions of the line starts, and of the tokens holding a ".", "!" or "?"
        if line_starts:
            wanted = numpy.fromiter(line_starts, dtype=idx_column.dtype, count=len(line_starts))
            at = numpy.minimum(numpy.searchsorted(idx_column, wanted), n - 1)
            lines = set(at[idx_column[at] == wanted].tolist())
        else:
            lines = set()
        flat = doc.user_data.get("text")  # to_doc's (doc.text would build it token by token)
        codes = numpy.frombuffer((doc.text if flat is None else flat).encode("utf-32-le"), dtype="<u4")
        marks = numpy.flatnonzero((codes == 46) | (codes == 33) | (codes == 63))
        dotted = numpy.maximum(numpy.searchsorted(idx_column, marks, side="right") - 1, 0)
        events = sorted(lines.union(dotted.tolist(), (0,)))
        texts: dict[int, str] = {}
        lowers: dict[int, str] = {}

        def text_at(i: int) -> str:
            t = texts.get(i)
            if t is None:
                t = texts[i] = strings[orths[i]]
            return t

        def lower_at(i: int) -> str:
            t = lowers.get(i)
            if t is None:
                t = lowers[i] = strings[lower_hashes[i]]
            return t

        starts: list[int] = []
        ends_sentence = False
        e, i = 0, 0
        while True:
            text = text_at(i)
            if i == 0:
                start = True
            elif i in lines and self._is_label(text_at, space, i, n) and lower_at(i - 1) not in _CONTINUES:
                start = True
            elif ends_sentence and (text[:1].isupper() or text[:1].isdigit() or text[:1] in "(§") \
                    or ends_sentence and text[:1] in "“\"‘'" and space[i - 1]:
                start = True
            else:
                start = False
            if start:
                starts.append(i)
                ends_sentence = False
            if text in (".", "!", "?"):
                prev = lower_at(i - 1) if i > 0 else ""
                label_dot = i > 0 and (i - 1) in lines and len(prev) <= 3
                ends_sentence = not label_dot and prev not in ABBREVIATIONS and not (len(prev) == 1 and prev.isalpha())
            elif text.endswith(".") and len(text) > 2 and lower_at(i)[:-1] not in ABBREVIATIONS \
                    and not _LABEL.match(text) and "." not in text[:-1]:
                ends_sentence = True  # "agreement." kept whole by a tokenizer exception
            elif not text.isspace() and text not in ('"', "”", "’", "'", ")") and i + 1 < n:
                ends_sentence = False
            if ends_sentence and i + 1 < n:
                i += 1  # read on until a token says whether the next sentence starts
                continue
            while e < len(events) and events[e] <= i:
                e += 1
            if e == len(events):
                break
            i = events[e]
        flags = numpy.full((n, 1), -1, dtype="int64")
        flags[starts, 0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))  # spaCy reads -1 back from the wrapped value
        doc.user_data["sent_starts"] = starts
        return doc

    @staticmethod
    def _is_label(text_at, space: list[int], i: int, n: int) -> bool:
        text = text_at(i)
        if _LABEL.match(text) or text in _BULLETS:
            return True
        # "1" "." or "a" ")" split by the tokenizer
        return len(text) <= 3 and text.isalnum() and i + 1 < n and text_at(i + 1) in (".", ")") \
            and not space[i]


class LookupLemmas:
    """Lower-case lookup lemmas, so "Teachers" and "teachers" both give "teacher".

    Maps lower-case string hashes to lemma hashes in bulk (no Token objects)."""

    def __init__(self, vocab) -> None:
        self.table = lemma_table()
        self.strings = vocab.strings
        self.cache: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        import numpy
        from spacy.attrs import LEMMA, LOWER

        if not len(doc):
            return doc
        lowers = doc.to_array(LOWER).tolist()
        cache, table, strings = self.cache, self.table, self.strings
        lemmas = list(map(cache.get, lowers))
        try:
            out = numpy.array(lemmas, dtype="uint64")
        except TypeError:  # a word not seen before in this process (None in lemmas)
            for k, h in enumerate(lowers):
                if lemmas[k] is None:
                    lemma = cache.get(h)
                    if lemma is None:
                        lower = strings[h]
                        lemma = cache[h] = strings.add(table.get(lower, lower))
                    lemmas[k] = lemma
            out = numpy.array(lemmas, dtype="uint64")
        out = out.reshape(-1, 1)
        doc.from_array([LEMMA], out)
        return doc


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """The pipeline, built once per process (a blank model builds in ~0.3 s)."""
    import spacy
    from spacy.language import Language

    # The components are registered here, not at import, so importing the matching code
    # (to read a store, render a report, list rules) does not import spaCy.
    if not Language.has_factory("contractlens_sentences"):
        Language.factory("contractlens_sentences", func=lambda nlp, name: LegalSentences())
    if not Language.has_factory("contractlens_lemmas"):
        Language.factory("contractlens_lemmas", func=lambda nlp, name: LookupLemmas(nlp.vocab))
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
    from spacy.attrs import IDX

    flat = text.replace("\n", " ")
    doc = nlp.make_doc(flat)
    doc.user_data["text"] = flat  # doc.text, kept: LegalSentences reads it
    # A line may start after leading spaces; point at the first token of each line: a token
    # at a line start, or one after a line start that is itself a line break.
    wanted = starts.union([s + 1 for s in starts if text[s:s + 1] == "\n"])
    doc.user_data["line_starts"] = wanted.intersection(doc.to_array(IDX).tolist()) if len(doc) else set()
    return doc


# spaCy refuses a text past ``nlp.max_length`` (1,000,000 characters, E088), and a Doc costs
# memory by the token. A unit that long (a whole body read as one unit, a one-line text file,
# a PDF whose outline put thousands of pages in one section) is read in pieces of at most
# PIECE_CHARS, each ending where the sentence rules above would end a sentence (a period, not
# after an abbreviation, then a capital), else at a paragraph break, a line break or a space;
# a hard cut only in a text with no space in the last BOUNDARY_WINDOW characters.
# (Matching a unit costs more than its length: 100,000-character pieces of a 1 MB unit match
# in half the time of 500,000-character ones.)
PIECE_CHARS = 100_000
BOUNDARY_WINDOW = 20_000
_SENTENCE_END = re.compile(r"(\S*)[.!?][\"”’')\]]*\s+(?=[A-Z“\"(‘])")


def _sentence_end(text: str, low: int, end: int) -> int:
    """The start of the last sentence that begins in text[low:end], or -1."""
    best = -1
    for m in _SENTENCE_END.finditer(text, low, end):
        word = m.group(1).lower().lstrip("(\"“‘'")
        if word not in ABBREVIATIONS and not (len(word) == 1 and word.isalpha()) and not word[:1].isdigit():
            best = m.end()
    return best


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) spans covering ``text`` in order, each at most ``limit`` characters,
    cut at the best boundary in the last BOUNDARY_WINDOW characters of each."""
    spans = []
    start, n = 0, len(text)
    while n - start > limit:
        end = start + limit
        low = max(start + 1, end - BOUNDARY_WINDOW)
        cut = _sentence_end(text, low, end)
        for sep in ("\n\n", "\n", " ", "\t"):
            if cut != -1:
                break
            k = text.rfind(sep, low, end)
            cut = k + len(sep) if k != -1 else -1
        if cut == -1:
            cut = end
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans
