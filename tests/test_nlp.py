"""The blank-English pipeline: sentences that respect legal numbering, case-blind lemmas."""

from __future__ import annotations

import spacy

from contractlens.nlp import build_nlp, to_doc


def sentences(text: str) -> list[str]:
    nlp = build_nlp()
    return [s.text for s in nlp(to_doc(nlp, text)).sents]


def test_is_a_blank_english_pipeline():
    nlp = build_nlp()
    assert nlp.meta["name"] == spacy.blank("en").meta["name"]
    assert nlp.pipe_names == ["contractlens_sentences", "contractlens_lemmas"]


def test_numbers_and_abbreviations_do_not_end_sentences():
    assert sentences("Section 12.3 applies to Sec. 4 and No. 5 of Art. 7, e.g. leave. Then this.") == [
        "Section 12.3 applies to Sec. 4 and No. 5 of Art. 7, e.g. leave.", "Then this."]


def test_list_labels_at_line_start_begin_sentences():
    text = "The council shall:\n(a) approve the budget;\n(b) set the schedule\n1. Hiring is by mutual consent.\n• A bullet"
    assert sentences(text) == ["The council shall:", "(a) approve the budget;", "(b) set the schedule",
                               "1. Hiring is by mutual consent.", "• A bullet"]


def test_wrapped_cross_reference_is_not_a_new_sentence():
    assert sentences("Decisions of the panel under Section\n15.4 are final.") == [
        "Decisions of the panel under Section 15.4 are final."]


def test_quotes():
    assert sentences('The term "Board" means the board. "Staff" means teachers.') == [
        'The term "Board" means the board.', '"Staff" means teachers.']


def test_lemmas_ignore_case_and_keep_offsets():
    nlp = build_nlp()
    text = "Teachers WAIVED\nthe Waivers"
    doc = nlp(to_doc(nlp, text))
    assert [t.lemma_ for t in doc] == ["teacher", "waive", "the", "waiver"]
    assert doc.text == text.replace("\n", " ") and len(doc.text) == len(text)


def test_a_possessive_is_one_lemma_however_the_apostrophe_is_typed():
    # A rule's "principal's evaluation" must find a contract set with curly quotes (issue 10).
    nlp = build_nlp()
    straight, curly = (nlp(to_doc(nlp, t)) for t in ("the principal's evaluation", "the principal’s evaluation"))
    assert [t.lemma_ for t in straight] == [t.lemma_ for t in curly] == ["the", "principal", "'s", "evaluation"]


def _reference_starts(doc) -> list[int]:
    """The sentence rules read token by token over every token (LegalSentences reads only the
    tokens that can begin or end a sentence): the two must agree everywhere."""
    from contractlens.nlp.pipeline import _CONTINUES, _LABEL, ABBREVIATIONS, LegalSentences

    texts = [t.text for t in doc]
    lowers = [t.lower_ for t in doc]
    space = [bool(t.whitespace_) for t in doc]
    lines = doc.user_data["line_starts"]
    starts, ends = [], False
    for i, t in enumerate(doc):
        text = texts[i]
        start = i == 0 or (t.idx in lines and LegalSentences._is_label(texts.__getitem__, space, i, len(doc))
                           and lowers[i - 1] not in _CONTINUES) \
            or ends and (text[:1].isupper() or text[:1].isdigit() or text[:1] in "(§") \
            or ends and text[:1] in "“\"‘'" and space[i - 1]
        if start:
            starts.append(i)
            ends = False
        if text in (".", "!", "?"):
            prev = lowers[i - 1] if i > 0 else ""
            label_dot = i > 0 and doc[i - 1].idx in lines and len(prev) <= 3
            ends = not label_dot and prev not in ABBREVIATIONS and not (len(prev) == 1 and prev.isalpha())
        elif text.endswith(".") and len(text) > 2 and lowers[i][:-1] not in ABBREVIATIONS \
                and not _LABEL.match(text) and "." not in text[:-1]:
            ends = True
        elif not text.isspace() and text not in ('"', "”", "’", "'", ")") and i + 1 < len(doc):
            ends = False
    return starts


def test_sentence_starts_are_those_of_reading_every_token():
    from pathlib import Path

    nlp = build_nlp()
    samples = Path(__file__).resolve().parents[1] / "sample_contracts"
    texts = [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]
    texts = [t[k:k + 3000] for t in texts for k in range(0, len(t), 3000)]
    texts += [".", "a.", ". A", "\n1.", "x\n(a) b", 'End. "Quote" here.', "etc. And", "No. 5. Then", " . .\n. A",
              "It ends.)  (b) And.\n  2. Then! What? yes. \u201cQuoted\u201d 3. Sec. 4.\n\n\u2022 bullet.",
              "Under Section\n15.4 and\na) item. B.A. degree. p. 5"]
    for text in texts:
        doc = nlp(to_doc(nlp, text))
        assert doc.user_data["sent_starts"] == _reference_starts(doc), text[:80]
