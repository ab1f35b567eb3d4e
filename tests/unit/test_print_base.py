"""The printing base: escaped user text, glyph fallback, embedded fonts, no half-written file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.errors import KnownError
from app.printing import fonts
from app.printing.base import PageDecor, build_pdf, mm, para, ruled_table, styles


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
    text = "".join(p.extract_text() for p in reader.pages)
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
