"""`run_check` on hand-built drafts and scans: what each policy rule reports, where it points,
which suppressions and baseline entries silence it, and fingerprints that survive re-pagination."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from contractlens.check import BaselineEntry, read_baseline, run_check, source_lines, write_baseline
from contractlens.diff import unit_fingerprints
from contractlens.errors import ConfigError
from contractlens.models import Evidence, PracticeResult, ScanResult
from contractlens.model import Policy, Requirement, Suppression
from contractlens.rules import load_pack
from outline_builder import outline

PACK = load_pack("handbook")
WAIVERS, PAR, IBB = "waivers_overrides", "peer_review_assistance", "interest_based_bargaining"
OLD = [
    ("1", "RECOGNITION", [("1.1", "", "The Board recognizes the Association as the bargaining agent.")]),
    ("2", "PEER REVIEW", [("2.1", "Panel", "A joint panel of teachers and administrators reviews new teachers.")]),
    ("3", "WAIVERS", [("3.1", "", "A school may ask for a waiver after a vote of its staff.")]),
]
NEW = [OLD[0], ("2", "WAIVERS", OLD[2][2])]  # peer review removed, waivers renumbered


def scan(contract, found: dict) -> ScanResult:
    """found: practice id -> (status, confidence, unit id or None)."""
    by_id = {u.id: u for u in contract.units}
    practices = []
    for rule in PACK.rules:
        status, conf, unit = found.get(rule.id, ("not_found", 0.0, None))
        evidence = ()
        if conf:
            u = by_id.get(unit)
            evidence = (Evidence(unit, f"Art. {unit}" if u else "", "", u.page_start if u else 0,
                                 f"p{u.page_start}" if u else None, "q",
                                 u.start if u else 0, u.end if u else 0, conf, ("s",)),)
        practices.append(PracticeResult(rule.id, rule.name, rule.area, PACK.area_name(rule.area), status, conf,
                                        1 if status == "present" else 0, evidence))
    return ScanResult(contract.source, PACK.name, PACK.title, PACK.version, len(contract.pages),
                      len(contract.units), 1.0, tuple(practices))


def policy(**kw) -> Policy:
    return Policy("policy.yaml", "handbook", **kw)


def threshold(pid):
    return PACK.rule(pid).threshold


def test_require_passes_at_the_rules_threshold_and_fails_below():
    draft = outline(OLD)
    need = threshold(WAIVERS)
    at = run_check(policy(require=(Requirement(WAIVERS, None),)), PACK, draft,
                   scan(draft, {WAIVERS: ("present", need, "3/3.1")}))
    assert at.passed and at.violations == () and at.checked == (f"require {WAIVERS}",)
    weak = run_check(policy(require=(Requirement(WAIVERS, None),)), PACK, draft,
                     scan(draft, {WAIVERS: ("weak", need - 0.01, "3/3.1")}))
    (v,) = weak.violations
    assert not weak.passed and (v.rule, v.practice, v.area) == ("require", WAIVERS, None)
    assert v.message == (f"{PACK.rule(WAIVERS).name} must be present at confidence {need:.2f} or more; "
                         f"found only at confidence {need - 0.01:.2f} (best: Art. 3/3.1, p. 3)")
    assert (v.location.file, v.location.page, v.location.unit_id) == ("draft.pdf", 3, "3/3.1")
    assert v.location.unit_fingerprint == unit_fingerprints(draft)["3/3.1"]
    assert v.title == f"require: {WAIVERS}"


def test_require_at_a_confidence_of_the_policys_own():
    draft = outline(OLD)
    found = scan(draft, {WAIVERS: ("present", 0.65, "3/3.1")})
    assert run_check(policy(require=(Requirement(WAIVERS, 0.65),)), PACK, draft, found).passed
    (v,) = run_check(policy(require=(Requirement(WAIVERS, 0.66),)), PACK, draft, found).violations
    assert "at confidence 0.66 or more; found only at confidence 0.65" in v.message
    # present is not enough: a weak finding fails even above the policy's number
    weak = scan(draft, {WAIVERS: ("weak", 0.9, "3/3.1")})
    assert not run_check(policy(require=(Requirement(WAIVERS, 0.5),)), PACK, draft, weak).passed


def test_require_not_found_points_at_the_file():
    draft = outline(OLD)
    (v,) = run_check(policy(require=(Requirement(IBB, None),)), PACK, draft, scan(draft, {})).violations
    assert v.message.endswith("; not found") and "best:" not in v.message
    assert v.location == type(v.location)("draft.pdf")
    # document-level evidence (no unit) names no place either
    doc = scan(draft, {IBB: ("weak", 0.2, None)})
    (v,) = run_check(policy(require=(Requirement(IBB, None),)), PACK, draft, doc).violations
    assert v.location.unit_id is None and v.location.page is None and "best:" not in v.message


def test_require_fingerprint_is_the_same_wherever_the_evidence_is():
    a, b = outline(OLD), outline(OLD, first_page=9)
    pol = policy(require=(Requirement(IBB, None),))
    va = run_check(pol, PACK, a, scan(a, {IBB: ("weak", 0.2, "1/1.1")})).violations[0]
    vb = run_check(pol, PACK, b, scan(b, {IBB: ("weak", 0.3, "3/3.1")})).violations[0]
    vc = run_check(policy(require=(Requirement(WAIVERS, None),)), PACK, a, scan(a, {})).violations[0]
    assert va.fingerprint == vb.fingerprint != vc.fingerprint and len(va.fingerprint) == 16


def _keep(keep, old=OLD, new=NEW, first_page=1, **kw):
    o, n = outline(old, "old.pdf"), outline(new, "new.pdf", first_page=first_page)
    return run_check(policy(keep=keep, **kw), PACK, n, scan(n, {WAIVERS: ("present", 0.9, "2/3.1")}), o,
                     scan(o, {PAR: ("present", 0.9, "2/2.1"), WAIVERS: ("present", 0.9, "3/3.1")}))


def test_keep_reports_a_lost_practice_where_it_was():
    result = _keep("all")
    (v,) = result.violations
    assert (v.rule, v.practice) == ("keep", PAR) and v.related == ()
    assert (v.location.file, v.location.unit_id, v.location.page) == ("old.pdf", "2/2.1", 2)
    assert v.message == (f"{PACK.rule(PAR).name} was in the previous version (Art. 2/2.1, p. 2) "
                         "and is missing from this draft; that unit was removed")
    assert result.checked == tuple(f"keep {r.id}" for r in PACK.rules)
    assert result.diff is not None and [p.practice for p in result.diff.lost] == [PAR]


def test_keep_names_the_unit_that_replaced_it():
    reworded = [OLD[0], ("2", "PEER REVIEW", [("2.1", "Panel", "Teachers review one another once a year.")]),
                OLD[2]]
    o, n = outline(OLD, "old.pdf"), outline(reworded, "new.pdf", first_page=4)
    result = run_check(policy(keep=(PAR,)), PACK, n, scan(n, {}), o, scan(o, {PAR: ("present", 0.9, "2/2.1")}))
    (v,) = result.violations
    (rel,) = v.related
    assert (rel.file, rel.unit_id, rel.page, rel.printed_page, rel.citation) == ("new.pdf", "2/2.1", 5, "5",
                                                                                 "Article 2, 2.1")
    assert rel.unit_fingerprint == unit_fingerprints(n)["2/2.1"] != v.location.unit_fingerprint
    assert v.message.endswith("; that unit is now Article 2, 2.1")
    assert result.checked == (f"keep {PAR}",)


def test_keep_lists_only_what_it_names_and_needs_a_previous_version():
    assert _keep((WAIVERS,)).passed and _keep(()).passed
    draft = outline(NEW)
    alone = run_check(policy(keep="all"), PACK, draft, scan(draft, {}))
    assert alone.passed and alone.diff is None and alone.checked == ()


def test_keep_fingerprint_follows_the_unit_not_the_page():
    a = _keep("all").violations[0]
    b = _keep("all", first_page=7).violations[0]
    assert a.fingerprint == b.fingerprint
    other = [OLD[0], ("2", "PEER REVIEW", [("2.1", "Panel", "Mentors coach new teachers.")]), OLD[2]]
    c = _keep("all", old=other).violations[0]
    assert c.fingerprint != a.fingerprint


def test_min_per_area():
    draft = outline(OLD)
    found = scan(draft, {WAIVERS: ("present", 0.9, "3/3.1"), IBB: ("weak", 0.4, "1/1.1")})
    area = PACK.rule(WAIVERS).area
    assert run_check(policy(min_per_area=((area, 1),)), PACK, draft, found).passed
    result = run_check(policy(min_per_area=((area, 2),)), PACK, draft, found)
    (v,) = result.violations
    assert (v.rule, v.practice, v.area) == ("min_per_area", None, area) and v.title == f"min_per_area: {area}"
    assert v.message == f"{PACK.area_name(area)}: 1 practice(s) present, the policy requires 2"
    assert v.location.unit_id is None and result.checked == (f"min_per_area {area}",)


def test_length_limits():
    draft = outline(OLD)  # 3 pages of articles; words counted over the articles
    words = len(draft.text.split())
    found = scan(draft, {})
    assert run_check(policy(max_pages=3, max_words=words), PACK, draft, found).passed
    result = run_check(policy(max_pages=2, max_words=words - 1), PACK, draft, found)
    assert [(v.rule, v.title) for v in result.violations] == [("max_pages", "max_pages: length"),
                                                               ("max_words", "max_words: length")]
    assert result.violations[0].message == "the agreement proper runs 3 pages; the policy allows 2"
    assert result.violations[1].message == f"the agreement proper runs {words} words; the policy allows {words - 1}"
    assert result.checked == ("max_pages", "max_words")
    assert run_check(policy(), PACK, draft, found).checked == ()


def test_suppressions_by_practice_area_and_unit():
    draft = outline(OLD)
    found = scan(draft, {IBB: ("weak", 0.3, "1/1.1"), WAIVERS: ("weak", 0.3, "3/3.1")})
    fp = unit_fingerprints(draft)
    base = dict(require=(Requirement(IBB, None), Requirement(WAIVERS, None)), min_per_area=(("partnering", 1),))

    def check(*suppressions):
        return run_check(policy(suppressions=suppressions, **base), PACK, draft, found)

    assert [v.title for v in check().violations] == [f"require: {IBB}", f"require: {WAIVERS}",
                                                     "min_per_area: partnering"]
    by_practice = check(Suppression("require", "later", practice=IBB))
    assert [v.practice for v, _ in by_practice.suppressed] == [IBB] and len(by_practice.violations) == 2
    assert by_practice.stale == ()
    by_rule = check(Suppression("require", "all of them"))  # no practice: every require
    assert [v.practice for v, _ in by_rule.suppressed] == [IBB, WAIVERS]
    by_area = check(Suppression("min_per_area", "fine", area="partnering"),
                    Suppression("min_per_area", "other", area="devolution"))
    assert [v.area for v, _ in by_area.suppressed] == ["partnering"]
    assert [s.area for s in by_area.stale] == ["devolution"]
    by_unit = check(Suppression("require", "here only", unit=fp["3/3.1"]),
                    Suppression("require", "not here", practice=IBB, unit=fp["2/2.1"]))
    assert [(v.practice, s.reason) for v, s in by_unit.suppressed] == [(WAIVERS, "here only")]
    assert [s.reason for s in by_unit.stale] == ["not here"]
    wrong_rule = check(Suppression("keep", "no", practice=IBB))
    assert len(wrong_rule.violations) == 3 and len(wrong_rule.stale) == 1


def test_a_suppression_may_match_the_related_unit():
    reworded = [OLD[0], ("2", "PEER REVIEW", [("2.1", "Panel", "Teachers review one another once a year.")]),
                OLD[2]]
    o, n = outline(OLD, "old.pdf"), outline(reworded, "new.pdf")
    new_unit = unit_fingerprints(n)["2/2.1"]
    result = run_check(policy(keep=(PAR,), suppressions=(Suppression("keep", "moved", unit=new_unit),)), PACK,
                       n, scan(n, {}), o, scan(o, {PAR: ("present", 0.9, "2/2.1")}))
    assert result.passed and len(result.suppressed) == 1


def test_baseline_entries_match_by_fingerprint_only():
    draft = outline(OLD)
    pol = policy(require=(Requirement(IBB, None), Requirement(WAIVERS, None)))
    found = scan(draft, {})
    first = run_check(pol, PACK, draft, found)
    v_ibb = first.violations[0]
    exact = BaselineEntry("require", "accepted", practice=IBB, fingerprint=v_ibb.fingerprint)
    result = run_check(pol, PACK, draft, found, baseline=[exact])
    assert [v.practice for v, _ in result.suppressed] == [IBB] and [v.practice for v in result.violations] == [WAIVERS]
    # a fingerprint that is not the violation's silences nothing, whatever its practice says
    wrong = BaselineEntry("require", "accepted", practice=IBB, fingerprint="0" * 16)
    result = run_check(pol, PACK, draft, found, baseline=[wrong])
    assert len(result.violations) == 2 and result.stale == (wrong,)
    # policy suppressions come before baseline entries
    own = Suppression("require", "policy says", practice=IBB)
    result = run_check(replace(pol, suppressions=(own,)), PACK, draft, found, baseline=[exact])
    assert [s.reason for _, s in result.suppressed] == ["policy says"] and result.stale == (exact,)


def test_baseline_file_round_trip(tmp_path):
    pol = policy(require=(Requirement(IBB, None),), keep="all")
    o, n = outline(OLD, "old.pdf"), outline(NEW, "new.pdf")
    result = run_check(pol, PACK, n, scan(n, {IBB: ("weak", 0.3, "1/1.1")}), o,
                       scan(o, {PAR: ("present", 0.9, "2/2.1")}))
    path = tmp_path / "baseline.json"
    assert write_baseline(path, result, "next round") == 2
    data = json.loads(path.read_text())
    assert data["schema_version"] == "1.0" and data["policy"] == "policy.yaml"
    assert data["tool"].startswith("contractlens ") and data["created"].endswith("+00:00")
    assert [(e["rule"], e["practice"], e["reason"]) for e in data["entries"]] == [
        ("require", IBB, "next round"), ("keep", PAR, "next round")]
    assert data["entries"][0]["unit"] == unit_fingerprints(n)["1/1.1"]
    assert data["entries"][1]["message"] == result.violations[1].message
    entries = read_baseline(path)
    assert [(e.rule, e.practice, e.reason, e.fingerprint, e.unit) for e in entries] == [
        (v.rule, v.practice, "next round", v.fingerprint, v.location.unit_fingerprint) for v in result.violations]
    again = run_check(pol, PACK, n, scan(n, {IBB: ("weak", 0.3, "1/1.1")}), o,
                      scan(o, {PAR: ("present", 0.9, "2/2.1")}), baseline=entries)
    assert again.passed and again.stale == () and len(again.suppressed) == 2


def test_baseline_reason_defaults(tmp_path):
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"entries": [{"rule": "require", "fingerprint": "f" * 16, "reason": ""},
                                            {"rule": "keep", "fingerprint": "e" * 16, "area": "x"}]}))
    a, b = read_baseline(path)
    assert (a.reason, a.practice, a.unit, a.area) == ("baseline", None, None, None)
    assert (b.rule, b.reason, b.area, b.fingerprint) == ("keep", "baseline", "x", "e" * 16)


@pytest.mark.parametrize("content,problem", [
    ("{}", "is not a contractlens baseline file (KeyError"),
    ("[1, 2]", "is not a contractlens baseline file (TypeError"),
    ("not json", "is not a contractlens baseline file (JSONDecodeError"),
    ('{"entries": [{"rule": "keep"}]}', "is not a contractlens baseline file (KeyError"),
])
def test_bad_baseline_files(tmp_path, content, problem):
    path = tmp_path / "b.json"
    path.write_text(content)
    with pytest.raises(ConfigError) as err:
        read_baseline(path)
    assert problem in str(err.value) and str(path) in str(err.value)


def test_missing_baseline_files(tmp_path):
    with pytest.raises(ConfigError, match="no such baseline file"):
        read_baseline(tmp_path / "none.json")
    with pytest.raises(ConfigError, match="is not a file"):
        read_baseline(tmp_path)


def _read(path):
    from contractlens.ingest import read_document
    from contractlens.structure import build_contract
    return build_contract(read_document(path))


def test_source_lines_of_a_markdown_draft_come_from_ingest(tmp_path):
    md = tmp_path / "draft.md"
    md.write_text("# AGREEMENT\n\n## ARTICLE 1 RECOGNITION\n\n1.1 The Board recognizes the Association as the "
                  "bargaining agent.\n\n## ARTICLE 2 **WAIVERS**\n\n2.1 A school may ask.\n", encoding="utf-8")
    contract = _read(md)
    lines = {"article-1": 3, "article-1/1.1": 5, "article-2": 7, "article-2/2.1": 9}
    assert source_lines(contract) == lines
    md.unlink()  # nothing reads the file again
    assert source_lines(contract) == lines
    built = outline([("1", "RECOGNITION", [])], name=md, fmt="markdown")  # units made by hand carry no line
    assert source_lines(built) == {}


def test_a_markdown_violation_names_its_line(tmp_path):
    md = tmp_path / "draft.md"
    md.write_text("ARTICLE 1 RECOGNITION\n\n1.1 The Board recognizes it.\n\nARTICLE 2 WAIVERS\n\n2.1 A school may ask.\n",
                  encoding="utf-8")
    draft = _read(md)
    (v,) = run_check(policy(require=(Requirement(IBB, None),)), PACK, draft,
                     scan(draft, {IBB: ("weak", 0.3, "article-1/1.1")})).violations
    assert v.location.line == 3


def test_fingerprints_are_part_of_the_baseline_format():
    """Baselines are committed next to drafts: a later release must compute the same
    fingerprints, or every accepted violation comes back. Change these only with a new
    baseline schema_version."""
    o, n = outline(OLD, "old.pdf"), outline(NEW, "new.pdf")
    result = run_check(policy(require=(Requirement(IBB, None),), keep="all", min_per_area=(("partnering", 1),),
                              max_pages=1), PACK, n, scan(n, {}), o, scan(o, {PAR: ("present", 0.9, "2/2.1")}))
    assert [(v.rule, v.fingerprint) for v in result.violations] == [
        ("require", "3fe62d7eefe654c6"), ("keep", "bdecac6e7265e89a"), ("min_per_area", "f0f68a7bb9d305fc"),
        ("max_pages", "9a8fb481ffc7c568")]
    assert unit_fingerprints(o) == {"1": "23cb684696286406", "1/1.1": "3717952809cb3c24", "2": "5d32e4ef3977bcc9",
                                    "2/2.1": "17900be285a53dd0", "3": "045b168d87b66eae", "3/3.1": "a245040df3dc86ce"}
    assert result.draft.source.path == "new.pdf" and result.previous.source.path == "old.pdf"
    assert [v.location.file for v in result.violations] == ["new.pdf", "old.pdf", "new.pdf", "new.pdf"]


def test_every_requirement_is_checked_in_turn():
    draft = outline(OLD)
    found = scan(draft, {WAIVERS: ("present", 0.9, "3/3.1")})
    result = run_check(policy(require=(Requirement(WAIVERS, None), Requirement(IBB, None))), PACK, draft, found)
    assert [v.practice for v in result.violations] == [IBB]
    (v,) = run_check(policy(require=(Requirement(IBB, None),)), PACK, draft,
                     scan(draft, {IBB: ("weak", 0.3, "3/3.1")})).violations
    assert (v.location.printed_page, v.location.citation) == ("p3", "Art. 3/3.1")
    words_only = run_check(policy(max_words=1), PACK, draft, found)
    assert [v.rule for v in words_only.violations] == ["max_words"] and words_only.checked == ("max_words",)


def test_an_agreement_without_articles_has_no_length():
    empty = outline([])
    result = run_check(policy(max_pages=1, max_words=1), PACK, empty, scan(empty, {}))
    assert result.passed and result.checked == ("max_pages", "max_words")


def test_a_previous_version_needs_its_scan():
    o, n = outline(OLD, "old.pdf"), outline(NEW, "new.pdf")
    result = run_check(policy(keep="all"), PACK, n, scan(n, {}), o, None)
    assert result.diff is None and result.checked == ()


def test_keep_of_a_practice_known_only_from_the_whole_agreement():
    o, n = outline(OLD, "old.pdf"), outline(NEW, "new.pdf")
    (v,) = run_check(policy(keep=(PAR,)), PACK, n, scan(n, {}), o, scan(o, {PAR: ("present", 0.9, None)})).violations
    assert v.message == (f"{PACK.rule(PAR).name} was in the previous version (the old version) "
                         "and is missing from this draft; that unit was removed")
    assert v.location.unit_id is None


def test_related_location_names_the_line_of_a_markdown_draft(tmp_path):
    old_md, new_md = tmp_path / "old.md", tmp_path / "new.md"
    rest = "\n\nARTICLE 2 WAIVERS\n\n2.1 A school may ask.\n"
    old_md.write_text("ARTICLE 1 PEER REVIEW\n\n1.1 Panel. Teachers review new teachers." + rest, encoding="utf-8")
    new_md.write_text("Preface.\n\nARTICLE 1 PEER REVIEW\n\n1.1 Panel. Teachers coach one another." + rest,
                      encoding="utf-8")
    o, n = _read(old_md), _read(new_md)
    (v,) = run_check(policy(keep=(PAR,)), PACK, n, scan(n, {}), o,
                     scan(o, {PAR: ("present", 0.9, "article-1/1.1")})).violations
    assert v.location.line == 3 and v.related[0].line == 5


def test_an_area_suppression_is_only_for_its_area():
    draft = outline(OLD)
    pol = policy(min_per_area=(("partnering", 1), ("devolution", 1)),
                 suppressions=(Suppression("min_per_area", "other", area="devolution"),))
    result = run_check(pol, PACK, draft, scan(draft, {}))
    assert [v.area for v in result.violations] == ["partnering"]
    assert [(v.area, s.area) for v, s in result.suppressed] == [("devolution", "devolution")]


def test_baseline_file_is_readable_and_keeps_the_area(tmp_path):
    draft = outline(OLD)
    result = run_check(policy(min_per_area=(("partnering", 1),)), PACK, draft, scan(draft, {}))
    path = tmp_path / "baseline.json"
    write_baseline(path, result, "partenariat reporté: année prochaine")
    text = path.read_text(encoding="utf-8")
    assert "partenariat reporté: année prochaine" in text  # as written, not \u escapes
    assert '\n  "entries": [\n    {\n      "fingerprint": ' in text and text.endswith("}\n")  # reviewable diffs
    (entry,) = json.loads(text)["entries"]
    assert entry["area"] == "partnering"
    (read,) = read_baseline(path)
    assert read.area == "partnering" and read.reason == "partenariat reporté: année prochaine"


def test_baseline_file_problems_name_the_file(tmp_path):
    for target, problem in ((tmp_path / "none.json", "no such baseline file"), (tmp_path, "is not a file")):
        with pytest.raises(ConfigError) as err:
            read_baseline(target)
        assert (err.value.problem, err.value.path) == (problem, str(target))


def test_source_lines_follow_the_text_not_the_first_match(tmp_path):
    txt = tmp_path / "draft.txt"
    txt.write_text("ARTICLE 1 COUNCIL\n1.1 The parties agree.\nARTICLE 2 SAFETY\n1.1 The parties agree.\n",
                   encoding="utf-8")
    assert source_lines(_read(txt)) == {"article-1": 1, "article-1/1.1": 2, "article-2": 3}


def test_source_lines_across_pages_broken_words_and_spaces(tmp_path):
    """A form feed starts a page on the line it is on; a word broken over two lines and runs of
    spaces (both cleaned away) do not shift the lines after them."""
    txt = tmp_path / "draft.txt"
    txt.write_text("AGREEMENT\n\nARTICLE 1 COUNCIL\n\n1.1 The parties agree to a joint com-\nmittee that meets.\n"
                   "\n\f\nARTICLE 2 SAFETY\n2.1   The    parties agree.\n", encoding="utf-8")
    assert source_lines(_read(txt)) == {"article-1": 3, "article-1/1.1": 5, "article-2": 9, "article-2/2.1": 10}


def test_outcomes_name_each_check_with_its_own_violations_and_suppressions():
    """Reports (JUnit, text) read a check's result from its outcome: the right rule, subject and
    violations, a suppressed one apart, and nothing of another check's."""
    draft = outline(OLD)
    accepted = Suppression("require", "moved to a side letter", practice=PAR)
    result = run_check(policy(require=(Requirement(IBB, None), Requirement(PAR, None)), max_pages=1,
                              suppressions=(accepted,)), PACK, draft, scan(draft, {}))
    ibb, par, pages = result.outcomes
    assert (ibb.name, ibb.rule, ibb.subject, ibb.status) == (f"require {IBB}", "require", IBB, "failed")
    assert [v.practice for v in ibb.violations] == [IBB] and ibb.suppressed == ()
    assert (par.name, par.rule, par.subject, par.status) == (f"require {PAR}", "require", PAR, "suppressed")
    assert par.violations == () and [(v.practice, s) for v, s in par.suppressed] == [(PAR, accepted)]
    assert (pages.name, pages.rule, pages.subject) == ("max_pages", "max_pages", None)
    assert [v.rule for v in pages.violations] == ["max_pages"]


def test_rule_infos_describe_the_packs_rules():
    from contractlens.check import rule_infos

    infos = rule_infos(PACK)
    assert [i.id for i in infos] == [r.id for r in PACK.rules]
    par, rule = next(i for i in infos if i.id == PAR), PACK.rule(PAR)
    assert (par.name, par.description, par.area, par.area_name, par.pack) == \
        (rule.name, rule.description, rule.area, PACK.area_name(rule.area), PACK.name)
    assert par.area_name != par.area  # the area's name, not its id
