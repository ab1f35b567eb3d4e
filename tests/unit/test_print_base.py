"""The printing base: escaped user text, glyph fallback, embedded fonts, no half-written file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.errors import KnownError
from app.printing import fonts
from app.printing.base import PageDecor, build_pdf, mm, para, ruled_table, styles
from tests.pdf_text import page_texts, pdf_text


def test_markup_escapes_and_falls_back() -> None:
    text = fonts.markup("<b>王珺䶮 & 😀</b>", fonts.TITLE)
    assert "&lt;b&gt;" in text and "&amp;" in text
    assert f'<font name="{fonts.FALLBACK}">䶮</font>' in text  # the sans title face lacks 䶮
    assert "😀" not in text and fonts.MISSING in text


def test_bidi_and_control_characters_are_dropped() -> None:
    assert fonts.clean("a\u202eb\u200fc\x00") == "abc"


def _build(path: Path, rows: int = 60, long_cell: str = "") -> Path:
    s = styles()
    data = [[para("序号", s.cell_head), para("姓名", s.cell_head), para("备注", s.cell_head)]]
    for i in range(rows):
        data.append([para(str(i + 1), s.cell_center), para(f"王珺玥{i}", s.cell),
                     para(long_cell if i == 1 else "<i>&", s.cell)])
    story = [para("测试表 <x>", s.title), ruled_table(data, [20 * mm, 40 * mm, 120 * mm])]
    return build_pdf(path, story, title="测试", decor=PageDecor(header_left="学校"))


def test_pdf_text_fonts_and_page_numbers(tmp_path: Path) -> None:
    path = _build(tmp_path / "t.pdf", long_cell="很长的内容，" * 900)
    reader = PdfReader(path)
    text = pdf_text(path)
    assert "王珺玥0" in text and "测试表 <x>" in text
    assert f"共 {len(reader.pages)} 页" in text
    fonts_out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts_out.splitlines()[2:]
    assert rows and all(" yes " in r for r in rows), fonts_out
    assert "Helvetica" not in fonts_out


def test_failed_build_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(KnownError):
        _build(tmp_path / "missing-folder" / "t.pdf")
    assert not list(tmp_path.rglob("*.pdf*"))


def test_ideographic_spaces_survive_as_no_break_spaces() -> None:
    assert fonts.markup("　　年　月") == "\xa0\xa0\xa0\xa0年\xa0\xa0月"


def test_fast_cell_uses_paragraphs_only_when_needed() -> None:
    from reportlab.platypus import Paragraph

    from app.printing.base import fast_cell

    s = styles()
    assert fast_cell("王芳", s.cell, 30 * mm) == "王芳"
    assert isinstance(fast_cell("很长的岗位名称" * 5, s.cell, 30 * mm), Paragraph)  # needs wrapping
    assert isinstance(fast_cell("<b>&", s.cell, 30 * mm), str)  # a plain string is never parsed as markup
    for rare in ("王䶮", "李😀"):  # a glyph the face lacks goes through the fallback
        cell = fast_cell(rare, s.title, 30 * mm)
        assert isinstance(cell, Paragraph)


def test_ruled_lines_split_across_pages(tmp_path: Path) -> None:
    from app.printing.base import RuledLines

    lines = RuledLines(100)
    first, rest = lines.split(100 * mm, 80 * mm)
    assert (first.count, rest.count) == (10, 90)
    path = build_pdf(tmp_path / "lines.pdf", [lines], title="线")
    assert len(PdfReader(path).pages) >= 3


def test_table_of_contents_gets_page_numbers(tmp_path: Path) -> None:
    from reportlab.platypus import PageBreak

    from app.printing.base import TocMark, table_of_contents

    s = styles()
    story = [para("目录", s.title), table_of_contents(), PageBreak()]
    for i in range(3):
        story += [TocMark(f"第{i + 1}章 <&>", 0), para(f"正文{i}", s.body), PageBreak()]
    path = build_pdf(tmp_path / "toc.pdf", story, title="目录", toc=True)
    reader = PdfReader(path)
    contents = page_texts(path)[0]
    assert "第1章 <&>" in contents and "第3章" in contents
    assert [o.title for o in reader.outline] == ["第1章 <&>", "第2章 <&>", "第3章 <&>"]
    fonts_out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts_out and "Times" not in fonts_out


def test_long_text_in_a_boxed_cell_is_fast_enough_to_build(tmp_path: Path) -> None:
    """100 KB in one cell: no LayoutError; widths are cached so the build stays linear."""
    from app.printing.base import BoxedTable

    s = styles()
    table = BoxedTable([["内容", [para("很长的会议内容。" * 12500, s.cell)]]], colWidths=[25 * mm, 155 * mm],
                       splitInRow=1)
    path = build_pdf(tmp_path / "long.pdf", [table], title="长")
    assert len(PdfReader(path).pages) > 10


def test_table_without_font_command_embeds_no_helvetica(tmp_path: Path) -> None:
    from reportlab.platypus import Table

    table = Table([["序号", para("姓名", styles().cell)]])  # no FONTNAME: the default must be the CJK face
    path = build_pdf(tmp_path / "plain.pdf", [table], title="表")
    fonts_out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts_out
