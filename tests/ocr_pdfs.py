"""Image-only PDFs made from text PDFs at test time, as a scanner would: no text layer.

Used by tests/test_ocr*.py and benchmarks/bench_ocr.py; nothing large is committed.
"""

from __future__ import annotations

import io
from pathlib import Path


def rasterize(src: str | Path, dst: str | Path, *, dpi: int = 200, pages: list[int] | None = None,
              turn: dict[int, int] | None = None, blank: tuple[int, ...] = (), keep_text: tuple[int, ...] = (),
              quality: int = 85) -> Path:
    """Write ``dst``: pages of ``src`` (1-based numbers; all by default) as greyscale JPEG scans at ``dpi``.

    ``turn`` maps a page number to degrees it is scanned turned (counter-clockwise);
    ``blank`` adds blank scanned pages after the given page numbers (0: at the start);
    ``keep_text`` copies those pages as they are, text layer and all (a mixed PDF).
    """
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    numbers = pages or list(range(1, len(source) + 1))

    def scanned(image, width: float, height: float) -> None:
        buf = io.BytesIO()
        image.save(buf, format="JPEG", quality=quality)
        buf.seek(0)
        page = out.new_page(width, height)
        obj = pdfium.PdfImage.new(out)
        obj.load_jpeg(buf, inline=True)
        obj.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(obj)
        page.gen_content()

    def blank_page(width: float, height: float) -> None:
        from PIL import Image
        scanned(Image.new("L", (round(width * dpi / 72), round(height * dpi / 72)), 255), width, height)

    if 0 in blank:
        blank_page(*source[0].get_size())
    for n in numbers:
        page = source[n - 1]
        width, height = page.get_size()
        if n in keep_text:
            out.import_pages(source, [n - 1])
        else:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            angle = (turn or {}).get(n, 0)
            if angle:
                image = image.rotate(angle, expand=True, fillcolor=255)
                if angle % 180:
                    width, height = height, width
            scanned(image, width, height)
        if n in blank:
            blank_page(width, height)
    out.save(str(dst))
    return Path(dst)
