"""Rule regexes built to backtrack for ever, and patterns the regex engine refuses.

Rule regexes run on RE2 (rules/regex.py), in time linear in the text: the classic
catastrophic patterns finish at once in every command that runs a user's rules, and a
pattern RE2 cannot run (a lookaround) is a configuration error naming file:line, rule and
field."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import SAMPLES, assert_clean_error, run_cli, snapshot

WORD = "a" * 44  # (a+)+$ on Python's re: about 2**44 steps when the text does not end in it
ORDINARY = ("The district and the association agree that the joint committee shall meet monthly "
            "during the school year to review the schedule, and either party may ask for a meeting.")

RULE = """\
id: {rid}
name: A probe
area: bargaining
description: A rule whose regex backtracks without end on an engine that backtracks.
signals:
  - id: named
    weight: 0.6
    phrases: [joint committee]
  - id: hostile
    weight: {weight}
    anchor: {anchor}
    regex: '{pattern}'
examples:
  fire:
{fire}
  no_fire:
{no_fire}
"""


def _items(texts: list[str]) -> str:
    return "\n".join(f"    - '{t}'" for t in texts)


def _pack(root: Path, pattern: str, anchor: bool, fire: list[str], no_fire: list[str]) -> Path:
    pack = root / "mypack"
    pack.mkdir()
    (pack / "redos_probe.yaml").write_text(RULE.format(rid="redos_probe", pattern=pattern,
                                                       anchor=str(anchor).lower(), weight=0.7 if anchor else 0.3,
                                                       fire=_items(fire), no_fire=_items(no_fire)))
    return pack


# (pattern, the signal is an anchor, fire examples, no_fire examples, text added to the contract)
CASES = {
    "nested-plus": (r"(a+)+$", True,
                    [f"The code word is {WORD}", f"Say it: {WORD}", f"joint committee {WORD}", WORD],
                    [f"The code word is {WORD}!", f"{WORD}.", f"{WORD} is the word, not this.", f"{WORD}?"],
                    f"\n\nThe code word is {WORD}!\n"),
    "words-and-spaces": (r"(\w+\s?)*$", False,
                         [f"The joint committee meets. {ORDINARY}", "A joint committee is formed.",
                          "The joint committee shall meet monthly.", "Each joint committee reports."],
                         [ORDINARY.replace("joint committee", "council"), "No body is formed here.",
                          "The parties meet monthly.", "Either party may ask for a meeting."],
                         f"\n\n{ORDINARY}\n"),
}


@pytest.fixture(params=sorted(CASES))
def hostile(request, work: Path):
    pattern, anchor, fire, no_fire, added = CASES[request.param]
    pack = _pack(work, pattern, anchor, fire, no_fire)
    contract = work / "contract.txt"
    contract.write_text((SAMPLES / "reform.txt").read_text(encoding="utf-8") + added, encoding="utf-8")
    return work, pack, contract


@pytest.mark.parametrize("command", ["validate", "scan", "test", "compare"])
def test_catastrophic_patterns_finish(hostile, command: str) -> None:
    work, pack, contract = hostile
    before = snapshot(work)
    args = {"validate": ("rules", "validate", pack),
            "scan": ("scan", contract, "--rules", pack, "-f", "json"),
            "test": ("rules", "test", pack),
            "compare": ("compare", contract, "--pack", pack, "-f", "json", "--db", work / "results.db")}[command]
    run = run_cli(*args, cwd=work)
    assert "Traceback" not in run.err, run.err
    assert run.code == 0, (run.code, run.out[-500:], run.err)
    assert run.seconds < 15, f"took {run.seconds:.1f} s"
    if command == "test":
        assert "8 of 8 examples pass" in run.out  # the pattern ran and decided each example
    if command == "scan":
        assert '"redos_probe"' in run.out
    after = snapshot(work)
    after.pop("results.db", None)
    assert after == before


@pytest.mark.parametrize("pattern,why", [
    (r"\bschool\b(?=\s+board)", "lookaround"),
    (r"(?<!peer\s)\breview\b", "lookaround"),
    (r"\b(\w+)\s+\1\b", "not a valid regular expression"),
])
@pytest.mark.parametrize("command", ["validate", "scan", "test", "compare"])
def test_pattern_re2_refuses_is_named(work: Path, pattern: str, why: str, command: str) -> None:
    pack = _pack(work, pattern, True, ["joint committee one"] * 4, ["nothing here"] * 4)
    before = snapshot(work)
    args = {"validate": ("rules", "validate", pack),
            "scan": ("scan", work / "good.txt", "--rules", pack),
            "test": ("rules", "test", pack),
            "compare": ("compare", work / "good.txt", "--pack", pack, "--db", work / "results.db")}[command]
    run = run_cli(*args, cwd=work)
    rule_file = pack / "redos_probe.yaml"
    line = next(n for n, text in enumerate(rule_file.read_text().splitlines(), 1) if "regex:" in text)
    assert_clean_error(run, 2, f"{rule_file}:{line}:")
    message = run.err_lines[0]
    assert "rule 'redos_probe'" in message and "field 'signals[1].regex'" in message, message
    assert why in message, message
    after = snapshot(work)
    after.pop("results.db", None)
    assert after == before
