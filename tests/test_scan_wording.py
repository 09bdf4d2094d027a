"""The scan table's wording: "not found" shows no confidence, modifiers read in plain words."""

from __future__ import annotations

import re

from contractlens.models import NOT_FOUND, PRESENT, WEAK, Modifier, PracticeResult
from contractlens.reporters.wording import MODIFIER_WORDS, confidence_cell, modifier_label


def _p(status: str, confidence: float) -> PracticeResult:
    return PracticeResult("thin_contract", "Thin contract", "a", "Area", status, confidence, 0, ())


def test_not_found_shows_a_dash_not_its_near_miss():
    assert confidence_cell(_p(NOT_FOUND, 0.28)) == "–"
    assert confidence_cell(_p(PRESENT, 0.874)) == "0.87"
    assert confidence_cell(_p(WEAK, 0.41)) == "0.41"


def test_modifiers_in_plain_words_with_their_trigger():
    assert modifier_label(Modifier("negated", "shall not", True)) == "ruled out in the text (shall not)"
    assert modifier_label(Modifier("contemplated", "shall study", True)).startswith("only proposed")
    assert modifier_label(Modifier("contents", "", True)) == "in a table of contents"
    assert all("_" not in w and w != k for k, w in MODIFIER_WORDS.items())


def test_every_modifier_kind_the_rules_emit_has_words():
    from conftest import REPO

    text = (REPO / "rules" / "context" / "modifiers.yaml").read_text(encoding="utf-8")
    kinds = set(re.findall(r"^\s*-?\s*type:\s*(\w+)", text, re.M)) | {"contents"}
    assert kinds and kinds <= set(MODIFIER_WORDS), kinds - set(MODIFIER_WORDS)


def test_table_legend_and_dashes(cli, tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("This agreement is between the board and the association.\n")
    out = cli("scan", one).out
    assert "Conf.:" in out and "not found" in out
    assert not re.search(r"not found\s*│[^│\n]*│[^│\n]*│\s*0\.\d\d", out)
    md = cli("scan", one, "--format", "markdown").out
    assert "| not found |" in md and "_Conf.:" in md
    assert not re.search(r"\| not found \|[^\n]*\| 0\.\d\d \|", md)
