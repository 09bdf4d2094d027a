"""An exclusion's scope: a whole sentence, or only the evidence inside the words it matched
(so a clause that establishes two practices keeps the one the exclusion does not explain)."""

from __future__ import annotations

import contractlens
from contractlens.rules import load_pack

PACK = load_pack("handbook")


def _confidence(text: str, practice: str) -> float:
    return next((t.confidence for t in contractlens.tag(text, PACK) if t.id == practice), 0.0)


def _threshold(practice: str) -> float:
    return next(r.threshold for r in PACK.rules if r.id == practice)


def test_a_pay_differential_alone_is_not_hiring():
    text = "Teachers at hard-to-staff schools shall receive an annual salary differential of $2,500."
    assert _confidence(text, "hiring_assignment_transfer") < _threshold("hiring_assignment_transfer")
    assert _confidence(text, "pay_for_performance") >= _threshold("pay_for_performance")


def test_a_transfer_priority_beside_the_differential_is_still_hiring():
    text = ("Teachers at hard-to-staff schools shall receive an annual salary differential of $2,500 and, "
            "after two years there, shall have first priority for the voluntary transfers they request.")
    assert _confidence(text, "hiring_assignment_transfer") >= _threshold("hiring_assignment_transfer")


def test_a_consulting_teachers_evaluative_induction_alone_is_not_pd():
    text = "The induction of interns shall consist of a consulting teacher's assistance and evaluation of each intern."
    assert _confidence(text, "professional_development") < _threshold("professional_development")
