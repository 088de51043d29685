"""Render the application icon (resources/app/meetingroom.svg) for the packages.

    python packaging/icons.py OUT_DIR

writes ``OUT_DIR/hicolor/SIZExSIZE/apps/meetingroom.png`` for the freedesktop icon theme
(the .deb), ``OUT_DIR/hicolor/scalable/apps/meetingroom.svg``, and ``OUT_DIR/meetingroom.ico``
(PNG images inside, as Windows Vista and later read them) for the Windows executable
and installer. Uses Qt's SVG renderer from the build environment, headless.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

SVG = Path(__file__).resolve().parents[1] / "resources" / "app" / "meetingroom.svg"
THEME_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An .ico file whose entries are PNG images (one per size)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an icon directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([sys.argv[0]])  # noqa: F841  (Qt wants one before painting)
    pngs = {size: render_png(size) for size in sorted({*THEME_SIZES, *ICO_SIZES})}
    for size in THEME_SIZES:
        target = out / "hicolor" / f"{size}x{size}" / "apps" / "meetingroom.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
    scalable = out / "hicolor" / "scalable" / "apps" / "meetingroom.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable)
    (out / "meetingroom.ico").write_bytes(ico({s: pngs[s] for s in ICO_SIZES}))
    print(f"icons: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
