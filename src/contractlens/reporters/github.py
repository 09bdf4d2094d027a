"""GitHub Actions workflow commands: an annotation per violation on the pull request."""

from __future__ import annotations

from ..model import CheckResult, Failure
from ._text import uri as _uri


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render(results: list[CheckResult], errors: list[Failure]) -> str:
    lines = []
    for r in results:
        for v in r.violations:
            props = [f"file={_escape(_uri(v.location.file), True)}"]
            if v.location.line:
                props.append(f"line={v.location.line}")
            props.append(f"title={_escape('contractlens ' + v.title, True)}")
            page = f" (p. {v.location.page})" if v.location.page else ""
            where = f"{v.location.citation}{page}: " if v.location.citation else ""
            lines.append(f"::error {','.join(props)}::{_escape(where + v.message)}")
        for s in r.stale:
            lines.append(f"::warning title=contractlens stale suppression::"
                         f"{_escape(f'{s.rule} {s.practice or s.area or chr(32)} matched nothing in {r.draft.source.path}')}")
        if r.draft.reviews is not None:
            lines.append(f"::notice title=contractlens reviews::{_escape(r.draft.source.path + ': ' + r.draft.reviews.summary)}")
            for o in r.draft.reviews.stale:
                lines.append(f"::warning title=contractlens stale review::"
                             f"{_escape(f'{r.draft.reviews.file}:{o.review.line}: {o.review.practice} {o.review.verdict}: {o.detail}')}")
    for message in errors:
        lines.append(f"::error title=contractlens unreadable input::{_escape(str(message))}")
    return "\n".join(lines) + ("\n" if lines else "")
