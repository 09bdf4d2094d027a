"""`eval`: measure a rule pack on labeled clauses, overall, per file and per district."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import ConfigError
from ..model import EvalRun
from ._common import refuse_overwrite


def evaluate(gold, *, rules: str | Path | None = None, pack: str = "handbook", by: str | None = None,
             leave_one_out: str | None = None, hand_weights: bool = False,
             predictions_out: str | Path | None = None, fit_out: str | Path | None = None,
             reviews: str | Path | None = None, pdf_engine: str = "pdfium",
             output: str | Path | None = None) -> EvalRun:
    """Precision, recall and F1 per practice on the gold files (read as one set).

    ``by="district"`` adds each district's figures; ``leave_one_out="district"`` fits the
    weights again without each district and scores it with them. ``predictions_out`` and
    ``fit_out`` are written here (never over a gold file); ``output`` is where the caller will
    write the report, refused when it is a gold file or one of those two.

    With ``reviews`` (a review file), ``gold`` are the contracts those reviews are of, and the
    reviews are the gold (commands.reviewing.evaluate_reviews)."""
    refuse_overwrite([*([gold] if isinstance(gold, (str, Path)) else gold), reviews, predictions_out, fit_out],
                     (output, "--output"))
    if reviews is not None:
        from .reviewing import evaluate_reviews

        for value, flag in ((leave_one_out, "--lodo"), (fit_out, "--fit-out")):
            if value is not None:
                raise ConfigError(f"{flag} fits weights on labeled clauses; it does not go with --reviews")
        return evaluate_reviews(reviews, gold, rules=rules, pack=pack, by=by, hand_weights=hand_weights,
                                pdf_engine=pdf_engine, predictions_out=predictions_out)
    from ..evaluate import run_eval, write_predictions
    from ..files import write_atomically
    from ..rules import load_pack

    gold = [Path(g) for g in ([gold] if isinstance(gold, (str, Path)) else gold)]
    if by not in (None, "district"):
        raise ConfigError(f"--by supports 'district' only, not {by!r}")
    if leave_one_out not in (None, "district"):
        raise ConfigError(f"--leave-one-out supports 'district' only, not {leave_one_out!r}")
    resolved = {g.resolve() for g in gold}
    for target, flag in ((predictions_out, "--predictions-out"), (fit_out, "--fit-out")):
        if target is not None and Path(target).resolve() in resolved:
            raise ConfigError(f"{flag} would overwrite the gold file; choose another path")
    p = load_pack(rules or pack, fitted=not hand_weights)
    result = run_eval(gold, p, held_out=leave_one_out is not None, per_group=by is not None,
                      fit=fit_out is not None)
    if predictions_out is not None:
        write_predictions(predictions_out, result.result.predictions)
    if fit_out is not None:
        write_atomically(fit_out, result.fitted)
    return replace(result, gold=tuple(map(str, gold)), pack=p.name,
                   fit_out=None if fit_out is None else str(fit_out))
