"""Force, actor and scope modifiers (negation, exception, contemplation) on evidence."""

from __future__ import annotations

import pytest

import contractlens
from contractlens.rules import load_pack
from conftest import REPO

MINI = REPO / "tests" / "data" / "mini_pack"


@pytest.fixture(scope="module")
def pack():
    return load_pack(MINI)


def one(text, pack):
    tags = [t for t in contractlens.tag(text, pack) if t.id == "waivers_overrides"]
    return tags[0] if tags else None


@pytest.mark.parametrize("text,force,actor", [
    ("A school may waive any provision of this Agreement after a two-thirds vote of its staff.", "permission",
     "school_staff"),
    ("The Board shall grant each waiver of agreement provisions that the panel approves.", "obligation", "board"),
    ("The joint panel is authorized to waive provisions of Article 9.", "permission", "joint_body"),
    ("No school shall seek a waiver of any provision of this Agreement.", "prohibition", "school_staff"),
    ("The Association agrees to waive Article 12 provisions for pilot schools.", "obligation", "union"),
])
def test_force_and_actor(pack, text, force, actor):
    nlp_tag = contractlens.tag(text, pack)
    tag = next(t for t in nlp_tag if t.id == "waivers_overrides") if nlp_tag else None
    if force == "prohibition":
        # the negated practice is not found, but the reading is still computed on demand
        from contractlens.scanner import compiled
        from contractlens.match import UnitText
        note = next(iter(compiled(pack).match([UnitText("x", text)])[0].notes.values()))
        assert (note.force, note.actor) == (force, actor)
        assert tag is None or tag.status != "present"
    else:
        assert (tag.force, tag.actor) == (force, actor)


@pytest.mark.parametrize("text,modifier", [
    ("No school shall seek a waiver of any provision of this Agreement.", "negated"),
    ("The panel may not waive any provision of this Agreement.", "negated"),
    ("The joint committee shall study whether schools may waive provisions of this Agreement.", "contemplated"),
    ("The parties will consider whether a school may request a waiver of Article 9.", "contemplated"),
    ("If funds permit, schools may request a waiver of Article 9.", "contemplated"),
])
def test_negated_and_contemplated_are_not_present(pack, text, modifier):
    from contractlens.match import UnitText
    from contractlens.scanner import compiled

    match = compiled(pack).match([UnitText("x", text)])[0]
    assert any(modifier in h.modifiers for h in match.hits if h.rule == "waivers_overrides" and not h.exclusion)
    tag = one(text, pack)
    assert tag is None or tag.status != "present"


@pytest.mark.parametrize("text", [
    "Schools may submit requests no later than May 1 to waive provisions of this Agreement.",
    "A school can waive provisions of this Agreement after a two-thirds vote of its staff.",
    "A school may waive provisions of this Agreement, not more than twice a year, by a two-thirds staff vote.",
    "Except as provided in Article 5, a school may waive provisions of this Agreement.",
])
def test_pseudo_triggers_and_out_of_scope_modifiers_leave_it_present(pack, text):
    tag = one(text, pack)
    assert tag is not None and tag.status == "present"


def test_exception_covering_the_evidence_is_reported(pack):
    tag = one("The council may act on any matter except a waiver of provisions of Article 9.", pack)
    assert tag is not None
    assert any(m.type == "exception" and m.applies for m in tag.modifiers)


def test_context_lexicon_errors_name_file_and_line(tmp_path):
    import shutil

    from contractlens.errors import ConfigError
    from contractlens.rules import packs_root
    from contractlens.rules.context import load_context

    folder = tmp_path / "context"
    shutil.copytree(packs_root() / "context", folder)
    text = (folder / "modifiers.yaml").read_text().replace("direction: forward", "direction: sideways", 1)
    (folder / "modifiers.yaml").write_text(text)
    with pytest.raises(ConfigError) as err:
        load_context(folder)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "sideways" in row)
    assert f"modifiers.yaml:{line}:" in str(err.value) and "rules[0].direction" in str(err.value)
