"""User strings (file names, rule names) never reach the terminal or a report unescaped."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from .conftest import POLICY, assert_clean_error, run_cli

NASTY_NAMES = {
    "escape": "clear\x1b[2J\x1b[Hscreen.txt",
    "newline": "two\nlines.txt",
    "bell": "ring\x07.txt",
    "c1": "csi\x9b31m.txt",
}


@pytest.mark.parametrize("kind", sorted(NASTY_NAMES))
def test_error_line_strips_control_characters_of_a_file_name(work, kind):
    name = NASTY_NAMES[kind]
    (work / name).write_bytes(b"")
    run = run_cli("scan", name, cwd=work)
    assert_clean_error(run, 3, "is empty")
    assert "\x1b" not in run.err and "\x07" not in run.err and "\x9b" not in run.err


def test_missing_file_with_escape_in_its_name(work):
    run = run_cli("segment", "no\x1b]0;owned\x07such.pdf", cwd=work)
    assert_clean_error(run, 3, "such.pdf")


@pytest.mark.parametrize("kind", sorted(NASTY_NAMES))
def test_junit_report_parses_whatever_the_file_is_called(work, kind):
    name = NASTY_NAMES[kind].replace("\n", "")
    (work / name).write_bytes((work / "good.txt").read_bytes())
    run = run_cli("check", name, "--policy", str(POLICY), "-f", "junit", "-o", "report.xml", cwd=work)
    assert run.code in (0, 1), run
    root = ET.fromstring((work / "report.xml").read_text(encoding="utf-8"))
    assert root.tag == "testsuites" and len(root) == 1
