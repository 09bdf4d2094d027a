"""Start-up: what needs no matching never imports spaCy (issue 12).

Each command runs in a fresh interpreter (an in-process run would see the modules
other tests imported); the driver runs the CLI, then reports whether ``spacy`` was
imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO, SAMPLES

_DRIVER = """
import json, sys
from contractlens.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 0
else:
    code = 0
print(json.dumps({"code": code, "spacy": "spacy" in sys.modules}), file=sys.stderr)
"""


def run(args, tmp_path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), XDG_CACHE_HOME=str(tmp_path / "cache"), COLUMNS="200")
    proc = subprocess.run([sys.executable, "-c", _DRIVER, *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120)
    return json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("startup")
    db = tmp / "results.sqlite"
    broken = tmp / "broken.pdf"  # a failed file, remembered in the store, is no reason to import spaCy either
    broken.write_bytes(b"%PDF-1.4 not really")
    files = [SAMPLES / "thin.txt", SAMPLES / "mou.txt", broken]
    first = run(["compare", *files, "--db", db, "--jobs", "1", "-f", "csv", "-o", tmp / "first.csv"], tmp)
    assert first["code"] == 4  # some files failed
    # the control: scanning does import spaCy, so the assertions below can fail
    assert first["spacy"] is True
    return tmp, db, files


@pytest.mark.parametrize("args", [["--help"], ["rules", "list"], ["scan", "--help"], ["compare", "--help"]])
def test_help_and_rule_listing_import_no_spacy(args, tmp_path):
    out = run(args, tmp_path)
    assert out == {"code": 0, "spacy": False}


@pytest.mark.parametrize("fmt", ["csv", "json", "html", "table"])
def test_rerender_from_the_store_imports_no_spacy(store, fmt):
    tmp, db, _ = store
    out = run(["compare", "--db", db, "-f", fmt, "-o", tmp / f"again.{fmt}"], tmp)
    assert out == {"code": 0, "spacy": False}


def test_cached_rerun_imports_no_spacy(store):
    tmp, db, files = store
    out = run(["compare", *files, "--db", db, "-f", "csv", "-o", tmp / "second.csv"], tmp)
    assert out == {"code": 4, "spacy": False}
    assert (tmp / "second.csv").read_text() == (tmp / "first.csv").read_text()


def test_importing_the_library_and_the_matcher_imports_no_spacy():
    code = ("import sys, contractlens, contractlens.scanner, contractlens.match, contractlens.nlp, "
            "contractlens.compare, contractlens.commands; print('spacy' in sys.modules, 'numpy' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(REPO / "src")))
    assert proc.stdout.split() == ["False", "False"], proc.stderr


def test_a_scan_imports_spacy_without_its_command_line_and_spacy_stays_whole(tmp_path):
    """scanner._import_spacy: spaCy's CLI (requests, httpx, weasel, jinja2) is not imported for
    a scan, yet ``import spacy.cli`` and ``spacy.info`` still work afterwards."""
    code = ("import sys, json\n"
            "from contractlens.cli import main\n"
            "try:\n"
            f"    main(['scan', {str(SAMPLES / 'thin.txt')!r}, '--format', 'json'])\n"
            "except SystemExit:\n"
            "    pass\n"
            "heavy = sorted(m for m in ('spacy.cli', 'requests', 'httpx', 'weasel', 'jinja2') if m in sys.modules)\n"
            "import spacy, spacy.cli\n"
            "info = spacy.info(silent=True)\n"
            "print(json.dumps({'spacy': 'spacy' in sys.modules, 'heavy': heavy,\n"
            "                  'cli': callable(spacy.cli.download), 'info': info['spacy_version'] == spacy.__version__}),\n"
            "      file=sys.stderr)\n")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    out = json.loads(proc.stderr.strip().splitlines()[-1])
    assert out == {"spacy": True, "heavy": [], "cli": True, "info": True}, proc.stderr
