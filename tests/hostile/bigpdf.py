"""A many-page PDF written by hand, cheaply: every body page shares one content stream.

Pages 1..``headed`` each open an article ("ARTICLE n"); every later page is the same
body text with no heading, so an outline reader puts all of them into the last article:
one unit of thousands of pages, past spaCy's 1,000,000-character limit. Helvetica is one
of the PDF standard fonts, so no font is embedded; the file is small (about 200 bytes a page).
"""

from __future__ import annotations

from pathlib import Path

BODY = [
    "The District and the Association agree that the joint committee shall meet monthly",
    "during the school year to review the calendar, class size and the use of planning time.",
    "Either party may ask for a meeting with ten days notice, and the committee shall keep",
    "minutes that are shared with every member of the bargaining unit within two weeks.",
    "Teachers shall have a duty free lunch period of not less than thirty minutes each day,",
    "and no teacher shall be assigned more than five teaching periods in a regular day.",
    "Grievances not settled at the building level may be appealed to the Superintendent.",
]
TITLES = ["RECOGNITION", "DEFINITIONS", "MANAGEMENT RIGHTS", "ASSOCIATION RIGHTS", "GRIEVANCE PROCEDURE",
          "HOURS OF WORK", "LEAVES", "EVALUATION", "COMPENSATION", "GENERAL PROVISIONS"]


def _stream(lines: list[str]) -> bytes:
    ops = ["BT", "/F1 10 Tf", "12 TL", "60 740 Td"]
    for line in lines:
        ops.append("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*")
    ops.append("ET")
    body = "\n".join(ops).encode("latin-1")
    return b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


def write_pdf(path: Path, pages: int, headed: int = 9, body_lines: int = 42) -> Path:
    """``pages`` pages; pages 1..headed start ARTICLE 1..headed, the rest are body only, each
    ``body_lines`` lines of about 85 characters (42 fill a letter page: ~3,500 characters)."""
    objects: list[bytes] = []  # object n+1 is objects[n]

    def add(data: bytes) -> int:
        objects.append(data)
        return len(objects)

    catalog = add(b"")  # filled in below
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    body = (BODY * (body_lines // len(BODY) + 1))[:body_lines]
    shared = add(_stream(body))
    heads = [add(_stream([f"ARTICLE {n}", TITLES[(n - 1) % len(TITLES)], ""] + body)) for n in range(1, headed + 1)]
    resources = b"<< /Font << /F1 %d 0 R >> >>" % font
    kids = []
    for number in range(1, pages + 1):
        content = heads[number - 1] if number <= headed else shared
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>"
                        % (tree, resources, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = (b"<< /Type /Pages /Count %d /Kids [" % pages + b" ".join(b"%d 0 R" % k for k in kids)
                         + b"] >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, data in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + data + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    path.write_bytes(bytes(out))
    return path
