"""Checks a spreadsheet file before openpyxl touches it: right format, bounded size (zip bombs).

A school PC gets .xls, WPS .et and .csv files renamed to .xlsx, password-protected workbooks and the
odd hostile file. Each gets a Chinese message naming the problem instead of a parser's stack trace.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from app.errors import ValidationError

# Decompressed size of every part together. A 20,000-row roster is ~15 MB of XML; 300 MB is generous.
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_ENTRIES = 5000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut off by our read window
                return True
            continue
        return True
    return False


def check_xlsx_file(path: Path, *, max_uncompressed: int = MAX_UNCOMPRESSED) -> None:
    """Raise ValidationError unless `path` is an .xlsx workbook of sane size. Reads only the zip index."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise ValidationError(f"找不到文件：{path}")
    if path.is_dir():
        raise ValidationError(f"“{name}”是文件夹，不是 Excel 文件")
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise ValidationError(f"无法读取文件“{name}”：{exc.strerror or exc}") from None
    if not head:
        raise ValidationError(f"文件“{name}”是空的（0 字节）")
    if head.startswith(OLE2_MAGIC):
        kind = {".xls": "旧版 Excel 97-2003（.xls）", ".et": "WPS 表格（.et）"}.get(
            suffix, "旧版 Excel（.xls）、WPS 表格（.et）或设置了打开密码的")
        raise ValidationError(
            f"“{name}”是{kind}文件，本程序只能读取 .xlsx 格式。请用 Excel 或 WPS 打开它，"
            "“另存为”Excel 工作簿（*.xlsx）（如设有打开密码请先取消），再导入另存后的文件。")
    if not head.startswith(ZIP_MAGIC):
        if _looks_like_text(head):
            raise ValidationError(
                f"“{name}”是 CSV 或文本文件（只是扩展名为{suffix or '空'}），不是 Excel 工作簿。"
                "请用 Excel 或 WPS 打开它，“另存为”Excel 工作簿（*.xlsx）后再导入。")
        raise ValidationError(f"“{name}”不是 Excel 工作簿（.xlsx）文件，无法读取。")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(f"“{name}”已损坏或不完整（可能没有下载或复制完），无法读取。") from None
    if len(infos) > MAX_ENTRIES:
        raise ValidationError(f"“{name}”内部包含 {len(infos)} 个部件，不像正常的 Excel 文件，已拒绝读取。")
    total = sum(info.file_size for info in infos)
    if total > max_uncompressed:
        raise ValidationError(
            f"“{name}”解压后约 {total / 1024 / 1024:,.0f} MB，超过上限 {max_uncompressed // 1024 // 1024} MB，"
            "可能是异常或恶意构造的文件（“压缩炸弹”），已拒绝读取。")
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names and not any(n.startswith("xl/workbook") for n in names):
        if "word/document.xml" in names:
            raise ValidationError(f"“{name}”是 Word 文档，不是 Excel 工作簿。")
        if "ppt/presentation.xml" in names:
            raise ValidationError(f"“{name}”是 PowerPoint 演示文稿，不是 Excel 工作簿。")
        if "content.xml" in names:
            raise ValidationError(f"“{name}”是 OpenDocument（.ods）等格式，请另存为 Excel 工作簿（*.xlsx）后再导入。")
        raise ValidationError(f"“{name}”是一个压缩包，不是 Excel 工作簿（.xlsx）。")


def merged_ranges(archive: zipfile.ZipFile, member: str) -> list[str]:
    """`A1:M1`-style merged ranges of one worksheet part, found by a byte scan (read-only mode has none).

    The scan reads the decompressed part in chunks; its size was bounded by check_xlsx_file.
    """
    found: list[str] = []
    tail = b""
    with archive.open(member) as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            last_end = 0
            for m in _MERGE.finditer(data):
                found.append(m.group(1).decode("ascii"))
                last_end = m.end()
            tail = data[max(last_end, len(data) - 200):]
    return found
