"""YAML built to explode: alias bombs ("billion laughs"), recursive aliases, deep nesting.

Every YAML file the package reads (rule files, pack.yaml, fitted.yaml, lexicons, policies, review
files) goes
through rules.schema.load_yaml, which refuses a file whose aliases would expand it past a bound
before anything is built from it, with one line naming file:line. Without the bound, nine
aliases of nine aliases ... (a few hundred bytes) expand to 9**9 values the moment an error
message prints the value or a loader walks it: minutes and gigabytes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import REPO, assert_clean_error, run_cli, snapshot
from .measure import run_measured

SECONDS = 5
PEAK_MIB = 400


def _bomb(levels: int = 9) -> str:
    """A flow sequence of anchored lists, each holding nine aliases of the one before."""
    items = ['&x0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    items += [f"&x{i} [{', '.join([f'*x{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "[" + ", ".join(items) + "]"


def _text_bomb() -> str:
    """A 200 kB phrase repeated by 60 aliases: 12 MB of text from a 200 kB file."""
    return "[&big '" + "lol " * 50_000 + "', " + ", ".join(["*big"] * 60) + "]"


def _pack(work: Path) -> Path:
    pack = work / "mypack"
    shutil.copytree(REPO / "rules" / "handbook", pack)
    return pack


def _replace_line(path: Path, pattern: str, new: str) -> int:
    """Replace the first line matching ``pattern`` by ``new``; its line number."""
    lines = path.read_text().splitlines()
    n = next(i for i, text in enumerate(lines) if re.match(pattern, text))
    lines[n] = new
    path.write_text("\n".join(lines) + "\n")
    return n + 1


def _in_rule_name(work: Path, bomb: str):
    pack = _pack(work)
    f = pack / "living_contract.yaml"
    return ["rules", "validate", pack], f, _replace_line(f, r"^name:", f"name: {bomb}")


def _in_rule_phrases(work: Path, bomb: str):
    pack = _pack(work)
    f = pack / "living_contract.yaml"
    return ["scan", "good.txt", "--rules", pack], f, _replace_line(f, r"^\s+phrases:", f"    phrases: {bomb}")


def _in_pack_yaml(work: Path, bomb: str):
    pack = _pack(work)
    f = pack / "pack.yaml"
    return ["rules", "validate", pack], f, _replace_line(f, r"^title:", f"title: {bomb}")


def _in_fitted_yaml(work: Path, bomb: str):
    pack = _pack(work)
    f = pack / "fitted.yaml"
    return ["rules", "test", pack], f, _replace_line(f, r"^method:", f"method: {bomb}")


def _in_lexicon(work: Path, bomb: str):
    pack = _pack(work)
    (pack / "lexicons").mkdir()
    f = pack / "lexicons" / "mine.yaml"
    f.write_text(f"kind: lexicon\nterms:\n  boom: {bomb}\n")
    return ["rules", "validate", pack], f, 3


def _in_policy(work: Path, bomb: str):
    f = work / "policy.yaml"
    f.write_text(f"pack: handbook\nrequire: {bomb}\n")
    return ["check", "good.txt", "--policy", f], f, 2


def _in_review_file(work: Path, bomb: str):
    f = work / "reviews.yaml"
    f.write_text(f"version: 1\nreviews: {bomb}\n")
    return ["scan", "good.txt", "--reviews", f], f, 2


PLACES = {"rule-name": _in_rule_name, "rule-phrases": _in_rule_phrases, "pack.yaml": _in_pack_yaml,
          "fitted.yaml": _in_fitted_yaml, "lexicon": _in_lexicon, "policy": _in_policy,
          "review-file": _in_review_file}


@pytest.mark.parametrize("kind", ["nodes", "text"])
@pytest.mark.parametrize("place", sorted(PLACES))
def test_alias_bomb_is_refused_at_once(work, place, kind):
    args, culprit, line = PLACES[place](work, _bomb() if kind == "nodes" else _text_bomb())
    before = snapshot(work)
    run, peak = run_measured(*args, cwd=work)
    assert_clean_error(run, 2, f"{culprit}:{line}:")
    assert "(an alias bomb?)" in run.err and len(run.err) < 500, run.err[:500]
    assert run.seconds < SECONDS, f"took {run.seconds:.1f} s"
    assert peak < PEAK_MIB, f"peak memory {peak:.0f} MiB"
    assert snapshot(work) == before


@pytest.mark.parametrize("yaml_text,problem", [
    ("name: &a [1, *a]\n", "recursive alias"),
    ("name: &a {b: [*a]}\n", "recursive alias"),
    ("name: " + "[" * 900 + "]" * 900 + "\n", "nests deeper than"),
    ("name: {? [a, b] : c}\n", "a key must be a plain value"),
])
def test_self_referring_deep_or_complex_yaml_is_one_line(work, yaml_text, problem):
    pack = _pack(work)
    f = pack / "living_contract.yaml"
    line = _replace_line(f, r"^name:", yaml_text.rstrip("\n"))
    run = run_cli("rules", "validate", pack, cwd=work)
    assert_clean_error(run, 2, f"{f}:{line}:")
    assert problem in run.err


def test_a_few_aliases_are_still_yaml(work):
    # Aliases as people use them: one term list written once and shared by two signals.
    pack = _pack(work)
    f = pack / "living_contract.yaml"
    text = f.read_text()
    terms = "- [amend, amendment, revise, revision, modify, modification]"
    assert text.count(terms) == 2
    head, tail = text.split(terms, 1)
    f.write_text(head + terms.replace("- [", "- &amend [") + tail.replace(terms, "- *amend"))
    run = run_cli("rules", "test", pack, cwd=work)
    assert run.code == 0, run
    plain = run_cli("rules", "test", REPO / "rules" / "handbook", cwd=work)
    assert run.out == plain.out.replace(str(REPO / "rules" / "handbook"), str(pack))


def test_a_huge_value_is_cut_in_the_error_line(work):
    pack = _pack(work)
    f = pack / "living_contract.yaml"
    line = _replace_line(f, r"^name:", "name: [" + ", ".join(f"'word{i}'" for i in range(50_000)) + "]")
    run = run_cli("rules", "validate", pack, cwd=work)
    assert_clean_error(run, 2, f"{f}:{line}:")
    assert len(run.err) < 500 and "..." in run.err, run.err[:600]
