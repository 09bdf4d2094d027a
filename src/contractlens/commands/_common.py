"""What the commands share: how OCR options reach each file, and output guards."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from ..errors import ConfigError


@contextmanager
def reading(ocr, file: Path):
    """The OCR options for one file. ``ocr`` is a mode ("auto", "always", "never"), an
    ``OcrOptions``, or a callable ``file -> context manager of OcrOptions`` (the CLI's progress bar)."""
    if callable(ocr):
        with ocr(file) as options:
            yield options
    else:
        yield ocr


def refuse_overwrite(inputs, *outputs: tuple[Path | None, str]) -> None:
    """Nothing the user gave is overwritten: an output that is one of the inputs is refused."""
    resolved = {Path(p).resolve() for p in inputs if p is not None}
    for target, flag in outputs:
        if target is not None and Path(target).resolve() in resolved:
            raise ConfigError(f"{flag} {target} is one of the inputs; it would be overwritten")
