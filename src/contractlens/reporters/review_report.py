"""`contractlens review`: what was recorded, and a contract's reviews (``--list``)."""

from __future__ import annotations

from ..model import ReviewListRun, ReviewRun


def render_recorded(run: ReviewRun) -> str:
    r = run.review
    where = r.citation + (f" (unit {r.unit})" if r.unit else "")
    what = "updated its entry" if run.replaced else "added"
    return (f"contractlens: {r.verdict}: {r.practice} at {where} in {r.file}; {what} in {run.file} "
            f"({run.reviews} review(s) in the file)\n")


def render_list(run: ReviewListRun) -> str:
    if not run.entries:
        return f"{run.file} has no reviews of {run.contract}\n"
    out = [f"{run.file}: {len(run.entries)} review(s) of {run.contract}"]
    for r, now in run.entries:
        where = now if now is not None else f"{r.where} — stale: that unit is no longer in the contract"
        extra = "; ".join(x for x in (r.note, " ".join(x for x in (r.reviewer, r.date) if x)) if x)
        out.append(f"  line {r.line}: {r.practice} {r.verdict} at {where}" + (f" — {extra}" if extra else ""))
    return "\n".join(out) + "\n"
