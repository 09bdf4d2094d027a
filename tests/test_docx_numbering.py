"""Word drafts whose article and section numbers are Word's automatic numbering, not typed."""

from __future__ import annotations

import io

import pytest

import contractlens
from contractlens.ingest.docx_numbering import format_number
from contractlens.structure.citation import citation

docx = pytest.importorskip("docx")
from docx.oxml import parse_xml  # noqa: E402

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ABSTRACT = f"""<w:abstractNum {W_NS} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="ARTICLE %1"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>
</w:abstractNum>"""
NUM = f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'

# (level, text): the numbers are Word's; the text has none typed.
PARAS = [
    (None, "Agreement between the Harbor Point Board of Education and the Harbor Point Teachers Council"),
    (0, "RECOGNITION"),
    (1, "The Board recognizes the Council as the bargaining agent of all teachers."),
    (0, "COMPENSATION"),
    (1, "Teachers are paid on the salary schedule in the appendix."),
    (1, "Teachers who mentor a new colleague are paid a stipend of one thousand dollars."),
    (2, "the stipend is paid in two equal parts;"),
    (2, "a mentor may hold at most two mentees at once."),
    (0, "SCHOOL WAIVERS"),
    (1, "A school whose faculty votes by two-thirds may ask the joint committee to waive a term of this agreement."),
]


def _numbered_docx(path):
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))
    numbering.append(parse_xml(NUM))
    for level, text in PARAS:
        p = d.add_paragraph(text)
        if level is not None:
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def test_word_numbering_becomes_labels_and_units(tmp_path):
    c = contractlens.segment(_numbered_docx(tmp_path / "draft.docx"))
    tops = [(u.label, u.heading) for u in c.units if u.kind == "article"]
    assert tops == [("ARTICLE 1", "RECOGNITION"), ("ARTICLE 2", "COMPENSATION"), ("ARTICLE 3", "SCHOOL WAIVERS")]
    by_id = {u.id: u for u in c.units}
    waiver = next(u for u in c.units if "waive a term" in u.text and u.level == 2)
    assert citation(waiver, by_id) == "Article 3, 3.1"
    limit = next(u for u in c.units if "at most two mentees" in u.text and u.kind == "item")
    assert citation(limit, by_id) == "Article 2, 2.2(b)"


def test_section_numbers_restart_under_each_article(tmp_path):
    c = contractlens.segment(_numbered_docx(tmp_path / "draft.docx"))
    assert [u.number for u in c.units if u.level == 2 and u.kind == "section"] == ["1.1", "2.1", "2.2", "3.1"]


@pytest.mark.parametrize("n,fmt,want", [(1, "decimal", "1"), (3, "lowerLetter", "c"), (28, "lowerLetter", "bb"),
                                        (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (2, "upperLetter", "B"),
                                        (5, "bullet", None)])
def test_number_formats(n, fmt, want):
    assert format_number(n, fmt) == want


def test_numbering_linked_to_heading_styles(tmp_path):
    """Word's usual way: the "Heading 1" style carries the list, the paragraphs only the style."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))
    numbering.append(parse_xml(NUM))
    for name, level in (("Heading 1", 0), ("Heading 2", 1)):
        ppr = d.styles[name].element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    for title in ("RECOGNITION", "SALARIES", "WAIVERS"):
        d.add_paragraph(title, style="Heading 1")
        d.add_paragraph("General terms", style="Heading 2")
        d.add_paragraph("The parties agree to the terms of this article for every school in the district.")
    path = tmp_path / "styled.docx"
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(buf.getvalue())
    c = contractlens.segment(path)
    assert [(u.label, u.heading) for u in c.units if u.kind == "article"] == [
        ("ARTICLE 1", "RECOGNITION"), ("ARTICLE 2", "SALARIES"), ("ARTICLE 3", "WAIVERS")]
    assert [u.number for u in c.units if u.level == 2] == ["1.1", "2.1", "3.1"]


def test_a_style_based_on_a_numbered_style_is_numbered_too(tmp_path):
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))
    numbering.append(parse_xml(NUM))
    base = d.styles.add_style("Contract Article", WD_STYLE_TYPE.PARAGRAPH)
    base.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    child = d.styles.add_style("Contract Article Bold", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = base
    for k, title in enumerate(("RECOGNITION", "SALARIES", "WAIVERS")):
        d.add_paragraph(title, style=base if k != 1 else child)
        d.add_paragraph("The parties agree to the terms of this article for every school in the district.")
    path = tmp_path / "based.docx"
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(buf.getvalue())
    c = contractlens.segment(path)
    assert [u.label for u in c.units if u.kind == "article"] == ["ARTICLE 1", "ARTICLE 2", "ARTICLE 3"]
