"""Reviews (issue 14): a reviewer's right / wrong / missed on a finding, in a review file keyed by
the unit fingerprint; scan, check and compare apply them and say so, they survive re-pagination
and renumbering, and eval --reviews scores the rules with them as gold.

The fixture is the fictional sample ``thin.txt`` (one page of text). Its scan finds thin_contract
in Article ONE, 101 only (0.88), site_based_management in 4 units (best: Article THREE, 302),
living_contract in 306, joint_problem_solving weak (0.48, in 305.1), and no peer_review_assistance.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import SAMPLES

import contractlens
from contractlens import commands
from contractlens.errors import ConfigError
from contractlens.reviews import add_review, load_reviews, new_review, resolve_unit

THIN = SAMPLES / "thin.txt"


def _review(contract, reviews: Path, practice: str, verdict: str, unit: str | None = None, note: str = ""):
    return commands.review(contract, practice=practice, verdict=verdict, unit=unit, note=note, file=reviews)


@pytest.fixture
def thin(tmp_path) -> Path:
    d = tmp_path / "v1"
    d.mkdir()
    return Path(shutil.copy(THIN, d / "thin.txt"))


@pytest.fixture
def reviewed(thin, tmp_path) -> Path:
    """One review of each verdict, made on the original thin.txt."""
    f = tmp_path / "reviews.yaml"
    _review(thin, f, "thin_contract", "wrong", note="a framework in name only")  # its one unit: 101
    _review(thin, f, "site_based_management", "wrong", "Article THREE, 302")  # one of four units
    _review(thin, f, "peer_review_assistance", "missed", "Article TWO, 203")  # a unit the rules never cite
    _review(thin, f, "living_contract", "right")  # its best evidence: 306
    _review(thin, f, "joint_problem_solving", "right", "Article THREE, 305.1")  # weak: affirmed
    return f


def _by_id(result):
    return {p.id: p for p in result.practices}


def test_each_verdict_changes_the_status_as_recorded(thin, reviewed):
    plain = _by_id(commands.scan([thin]).results[0])
    assert plain["thin_contract"].status == "present" and plain["site_based_management"].units == 4
    assert plain["peer_review_assistance"].status == "not_found" and plain["joint_problem_solving"].status == "weak"

    result = commands.scan([thin], reviews=reviewed, evidence=2).results[0]
    p = _by_id(result)
    # wrong, on the practice's only unit: not found, rejected by review, no evidence left
    assert (p["thin_contract"].status, p["thin_contract"].review, p["thin_contract"].evidence) == \
        ("not_found", "rejected", ())
    # wrong, on one of four units: still present on the others, that unit no longer cited
    sbm = p["site_based_management"]
    assert sbm.status == "present" and sbm.units == 3
    assert all(e.citation != "Article THREE, 302" for e in sbm.evidence) and sbm.evidence
    # missed: present, the reviewed unit is the evidence, quoted from that unit
    par = p["peer_review_assistance"]
    assert (par.status, par.review, par.units) == ("present", "added", 1)
    assert par.evidence[0].citation == "Article TWO, 203"
    assert par.evidence[0].quote.startswith("§203 Dues Deduction The District shall deduct Association dues")
    # right on a present finding: confirmed, its evidence kept
    assert (p["living_contract"].status, p["living_contract"].review) == ("present", "confirmed")
    assert p["living_contract"].evidence[0].citation == plain["living_contract"].evidence[0].citation
    # right on a weak finding: present
    assert (p["joint_problem_solving"].status, p["joint_problem_solving"].review) == ("present", "added")
    # the rest untouched
    assert p["student_achievement_language"] == plain["student_achievement_language"]
    assert [o.outcome for o in result.reviews.outcomes] == ["rejected", "rejected", "added", "confirmed", "added"]
    assert not result.reviews.stale


def test_every_scan_format_says_reviews_were_applied(thin, reviewed, cli):
    table = cli("scan", thin, "--reviews", reviewed)
    assert table.code == 0, table
    assert "rejected by review" in table.out and "added by review" in table.out
    assert f"reviews: 5 review(s) applied from {reviewed}" in table.out
    md = cli("scan", thin, "--reviews", reviewed, "-f", "markdown")
    assert "_(rejected by review)_" in md.out and "5 review(s) applied" in md.out
    (data,) = json.loads(cli("scan", thin, "--reviews", reviewed, "-f", "json").out)["results"]
    assert data["reviews"]["applied"] == 5 and data["reviews"]["stale"] == 0
    assert {p["id"]: p["review"] for p in data["practices"]}["thin_contract"] == "rejected"
    (plain,) = json.loads(cli("scan", thin, "-f", "json").out)["results"]
    assert "reviews" not in plain and "review" not in plain["practices"][0]  # additive: only with --reviews


def _repaginated(thin: Path, tmp_path: Path, *, renumber: bool = False, change: bool = False) -> Path:
    """thin.txt again, same name, with page breaks where the original had none and a blank page
    (and, when asked, §201-§204 renumbered §211-§214 and §306's text changed)."""
    text = THIN.read_text(encoding="utf-8")
    parts = text.split("\n\n")
    for k in (40, 25, 10):  # page breaks between paragraphs, a blank page after the second
        parts.insert(k, "\f" if k != 25 else "\f\f")
    text = "\n\n".join(parts)
    if renumber:
        text = text.replace("\n§20", "\n§21")  # Article TWO's sections: §211-§214
    if change:
        start = text.index("§306")
        text = text[:start] + text[start:].replace("\n\n", "\n\nThis section was rewritten in 2027. ", 1)
    d = tmp_path / "v2"
    d.mkdir(exist_ok=True)
    out = d / "thin.txt"
    out.write_text(text, encoding="utf-8")
    return out


def test_reviews_survive_repagination_and_renumbering(thin, reviewed, tmp_path):
    moved = _repaginated(thin, tmp_path, renumber=True)
    contract = contractlens.segment(moved)
    assert len(contract.pages) == 5 and contract.source.sha256 != contractlens.segment(thin).source.sha256
    result = commands.scan([moved], reviews=reviewed).results[0]
    assert not result.reviews.stale
    p = _by_id(result)
    assert p["thin_contract"].review == "rejected"
    par = p["peer_review_assistance"].evidence[0]
    assert (par.citation, p["peer_review_assistance"].status) == ("Article TWO, 213", "present")
    assert par.page > 1  # the page moved with the breaks; the review followed the unit
    assert p["living_contract"].review == "confirmed" and p["joint_problem_solving"].review == "added"


def test_reviews_of_the_text_apply_to_the_pdf_of_it(thin, reviewed, tmp_path):
    """The same agreement typeset on 10 PDF pages, with running headers and printed page numbers:
    the reviews made on the one-page text apply once the file is named (edited by hand)."""
    edited = tmp_path / "pdf-reviews.yaml"
    text = reviewed.read_text(encoding="utf-8").replace("file: thin.txt", "file: thin.pdf")
    edited.write_text("\n".join(line for line in text.splitlines() if "sha256:" not in line) + "\n")
    pdf = Path(shutil.copy(SAMPLES / "thin.pdf", thin.parent / "thin.pdf"))
    result = commands.scan([pdf], reviews=edited).results[0]
    assert result.pages == 10 and not result.reviews.stale and len(result.reviews.applied) == 5
    p = _by_id(result)
    assert [p[k].review for k in ("thin_contract", "peer_review_assistance", "living_contract")] == \
        ["rejected", "added", "confirmed"]
    assert p["peer_review_assistance"].evidence[0].page > 1


def test_a_deeply_nested_review_file_is_a_config_error(tmp_path, cli, thin):
    f = tmp_path / "deep.yaml"
    f.write_text("[" * 100_000 + "]" * 100_000)
    out = cli("scan", thin, "--reviews", f)
    assert out.code == 2 and out.err.count("\n") == 1 and str(f) in out.err, out


def test_a_review_whose_unit_is_gone_is_reported_stale(thin, reviewed, tmp_path, cli):
    changed = _repaginated(thin, tmp_path, change=True)
    result = commands.scan([changed], reviews=reviewed).results[0]
    [stale] = result.reviews.stale
    assert stale.review.practice == "living_contract" and stale.review.citation == "Article THREE, 306"
    assert "Article THREE, 306 is no longer in" in stale.detail
    assert _by_id(result)["living_contract"].review == ""  # not applied: the rules' own finding stands
    out = cli("scan", changed, "--reviews", reviewed)
    assert f"stale review ({reviewed}:{stale.review.line}): living_contract right at Article THREE, 306: " \
           "Article THREE, 306 is no longer in" in out.out
    assert "1 stale" in out.out
    assert json.loads(cli("scan", changed, "--reviews", reviewed, "-f", "json").out)["results"][0]["reviews"]["stale"] == 1


def test_check_applies_reviews_and_says_so(thin, reviewed, tmp_path, cli):
    policy = tmp_path / "policy.yaml"
    policy.write_text("pack: handbook\nrequire:\n  - thin_contract\n  - peer_review_assistance\n")
    before = cli("check", thin, "--policy", policy)
    assert before.code == 1 and "require: peer_review_assistance" in before.out
    after = cli("check", thin, "--policy", policy, "--reviews", reviewed)
    assert after.code == 1  # thin_contract was rejected; peer review was added
    assert "require: thin_contract" in after.out and "require: peer_review_assistance" not in after.out
    assert "reviews: 5 review(s) applied" in after.out
    data = json.loads(cli("check", thin, "--policy", policy, "--reviews", reviewed, "-f", "json").out)
    assert data["results"][0]["reviews"]["applied"] == 5
    assert "reviews" not in json.loads(cli("check", thin, "--policy", policy, "-f", "json").out)["results"][0]
    sarif = json.loads(cli("check", thin, "--policy", policy, "--reviews", reviewed, "-f", "sarif").out)
    assert "5 review(s) applied" in sarif["runs"][0]["properties"]["reviews"][0]["summary"]
    assert "::notice title=contractlens reviews::" in cli("check", thin, "--policy", policy, "--reviews", reviewed,
                                                           "-f", "github").out
    assert 'name="reviews"' in cli("check", thin, "--policy", policy, "--reviews", reviewed, "-f", "junit").out


def test_compare_applies_reviews_to_the_matrix(thin, reviewed, tmp_path, cli):
    db = tmp_path / "results.sqlite"
    csv_out = cli("compare", thin, "--db", db, "--reviews", reviewed, "-f", "csv")
    assert csv_out.code == 0, csv_out
    import csv
    import io
    rows = {r["practice"]: r for r in csv.DictReader(io.StringIO(csv_out.out))}
    assert (rows["thin_contract"]["status"], rows["thin_contract"]["review"]) == ("not_found", "rejected")
    assert (rows["peer_review_assistance"]["status"], rows["peer_review_assistance"]["review"]) == ("present", "added")
    assert rows["peer_review_assistance"]["evidence_citation"] == "Article TWO, 203"
    table = cli("compare", thin, "--db", db, "--reviews", reviewed)
    assert f"reviews applied from {reviewed}" in table.out and "thin_contract rejected" in table.out
    records = json.loads(cli("compare", "--db", db, "--reviews", reviewed, "-f", "json").out)  # from the store
    assert {r["practice"]: r["review"] for r in records}["living_contract"] == "confirmed"
    html = cli("compare", thin, "--db", db, "--reviews", reviewed, "-f", "html")
    assert f'<p class="reviews">Reviews applied from {reviewed}: 5 review(s)</p>' in html.out
    plain = cli("compare", thin, "--db", db, "-f", "csv")
    assert "review" not in plain.out.splitlines()[0].split(",")  # the store keeps the rules' own findings
    two = cli("compare", thin, SAMPLES / "mou.txt", "--db", db, "--reviews", reviewed, "-f", "json")
    mou = [r for r in json.loads(two.out) if r["path"].endswith("mou.txt")]
    assert mou and all(r["review"] == "" for r in mou)  # another contract: no review of it, none applied
    stale = cli("compare", _repaginated(thin, tmp_path, change=True), "--db", db, "--reviews", reviewed, "-f", "csv")
    assert "stale review" in stale.err and "living_contract right" in stale.err


@pytest.mark.parametrize("entry, line, problem", [
    ("verdict: maybe", 9, "expected one of right, wrong, missed"),
    ("verdict: wrong\n    practice2: x", 10, "unknown key 'practice2'"),
    ("verdict: missed\n    colour: red", 10, "unknown key 'colour'"),
    ("verdict: wrong\n    unit: 12ab", 10, "expected a unit fingerprint"),
])
def test_a_bad_review_file_is_one_line_with_file_and_line_and_exit_2(thin, tmp_path, cli, entry, line, problem):
    bad = tmp_path / "bad.yaml"
    bad.write_text("# reviews\nversion: 1\nreviews:\n  - file: thin.txt\n    practice: thin_contract\n"
                   "    verdict: right\n  - file: thin.txt\n    practice: living_contract\n    " + entry + "\n")
    before = bad.read_bytes()
    for args in (("scan", thin, "--reviews", bad), ("review", thin, "--practice", "thin_contract", "--right",
                                                     "--file", bad)):
        out = cli(*args)
        assert out.code == 2, out
        assert out.err.count("\n") == 1 and out.err.startswith(f"contractlens: error: {bad}:{line}: ")
        assert problem in out.err
    assert bad.read_bytes() == before  # the review command did not touch it


def test_review_file_errors_name_the_line(tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text("version: 2\nreviews: []\n")
    with pytest.raises(ConfigError, match=r"r.yaml:1: field 'version': unsupported version 2"):
        load_reviews(f)
    f.write_text("version: 1\nreviews:\n  - file: a.pdf\n    practice: nope\n    verdict: right\n")
    with pytest.raises(ConfigError, match=r"r.yaml:4: .*not a practice of rule pack handbook"):
        load_reviews(f, {"thin_contract"}, "handbook")
    f.write_text("version: 1\nreviews:\n  - file: a.pdf\n    practice: x\n    verdict: missed\n")
    with pytest.raises(ConfigError, match=r"r.yaml:5: .*a missed finding needs the unit"):
        load_reviews(f)
    f.write_text("version: 1\nreviews:\n  - {file: a.pdf, practice: x, verdict: right}\n"
                 "  - {file: a.pdf, practice: x, verdict: wrong}\n")
    with pytest.raises(ConfigError, match=r"r.yaml:4: .*the same finding as line 3"):
        load_reviews(f)


def test_eval_reviews_scores_the_rules_on_the_reviews(thin, tmp_path, cli):
    f = tmp_path / "gold.yaml"
    _review(thin, f, "thin_contract", "right", "Article ONE, 101")  # the rules find it there: TP
    _review(thin, f, "site_based_management", "wrong", "Article THREE, 302")  # they find it: FP
    _review(thin, f, "peer_review_assistance", "missed", "Article TWO, 203")  # they do not: FN
    _review(thin, f, "waivers_overrides", "wrong", "Article ONE, 101")  # they do not find it: right not to
    _review(thin, f, "joint_problem_solving", "right", "Article THREE, 305.1")  # weak, below threshold: FN
    out = cli("eval", "--reviews", f, thin, "-f", "json")
    assert out.code == 0, out
    data = json.loads(out.out)
    assert data["clauses"] == 5
    assert (data["micro"]["precision"], round(data["micro"]["recall"], 4)) == (0.5, 0.3333)  # TP 1, FP 1, FN 2
    by = {p["id"]: p for p in data["practices"]}
    assert (by["thin_contract"]["tp"], by["thin_contract"]["precision"], by["thin_contract"]["recall"]) == (1, 1.0, 1.0)
    assert (by["site_based_management"]["fp"], by["site_based_management"]["tp"]) == (1, 0)
    assert (by["peer_review_assistance"]["fn"], by["joint_problem_solving"]["fn"]) == (1, 1)
    assert (by["waivers_overrides"]["fp"], by["waivers_overrides"]["predicted"]) == (0, 0)
    assert data["ordinary"] == {"clauses": 2, "flagged": 1, "false_positive_rate": 0.5}
    assert data["reviews"]["counts"] == {"right": 2, "wrong": 2, "missed": 1}
    per = json.loads(cli("eval", "--reviews", f, thin, SAMPLES / "mou.txt", "--by", "district", "-f", "json").out)
    assert list(per["groups"]) == ["thin.txt"] and per["groups"]["thin.txt"]["micro"] == data["micro"]
    assert per["reviews"]["unreviewed"] == [str(SAMPLES / "mou.txt")]
    table = cli("eval", "--reviews", f, thin)
    assert "5 reviewed findings" in table.out and "micro P 0.500  R 0.333" in table.out
    # a re-paginated copy is scored the same; a changed unit is stale and not scored
    moved = json.loads(cli("eval", "--reviews", f, _repaginated(thin, tmp_path), "-f", "json").out)
    assert moved["micro"] == data["micro"]
    changed = tmp_path / "v3"
    changed.mkdir()
    text = THIN.read_text(encoding="utf-8").replace("§101 Framework Agreement\n\nThis Agreement",
                                                    "§101 Framework Agreement\n\nFrom 2027 this Agreement")
    (changed / "thin.txt").write_text(text, encoding="utf-8")
    stale = json.loads(cli("eval", "--reviews", f, changed / "thin.txt", "-f", "json").out)
    assert stale["clauses"] == 3 and len(stale["reviews"]["stale"]) == 2


def test_review_command_round_trip_keeps_every_other_line(thin, tmp_path, cli):
    f = tmp_path / "reviews.yaml"
    original = ("# Our reviews of the 2025 agreements -- keep this comment\n"
                "version: 1\n"
                "reviews:\n"
                "  # Harbor Valley, reviewed by hand\n"
                "  - file: traditional.pdf\n"
                "    practice: joint_problem_solving\n"
                "    verdict: right   # the monthly committee\n"
                "    note: |\n"
                "      Article 7 sets it up.\n"
                "  - file: thin.txt\n"
                "    practice: thin_contract\n"
                "    verdict: right\n"
                "# trailing comment\n")
    f.write_text(original)
    added = cli("review", thin, "--practice", "living_contract", "--wrong", "--unit", "Article THREE, 306",
                "--file", f, "--note", "only a reopener: it is not a living contract", "--reviewer", "ana")
    assert added.code == 0, added
    assert "added in" in added.out
    text = f.read_text()
    kept = [line for line in original.splitlines() if line]
    assert all(line in text.splitlines() for line in kept)  # nothing of the user's lost
    reviews = load_reviews(f).reviews
    assert [(r.practice, r.verdict) for r in reviews] == [("joint_problem_solving", "right"),
                                                          ("thin_contract", "right"), ("living_contract", "wrong")]
    assert reviews[0].note == "Article 7 sets it up."
    assert reviews[2].note == "only a reopener: it is not a living contract" and reviews[2].reviewer == "ana"
    # the same finding again: its entry is updated, not added twice
    again = cli("review", thin, "--practice", "living_contract", "--right", "--unit", "Article THREE, 306",
                "--file", f)
    assert again.code == 0 and "updated its entry" in again.out
    reviews = load_reviews(f).reviews
    assert len(reviews) == 3 and reviews[2].verdict == "right" and reviews[2].note == ""
    assert all(line in f.read_text().splitlines() for line in kept)
    listed = cli("review", thin, "--list", "--file", f)
    assert "2 review(s) of" in listed.out and "living_contract right at Article THREE, 306" in listed.out
    assert "traditional.pdf" not in listed.out  # another contract's review is not listed
    # the review applies: marked right, living_contract is confirmed
    assert _by_id(commands.scan([thin], reviews=f).results[0])["living_contract"].review == "confirmed"


def test_review_into_an_empty_list_and_a_missing_unit(thin, tmp_path, cli):
    f = tmp_path / "r.yaml"
    f.write_text("version: 1  # format\nreviews: []\n")
    assert cli("review", thin, "--practice", "thin_contract", "--right", "--file", f).code == 0
    assert "version: 1  # format" in f.read_text()
    [r] = load_reviews(f).reviews
    assert (r.citation, r.sha256) == ("Article ONE, 101", contractlens.segment(thin).source.sha256)
    out = cli("review", thin, "--practice", "thin_contract", "--missed", "--unit", "Article NINE, 999", "--file", f)
    assert out.code == 2 and "no such unit" in out.err and out.err.count("\n") == 1
    assert cli("review", thin, "--practice", "thin_contract", "--missed", "--file", f).code == 2  # needs --unit
    assert cli("review", thin, "--practice", "thin_contract", "--file", f).code == 2  # no verdict
    assert len(load_reviews(f).reviews) == 1


def test_unit_resolution_by_citation_id_and_fingerprint(thin):
    contract = contractlens.segment(thin)
    u = resolve_unit(contract, "article two, 203")
    assert u.id.endswith("203")
    r = new_review(contract, "peer_review_assistance", "missed", u)
    assert resolve_unit(contract, r.unit) == u and resolve_unit(contract, u.id) == u
    with pytest.raises(ConfigError, match="did you mean"):
        resolve_unit(contract, "Article TWO, 2033")


def test_add_review_refuses_a_file_it_cannot_read_back(thin, tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text("version: 1\nreviews:\n  - file: a.pdf\n    practice: x\n    verdict: wrong\n")
    r = new_review(contractlens.segment(thin), "thin_contract", "right", None)
    written, replaced = add_review(f, r)
    assert not replaced and len(written.reviews) == 2 and written.reviews[1].unit is None
    assert f.read_text().startswith("version: 1\nreviews:\n  - file: a.pdf\n    practice: x\n    verdict: wrong\n")


def test_review_entries_written_as_flow_mappings_are_edited_too(thin, tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text("version: 1\nreviews:\n  - {file: a.pdf, practice: x, verdict: right}  # by hand\n"
                 "  - {file: thin.txt, practice: thin_contract, verdict: right}\n")
    contract = contractlens.segment(thin)
    _, replaced = add_review(f, replace(new_review(contract, "thin_contract", "wrong", None), sha256=""))
    assert replaced
    add_review(f, new_review(contract, "living_contract", "missed", resolve_unit(contract, "Article THREE, 306")))
    reviews = load_reviews(f).reviews
    assert [(r.practice, r.verdict) for r in reviews] == [("x", "right"), ("thin_contract", "wrong"),
                                                          ("living_contract", "missed")]
    assert "  - {file: a.pdf, practice: x, verdict: right}  # by hand\n" in f.read_text()


def test_the_readme_format_example_is_a_valid_review_file():
    from conftest import REPO
    from contractlens.reviews import parse_reviews

    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text[text.index("# contractlens-reviews.yaml"):]
    [r] = parse_reviews(block[:block.index("```")], Path("README.md"), {"peer_review_assistance"}).reviews
    assert (r.practice, r.verdict, r.unit, r.citation) == ("peer_review_assistance", "wrong", "67fc5cd065fe7950",
                                                           "Article XIII, 13.5")
