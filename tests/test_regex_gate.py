"""The regex gate: the words any match of a pattern must contain, so texts without them
are skipped. It must never skip a text the pattern matches (soundness) and should find
the fixed words a pattern is built around."""

from __future__ import annotations

import re

import pytest

from contractlens.match.engine import regex_gate
from contractlens.rules import BUNDLED, load_pack
from conftest import SAMPLES


@pytest.mark.parametrize("pattern,gate", [
    (r"(?:waive|suspend)\w*\s+the\s+provision", [{"provision"}, {"waive", "suspend"}]),
    (r"joint\s+(?:committee|panel)", [{"joint"}, {"committee", "panel"}]),
    (r"site[- ]based\s+(?:council|team)s?", [{"based"}, {"site"}]),
    (r"[Tt]eacher\s+leader", [{"teacher"}, {"eacher"}]),  # [Tt] is one letter, case aside
    (r"joint|committee", [{"joint", "committee"}]),  # each branch brings its own word
    (r"(?:waive|\w+ed)\s+rules", [{"rules"}]),  # one branch has no fixed word: only "rules" is needed
])
def test_gate_words(pattern, gate):
    assert [set(words) for words in regex_gate(pattern)] == gate


@pytest.mark.parametrize("pattern", [
    r"ab",  # too short to be worth a lookup
    r"(?:a|b)c",
    r"\w+\s+\d+",  # no fixed word at all
    r"x(",  # not a pattern the parser reads: no gate, the regex runs everywhere
])
def test_no_gate(pattern):
    assert regex_gate(pattern) == ()


def _bundled_regexes():
    return sorted({s.value for name in BUNDLED for r in load_pack(name).rules for s in r.signals + r.exclusions
                   if s.kind == "regex"})


def _texts():
    texts = [t for name in BUNDLED for r in load_pack(name).rules for t in r.fire + r.no_fire]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    return texts


def test_no_bundled_regex_is_gated_out_of_a_text_it_matches():
    """Every match of every bundled regex, in every example and sample text, contains a word
    of each of its gate's sets: the gate never hides a hit."""
    patterns, texts = _bundled_regexes(), _texts()
    assert len(patterns) > 50
    gated = matched = 0
    for pattern in patterns:
        gate = regex_gate(pattern)
        gated += bool(gate)
        rx = re.compile(pattern, re.I)
        for text in texts:
            for m in rx.finditer(text):
                matched += 1
                found = m.group(0).lower()
                for words in gate:
                    assert any(w in found for w in words), (pattern, m.group(0), words)
    assert gated > len(patterns) // 2 and matched > 100  # the check had something to check
