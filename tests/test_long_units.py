"""Units past spaCy's 1,000,000-character limit are matched in pieces (issue 15).

nlp.pieces cuts a long text where a sentence would end; CompiledPack.match reads each piece
and puts the matches back together in the unit's own offsets. Here the piece size is made
small so that an ordinary contract's text is "long": the split match must find what the
whole-unit match finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractlens.match import CompiledPack, UnitText
from contractlens.match import engine as engine_module
from contractlens.nlp import pieces
from contractlens.rules import load_pack

SAMPLES = Path(__file__).resolve().parents[1] / "sample_contracts"


def _check_cover(text: str, spans: list[tuple[int, int]], limit: int) -> None:
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b and b - a <= limit for a, b in spans)
    assert all(b == c for (_, b), (c, _) in zip(spans, spans[1:]))


def test_pieces_cut_where_a_sentence_ends_else_at_paragraphs_lines_spaces():
    sentences = "The board shall meet\nmonthly. No. 4 of Sec. 5 is kept. " * 100
    spans = pieces(sentences, 400)
    _check_cover(sentences, spans, 400)
    assert all(sentences[:b].endswith("kept. ") or sentences[:b].endswith("monthly. ") for _, b in spans[:-1])
    text = ("word " * 30 + "\n\n") * 40
    spans = pieces(text, 400)
    _check_cover(text, spans, 400)
    assert all(text[b - 2:b] == "\n\n" for _, b in spans[:-1])
    lines = ("word " * 30 + "\n") * 40
    assert all(lines[b - 1] == "\n" for _, b in pieces(lines, 400)[:-1])
    words = "word " * 400
    assert all(words[b - 1] == " " for _, b in pieces(words, 400)[:-1])


def test_pieces_of_text_without_spaces_are_hard_cuts():
    text = "x" * 1000
    spans = pieces(text, 300)
    _check_cover(text, spans, 300)
    assert [b - a for a, b in spans] == [300, 300, 300, 100]


def test_short_text_is_one_piece():
    assert pieces("a short clause.", 400) == [(0, 15)]


@pytest.fixture(scope="module")
def engine():
    return CompiledPack(load_pack(None).rules)


@pytest.mark.parametrize("sample", ["reform.txt", "traditional.txt"])
def test_a_unit_matched_in_pieces_finds_what_the_whole_unit_finds(engine, sample, monkeypatch):
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    unit = UnitText("u", text, "ARTICLE 1 GENERAL")
    whole = engine.match([unit])[0]
    monkeypatch.setattr(engine.nlp, "max_length", 20_000)  # the text is now past the limit
    monkeypatch.setattr(engine_module, "PIECE_CHARS", 8_000)
    split = engine.match([unit])[0]
    assert len(pieces(text, 8_000)) > 5
    assert split.sentences == whole.sentences
    assert set(split.hits) == set(whole.hits)
    assert split.notes == whole.notes


def test_offsets_of_a_long_unit_point_into_its_own_text(engine, monkeypatch):
    text = (SAMPLES / "reform.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(engine.nlp, "max_length", 20_000)
    monkeypatch.setattr(engine_module, "PIECE_CHARS", 8_000)
    match = engine.match([UnitText("u", text)])[0]
    assert match.hits
    for h in match.hits:
        a, b = match.sentences[h.sentence]
        assert a <= h.start < b and h.start < h.end <= len(text) and text[h.start:h.end].strip()


def test_each_units_doc_is_let_go_once_the_unit_is_matched(engine, monkeypatch):
    """A long contract's peak memory: the plans hold every unit's view until match returns, so
    a Doc left on its view would keep all of them alive at once (700 pages: 300 -> 253 MiB)."""
    held = []
    real = CompiledPack._match_doc

    def match_doc(self, view, *args, **kwargs):
        assert all(v.doc is None for v in held), "an earlier unit's Doc is still held"
        held.append(view)
        return real(self, view, *args, **kwargs)
    monkeypatch.setattr(CompiledPack, "_match_doc", match_doc)
    text = "The joint committee shall review the peer assistance and review program each year."
    engine.match([UnitText(f"u{i}", text, "") for i in range(3)])
    assert len(held) == 3 and all(v.doc is None for v in held)
