"""Contract-wide acronyms (match/acronyms.py) and quotes that only talk about a practice
(match/establishing.py). Fictional text, our own words."""

from __future__ import annotations

from contractlens.match import UnitText
from contractlens.match.acronyms import definitions, expand, match_all, restore
from contractlens.match.establishing import talks_about

DEFINES = ("Each school shall have a Building Council for Instruction (BCI) elected by the staff. "
           "The Peer Review Panel (PRP) meets monthly. A Master Teacher (MT) and a Career Ladder Plan (CLP) "
           "and a Career Ladder Program (CLP). Parents (see FAQ).")


def test_definitions_are_the_words_whose_initials_spell_the_acronym():
    table = definitions(DEFINES)
    assert table["BCI"] == "Building Council for Instruction"
    assert table["PRP"] == "Peer Review Panel" and table["MT"] == "Master Teacher"
    assert "CLP" not in table  # defined two ways: not guessed
    assert "FAQ" not in table  # never spelled out


def test_expansion_spells_out_later_uses_and_maps_offsets_back():
    table = definitions(DEFINES)
    text = "The BCI (Building Council for Instruction) is advised by the PRP. The BCI shall adopt the budget."
    unit = UnitText("u", text, "Article 5 BCI")
    new, where = expand(unit, table)
    assert new.text.count("Building Council for Instruction") == 3 and "Peer Review Panel" in new.text
    assert new.context == "Article 5 Building Council for Instruction"
    last = new.text.rindex("Building Council for Instruction")
    a, b = where.old(last), where.old(last + len("Building Council for Instruction"), True)
    assert text[a:b] == "BCI" and a == text.rindex("BCI")
    assert where.old(len(new.text), True) == len(text)
    assert where.old(0) == 0


def test_the_definition_itself_is_left_alone():
    unit = UnitText("u", "We set up a Peer Review Panel (PRP) here.")
    new, where = expand(unit, {"PRP": "Peer Review Panel"})
    assert new.text == unit.text and not where.spans


def test_a_rule_that_knows_the_long_name_reads_the_acronym(tmp_path):
    from contractlens.rules import load_pack
    from contractlens.scanner import compiled

    engine = compiled(load_pack("handbook"))
    text = ("Every school shall have a School Leadership Team (SLT). "
            "The SLT shall decide by consensus how the school's professional development budget is spent.")
    later = text.split(". ", 1)[1]
    plain = engine.match([UnitText("u", later)])[0]
    read = match_all(engine, [UnitText("u", later)], text)[0]
    rules = {h.rule for h in read.hits if not h.exclusion}
    assert "site_based_management" in rules
    assert "site_based_management" not in {h.rule for h in plain.hits if not h.exclusion}
    for h in read.hits:  # offsets are in the unit's own text
        assert 0 <= h.start <= h.end <= len(later)
    assert read.sentences[-1][1] <= len(later)


def test_restore_without_expansion_is_identity():
    from contractlens.match.acronyms import Expanded
    from contractlens.match.engine import UnitMatch

    m = UnitMatch("u", ((0, 5),), ())
    assert restore(m, Expanded()) is m


def test_quotes_that_only_talk_about_a_practice():
    assert talks_about("Our district's vision is that every school thrives.") == "vision"
    assert talks_about("Job postings for these schools must say so.") == "notice"
    assert talks_about("The survey form will remind parents of the deadline.") == "form handling"
    assert talks_about("Each family will return the completed survey\nform to the office by May 1.") == "form handling"
    assert talks_about("The results of the returned surveys count for ten percent of the rating.") is None
    assert talks_about("The council may, by a two-thirds vote of the staff, waive a provision.") is None
    assert talks_about("The panel shall review each intern and recommend renewal.") is None


def test_a_notice_gives_way_to_a_nearly_as_strong_sentence_that_sets_the_practice_up():
    from contractlens.models import Evidence, Modifier
    from contractlens.scanner import _establishing_first

    def ev(quote, conf, mods=()):
        return Evidence("u", "Art. 1", "", 1, None, quote, 0, 1, conf, ("s",), None, None, tuple(mods))

    notice = ev("Job postings for pilot schools must say so.", 0.90)
    vote = ev("A pilot school may, by a staff vote, adopt a plan that waives the agreement.", 0.85)
    negated = ev("No school shall adopt a plan.", 0.88, [Modifier("negated", "no", True)])
    assert _establishing_first([notice, negated, vote], 0.5)[0] is vote
    assert _establishing_first([notice, ev("x sets it up", 0.75)], 0.5)[0] is notice  # too much weaker
    assert _establishing_first([notice, ev("x sets it up", 0.45)], 0.4)[0] is notice  # below the margin
    assert _establishing_first([vote, notice], 0.5)[0] is vote


def test_within_a_unit_the_sentence_that_sets_it_up_is_quoted():
    from contractlens.match import SignalHit
    from contractlens.match.engine import UnitMatch
    from contractlens.scanner import _establishing_sentences

    text = "Our vision is a real partnership. The parties commit jointly to carry out the reform plan. Other words."
    ends = [text.index(".") + 1, text.index("plan.") + 5, len(text)]
    m = UnitMatch("u", ((0, ends[0]), (ends[0] + 1, ends[1]), (ends[1] + 1, ends[2])), ())
    hits = [SignalHit("r", "words", False, 0, 20, 31), SignalHit("r", "charter", False, 0, 13, 31),
            SignalHit("r", "commit", False, 1, 46, 60)]
    assert _establishing_sentences(m, hits, (0,), text, ("charter", "commit", "words")) == (1,)
    assert _establishing_sentences(m, hits, (1,), text, ("commit",)) == (1,)  # not an aside: kept
    assert _establishing_sentences(m, hits[:2], (0,), text, ("charter",)) == (0,)  # nothing better
