"""`contractlens compare`: the matrix, the results store, exports and the HTML report."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import contractlens
from contractlens.compare import expand, run
from contractlens.rules import load_pack
from contractlens.store import Store
from conftest import SAMPLES, real_contracts

# one copy of each agreement: the .docx/.txt copies are the same texts and count once (test_folder_discovery)
SAMPLE_FILES = sorted(SAMPLES.glob("*.pdf"))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One compare run over the samples (and the real contracts, when present), kept for several tests."""
    d = tmp_path_factory.mktemp("batch")
    db = d / "results.sqlite"
    files = SAMPLE_FILES + real_contracts()
    from contractlens.cli import main

    out = d / "matrix.json"
    code = _run_main(main, ["compare", *map(str, files), "--db", str(db), "--jobs", "2", "-f", "json", "-o", str(out)])
    return {"dir": d, "db": db, "files": files, "records": json.loads(out.read_text()), "code": code}


def _run_main(main, argv) -> int:
    try:
        main(argv)
    except SystemExit as exc:
        return exc.code or 0
    return 0


def test_matrix_agrees_with_individual_scans(batch):
    assert batch["code"] == 0
    records = batch["records"]
    by_path: dict[str, dict[str, tuple[str, float]]] = {}
    for rec in records:
        by_path.setdefault(rec["path"], {})[rec["practice"]] = (rec["status"], rec["confidence"])
    assert len(by_path) == len(batch["files"])
    for path in batch["files"]:
        single = contractlens.scan(path)
        assert by_path[str(path)] == {p.id: (p.status, p.confidence) for p in single.practices}, path.name


def test_records_load_into_pandas(batch, cli):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(batch["records"])
    assert len(frame) == 21 * len(batch["files"])
    assert {"district", "practice", "status", "confidence", "evidence_citation", "evidence_page"} <= set(frame.columns)
    csv_out = batch["dir"] / "matrix.csv"
    result = cli("compare", "--db", batch["db"], *batch["files"], "-f", "csv", "-o", csv_out)
    assert result.code == 0, result
    table = pd.read_csv(csv_out)
    assert len(table) == len(frame) and table["confidence"].dtype.kind == "f"
    from_json = pd.read_json(io.StringIO(json.dumps(batch["records"])))
    assert list(from_json.columns) == list(frame.columns)


def test_second_run_reads_nothing_again(batch):
    pack = load_pack("handbook")
    store = Store(batch["db"])
    try:
        keys, failures, scanned = run(batch["files"], pack, store, jobs=2)
    finally:
        store.close()
    assert scanned == 0 and not failures and len(keys) == len(batch["files"])


def test_rerender_from_the_database_without_the_files(batch, cli, tmp_path):
    copy = tmp_path / "results.sqlite"
    shutil.copy(batch["db"], copy)
    result = cli("compare", "--db", copy, "-f", "json")
    assert result.code == 0, result
    again = json.loads(result.out)
    assert sorted((r["path"], r["practice"], r["status"]) for r in again) == \
        sorted((r["path"], r["practice"], r["status"]) for r in batch["records"])


def test_districts_are_named_from_title_pages(batch):
    names = {Path(r["path"]).name: r["district"] for r in batch["records"]}
    assert names["traditional.pdf"] == "Harbor Valley Unified School District"
    assert names["thin.pdf"].startswith("Lakeshore Heights Public Schools")
    if "rochester_ny_2006-2009_rta_cba.pdf" in names:
        assert names["rochester_ny_2006-2009_rta_cba.pdf"] == "Rochester City School District"


def test_manifest_names_districts(cli, tmp_path):
    manifest = tmp_path / "districts.csv"
    with manifest.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["path", "district", "state", "term"])
        w.writerow([os.path.relpath(SAMPLES / "thin.pdf", tmp_path), "Lakeshore Heights", "MN", "2025-2028"])
        w.writerow([os.path.relpath(SAMPLES / "mou.txt", tmp_path), "Crescent Bay", "CA", "MOU 2025-03"])
    result = cli("compare", "--manifest", manifest, "--db", tmp_path / "db.sqlite", "-f", "json")
    assert result.code == 0, result
    rows = {(r["district"], r["state"], r["term"]) for r in json.loads(result.out)}
    assert rows == {("Lakeshore Heights", "MN", "2025-2028"), ("Crescent Bay", "CA", "MOU 2025-03")}


