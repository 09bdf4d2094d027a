"""`contractlens eval`: metrics computed as documented, predictions written per clause."""

from __future__ import annotations

import json

import pytest

from conftest import REPO

MINI = REPO / "tests" / "data" / "mini_pack"

GOLD = [
    {"id": "g1", "text": "A school may waive any provision of this Agreement by a two-thirds vote of its staff.",
     "labels": ["waivers_overrides"]},
    {"id": "g2", "text": "Each new teacher shall work with a consulting teacher.", "labels": ["peer_review_assistance"]},
    {"id": "g3", "text": "The principal evaluates every teacher each year.", "labels": ["peer_review_assistance"]},
    {"id": "g4", "text": "Grievance time limits may be waived by consent.", "labels": []},
    {"id": "g5", "text": "The site council may request a waiver of Article 9.", "labels": ["none"]},
    {"id": "g6", "text": "Teachers are paid twice monthly.", "labels": []},
]


@pytest.fixture
def gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in GOLD))
    return path


def test_metrics(cli, gold, tmp_path):
    out = tmp_path / "pred.jsonl"
    result = cli("eval", gold, "--rules", MINI, "--format", "json", "--predictions-out", out)
    assert result.code == 0, result
    data = json.loads(result.out)
    by_id = {p["id"]: p for p in data["practices"]}
    # waivers: g1 true positive, g5 false positive (labelled ordinary) -> P 0.5, R 1
    assert (by_id["waivers_overrides"]["tp"], by_id["waivers_overrides"]["fp"], by_id["waivers_overrides"]["fn"]) == (1, 1, 0)
    # peer review: g2 found, g3 missed -> P 1, R 0.5, F1 2/3
    assert by_id["peer_review_assistance"]["f1"] == pytest.approx(2 / 3)
    assert data["micro"]["precision"] == pytest.approx(2 / 3) and data["micro"]["recall"] == pytest.approx(2 / 3)
    assert data["macro_f1"] == pytest.approx((2 / 3 + 2 / 3) / 2)
    assert data["ordinary"] == {"clauses": 3, "flagged": 1, "false_positive_rate": pytest.approx(1 / 3)}
    assert by_id["peer_review_assistance"]["average_precision"] == pytest.approx(0.5)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == [g["id"] for g in GOLD]
    assert rows[0]["labels"] == ["waivers_overrides"] and rows[0]["scores"]["waivers_overrides"] > 0.5
    assert rows[5] == {"id": "g6", "labels": [], "scores": {}}


def test_table_output_and_groups(cli, tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps({**r, "district": "North" if i < 3 else "South"}) + "\n"
                            for i, r in enumerate(GOLD)))
    result = cli("eval", path, "--rules", MINI, "--by", "district")
    assert result.code == 0 and "macro F1" in result.out and "North: 3 clauses" in result.out


def test_refuses_to_overwrite_gold(cli, gold):
    before = gold.read_text()
    result = cli("eval", gold, "--rules", MINI, "--predictions-out", gold)
    assert result.code == 2 and "overwrite the gold file" in result.err
    assert gold.read_text() == before


def test_bad_gold_line(cli, tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOLD[0]) + "\n{not json\n")
    result = cli("eval", path, "--rules", MINI)
    assert result.code == 3 and f"{path}:2: is not valid JSON" in result.err
