"""Draw the application icon (a red rounded square with a white 党) as app.png and a multi-size app.ico.

Run once from the repo root when the design changes, then commit the two files:
    QT_QPA_PLATFORM=offscreen python resources/icons/make_icon.py
Qt only (no Pillow): each size is drawn with QPainter and the ICO is written by hand, with PNG-compressed
entries (read by Windows Vista and later), because Qt's own ICO writer stores a single size.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPainterPath

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "fonts" / "wqy-microhei.ttc"
SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = QColor("#C8102E")  # the Party flag's red
GOLD = QColor("#FFD700")


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = max(0.5, size / 32)
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    path = QPainterPath()
    path.addRoundedRect(rect, size * 0.18, size * 0.18)
    p.fillPath(path, RED)
    if size >= 48:  # a thin gold rim reads as a seal at large sizes, and as noise at small ones
        pen = p.pen()
        pen.setColor(GOLD)
        pen.setWidthF(size / 48)
        p.setPen(pen)
        inner = rect.adjusted(size / 20, size / 20, -size / 20, -size / 20)
        p.drawRoundedRect(inner, size * 0.13, size * 0.13)
    font = QFont(family)
    font.setPixelSize(int(size * 0.70))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(rect.adjusted(0, -size * 0.02, 0, 0), Qt.AlignmentFlag.AlignCenter, "党")
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data)


def write_ico(path: Path, images: list[tuple[int, bytes]]) -> None:
    """ICONDIR + one ICONDIRENTRY per size + the PNG streams."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in images:
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    path.write_bytes(header + entries + blobs)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    font_id = QFontDatabase.addApplicationFont(str(FONT))
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        print(f"font not found: {FONT}", file=sys.stderr)
        return 1
    images = [(s, png_bytes(draw(s, families[0]))) for s in SIZES]
    (HERE / "app.png").write_bytes(dict(images)[256])
    write_ico(HERE / "app.ico", images)
    print(f"wrote {HERE / 'app.png'} and {HERE / 'app.ico'} ({', '.join(map(str, SIZES))} px)")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
