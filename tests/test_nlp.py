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
