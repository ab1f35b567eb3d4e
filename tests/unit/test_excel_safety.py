"""Files that are not what their name says, and zip bombs, are refused before openpyxl opens them."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from app.errors import ValidationError
from app.excel.roster_reader import read_roster
from app.excel.safety import OLE2_MAGIC, check_xlsx_file
from tests.roster_files import person, roster


def _claim_huge_sizes(path: Path, size: int = 0xFFFF0000) -> None:
    """Patch every central-directory entry to claim `size` uncompressed bytes (what a zip bomb shows)."""
    data = bytearray(path.read_bytes())
    start = 0
    while (pos := data.find(b"PK\x01\x02", start)) != -1:
        struct.pack_into("<I", data, pos + 24, size)
        start = pos + 4
    path.write_bytes(bytes(data))


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = roster(tmp_path / "bomb.xlsx", [person(1)])
    _claim_huge_sizes(path)
    assert zipfile.ZipFile(path).infolist()[0].file_size == 0xFFFF0000
    with pytest.raises(ValidationError, match="压缩炸弹"):
        read_roster(path)


def test_size_limit_is_a_parameter(tmp_path: Path) -> None:
    path = roster(tmp_path / "r.xlsx", [person(1)])
    check_xlsx_file(path)
    with pytest.raises(ValidationError, match="超过上限"):
        check_xlsx_file(path, max_uncompressed=1024)


@pytest.mark.parametrize(("suffix", "expected"), [(".xlsx", "设置了打开密码"), (".xls", "97-2003"), (".et", "WPS")])
def test_ole2_files_named_xlsx_xls_or_et(tmp_path: Path, suffix: str, expected: str) -> None:
    path = tmp_path / f"old{suffix}"
    path.write_bytes(OLE2_MAGIC + b"\x00" * 1024)
    with pytest.raises(ValidationError, match=expected) as info:
        read_roster(path)
    assert "另存为" in str(info.value)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_csv_renamed_xlsx(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_bytes("姓名,身份证号,党支部\n张三,610330198503090011,第一党支部\n".encode(encoding))
    with pytest.raises(ValidationError, match="CSV"):
        read_roster(path)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ValidationError, match="不是 Excel 工作簿"):
        read_roster(path)


def test_empty_file_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "zero.xlsx").write_bytes(b"")
    with pytest.raises(ValidationError, match="0 字节"):
        read_roster(tmp_path / "zero.xlsx")
    with pytest.raises(ValidationError, match="找不到文件"):
        read_roster(tmp_path / "nope.xlsx")


def test_word_document_renamed(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ValidationError, match="Word"):
        read_roster(path)


def test_truncated_xlsx(tmp_path: Path) -> None:
    path = roster(tmp_path / "r.xlsx", [person(1)])
    path.write_bytes(path.read_bytes()[:600])
    with pytest.raises(ValidationError, match="损坏"):
        read_roster(path)


def test_damaged_sheet_xml_is_a_clear_message(tmp_path: Path) -> None:
    good = roster(tmp_path / "good.xlsx", [person(1)])
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body[: len(body) // 2]
            dst.writestr(info, body)
    with pytest.raises(ValidationError, match="无法作为 Excel 工作簿读取"):
        read_roster(bad)


def test_entity_expansion_is_not_expanded(tmp_path: Path) -> None:
    """defusedxml (installed) makes openpyxl refuse a DTD with entities: a clear message, bounded memory."""
    good = roster(tmp_path / "good.xlsx", [person(1)])
    bad = tmp_path / "lol.xlsx"
    dtd = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                declaration, _sep, rest = body.partition(b"?>")
                body = declaration + b"?>" + dtd + rest
            dst.writestr(info, body)
    with pytest.raises(ValidationError, match="无法作为 Excel 工作簿读取"):
        read_roster(bad)