def test_globs_and_directories(tmp_path):
    (tmp_path / "a").mkdir()
    shutil.copy(SAMPLES / "mou.txt", tmp_path / "a" / "one.txt")
    shutil.copy(SAMPLES / "thin.txt", tmp_path / "two.txt")
    (tmp_path / "a" / "notes.csv").write_text("x")
    files, missing = expand([tmp_path / "a", str(tmp_path / "*.txt"), str(tmp_path / "none-*.pdf")])
    assert sorted(f.name for f in files) == ["one.txt", "two.txt"]
    assert [(m.path, m.reason) for m in missing] == [(str(tmp_path / "none-*.pdf"), "no files match")]


def test_one_bad_file_is_reported_and_the_rest_complete(cli, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really")
    result = cli("compare", SAMPLES / "mou.txt", bad, SAMPLES / "thin.txt", "--db", tmp_path / "db.sqlite",
                 "-f", "json", "-j", "2")
    assert result.code == 4, result
    assert f"{bad}: is not a readable PDF" in result.err
    records = json.loads(result.out)
    assert {Path(r["path"]).name for r in records if r["status"] != "failed"} == {"mou.txt", "thin.txt"}
    assert [(Path(r["path"]).name, r["reason"]) for r in records if r["status"] == "failed"] == \
        [("broken.pdf", "is not a readable PDF" + result.err.split("is not a readable PDF", 1)[1].splitlines()[0])]
    only_bad = cli("compare", bad, "--db", tmp_path / "db2.sqlite")
    assert only_bad.code == 3


def test_html_report_escapes_contract_text(cli, tmp_path):
    contract = tmp_path / "escapes.txt"
    contract.write_text(
        "AGREEMENT between the Testville Unified School District and the Testville Teachers Association\n\n"
        "ARTICLE 1 – WAIVERS\n\n"
        "A. A school may request a waiver of any provision of this Agreement upon a two-thirds vote of its staff "
        "and approval of the joint waiver panel <script>alert('owned')</script> & <b>bold</b>.\n\n"
        "B. Waivers granted under this article last two years.\n")
    out = tmp_path / "report.html"
    result = cli("compare", contract, "--db", tmp_path / "db.sqlite", "-f", "html", "-o", out)
    assert result.code == 0, result
    page = out.read_text()
    assert "<script>alert" not in page and "<b>bold" not in page
    assert "\\u003cscript\\u003ealert('owned')\\u003c/script\\u003e" in page  # only inside the JSON data block
    assert page.count("<script") == 2  # the data block and the report's own script
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page


# Runs `contractlens ARGS...` with a fault hook: the process kills itself (SIGKILL, no clean-up)
# as soon as the store has committed KILL_AFTER documents, so where it stops does not depend on timing.
_KILLED_RUN = """
import os, signal, sys
from contractlens import store
from contractlens.cli import main

limit, saved, save = int(os.environ["KILL_AFTER"]), [], store.Store.save

def save_then_die(self, *args, **kwargs):
    save(self, *args, **kwargs)
    saved.append(1)
    if len(saved) >= limit:
        os.kill(os.getpid(), signal.SIGKILL)

store.Store.save = save_then_die
main(sys.argv[1:])
"""


def test_killed_run_resumes_to_the_same_database(tmp_path, cli):
    """Kill a run after its first documents are stored; running again gives what one run gives.
    Only the killed run needs a process of its own; the resumed and the whole run go in-process."""
    files = [str(f) for f in SAMPLE_FILES] + [str(SAMPLES / "traditional.txt"), str(SAMPLES / "mou.txt")]
    interrupted, whole = tmp_path / "interrupted.sqlite", tmp_path / "whole.sqlite"
    args = ["compare", *files, "-j", "1", "-f", "csv"]
    env = {**os.environ, "KILL_AFTER": "2"}
    killed = subprocess.run([sys.executable, "-c", _KILLED_RUN, *args, "--db", str(interrupted)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    probe = Store(interrupted)
    try:
        assert probe.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    finally:
        probe.close()
    resumed = cli(*args, "--db", interrupted)
    assert resumed.code == 0, resumed
    complete = cli(*args, "--db", whole)
    assert complete.code == 0, complete
    a, b = Store(interrupted), Store(whole)
    try:
        assert b.db.execute("SELECT count(*) FROM documents").fetchone()[0] > 2  # the kill left work to resume
        assert a.dump() == b.dump()
        assert resumed.out == complete.out  # and the CSV a user gets is the same
    finally:
        a.close()
        b.close()


def test_usage_errors(cli, tmp_path):
    assert cli("compare").code == 2
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,name\nx.pdf,X\n")
    result = cli("compare", "--manifest", manifest, "--db", tmp_path / "db.sqlite")
    assert result.code == 2 and "expected a header with path and district" in result.err
    result = cli("compare", SAMPLES / "mou.txt", "--db", tmp_path / "db.sqlite", "-o", SAMPLES / "mou.txt")
    assert result.code == 2 and "would be overwritten" in result.err
