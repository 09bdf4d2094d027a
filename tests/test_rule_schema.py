"""A rule file with a mistake: the message names the file, the line, the rule and the field."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import REPO

MINI = REPO / "tests" / "data" / "mini_pack"
GOOD = (MINI / "waivers_overrides.yaml").read_text()


def _validate(cli, tmp_path, text: str, name: str = "waivers_overrides.yaml"):
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / name).write_text(text)
    return cli("rules", "validate", pack), pack / name


def test_the_mini_pack_is_valid(cli):
    result = cli("rules", "validate", MINI)
    assert result.code == 0 and "ok: 2 rules" in result.out


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize("old,new,at,field,expected", [
    ("    weight: 0.8", "    weight: heavy", "weight: heavy", "signals[0].weight", "expected a number in (0, 1], found 'heavy'"),
    ("    weight: 0.8", "    weight: 1.5", "weight: 1.5", "signals[0].weight", "expected a number in (0, 1]"),
    ("    near:", "    nearby:", "nearby:", "signals[0].nearby", "unknown key 'nearby'"),
    ("  - id: staff-vote", "  - id: waive-provisions", "- id: waive-provisions\n", "signals[1].id", "used twice"),
    ("    regex: '\\b(?:two", "    regex: '\\b(?:two(", "regex:", "signals[1].regex", "not a valid regular expression"),
    ("area: bargaining", "area: bargains", "area:", "area", "expected one of"),
    ("      window: 8", "      window: 500", "window: 500", "signals[0].near.window", "between 1 and 60"),
])
def test_errors_name_file_line_rule_and_field(cli, tmp_path, old, new, at, field, expected):
    assert old in GOOD
    text = GOOD.replace(old, new)
    lines = text.splitlines()
    line = max(n for n, row in enumerate(lines, 1) if at.rstrip("\n") in row) if at.endswith("\n") \
        else _line_of(text, at)
    result, path = _validate(cli, tmp_path, text)
    assert result.code == 2, result
    message = result.err.strip()
    assert message.count("\n") == 0
    assert f"{path}:{line}:" in message, message
    assert "rule 'waivers_overrides'" in message
    assert f"field '{field}'" in message
    assert expected in message


def test_too_few_examples(cli, tmp_path):
    text = re.sub(r"  no_fire:\n(    - .*\n)+", "  no_fire:\n    - Only one counter-example.\n", GOOD)
    result, path = _validate(cli, tmp_path, text)
    assert result.code == 2 and "field 'examples.no_fire'" in result.err and "at least 4" in result.err


def test_bad_token_pattern_is_caught_on_load(cli, tmp_path):
    text = GOOD.replace("    regex: '\\b(?:two[- ]thirds|\\d{2}\\s?%)\\b[^.]{0,40}\\b(?:staff|faculty|teachers)\\b'",
                        "    pattern: [{LEMA: vote}, {LOWER: of}]")
    result, path = _validate(cli, tmp_path, text)
    assert result.code == 2, result
    assert f"{path}:{_line_of(text, 'pattern:')}:" in result.err and "field 'signals[1].pattern'" in result.err
    assert "not a valid spaCy token pattern" in result.err and "LEMA" in result.err


def test_file_must_be_named_after_rule(cli, tmp_path):
    result, path = _validate(cli, tmp_path, GOOD, name="waivers.yaml")
    assert result.code == 2 and "must be named after the rule id: waivers_overrides.yaml" in result.err


def test_yaml_syntax_error_has_a_line(cli, tmp_path):
    result, path = _validate(cli, tmp_path, GOOD.replace("signals:", "signals: [", 1))
    assert result.code == 2 and f"{path}:" in result.err and "not valid YAML" in result.err


def test_duplicate_key(cli, tmp_path):
    text = GOOD.replace("area: bargaining", "area: bargaining\nname: Again")
    result, path = _validate(cli, tmp_path, text)
    assert result.code == 2 and f"{path}:{_line_of(text, 'name: Again')}:" in result.err
    assert "appears twice" in result.err


def test_pack_yaml_lists_missing_rule(cli, tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    (pack / "pack.yaml").write_text("name: mini\ncategories: [waivers_overrides, peer_review_assistance, thin_contract]\n")
    result = cli("rules", "validate", pack)
    assert result.code == 2 and "pack.yaml:2:" in result.err and "thin_contract" in result.err


def test_unknown_pack(cli):
    result = cli("scan", REPO / "sample_contracts" / "mou.txt", "--rules", "no/such/pack")
    assert result.code == 2 and "no such rule pack" in result.err
