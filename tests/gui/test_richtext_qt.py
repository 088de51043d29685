"""Qt's own ``toHtml()`` output keeps its formatting through the minutes sanitiser, both ways."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from meetingroom.domain.richtext import sanitize_html

SOURCE = ('<h2>Tiêu đề</h2><p align="center"><b>Đậm</b> <i>nghiêng</i> <u>gạch</u> '
          '<s>xoá</s></p><ul><li>một</li><li>hai</li></ul><ol><li>ba</li></ol>'
          '<p align="right">phải</p><p align="justify">đều</p>'
          '<table><tr><td colspan="2">A &amp; B</td></tr></table>')


def test_qt_html_survives_and_round_trips(qapp: Any) -> None:
    doc = QTextDocument()
    doc.setHtml(SOURCE)
    clean = sanitize_html(doc.toHtml())
    assert sanitize_html(clean) == clean
    assert "<html" not in clean and "<style" not in clean and "font-family" not in clean
    for kept in ('<span style="font-weight:700">Đậm</span>',
                 '<span style="font-style:italic">nghiêng</span>',
                 '<span style="text-decoration:underline">gạch</span>',
                 '<span style="text-decoration:line-through">xoá</span>',
                 '<p align="center">', '<p align="right">phải</p>',
                 '<p align="justify">đều</p>', "<ul>", "<ol>", "<li>một</li>",
                 '<td colspan="2">', "A &amp; B"):
        assert kept in clean, kept
    assert "<h2>" in clean and "Tiêu đề" in clean
    # the editor reads the sanitised text back with the same formatting
    again = QTextDocument()
    again.setHtml(clean)
    assert sanitize_html(again.toHtml()) == clean
    found = {}
    block = again.begin()
    while block.isValid():
        found[block.text()] = block.blockFormat().alignment()
        block = block.next()
    assert found["phải"] & Qt.AlignmentFlag.AlignRight
    assert found["đều"] & Qt.AlignmentFlag.AlignJustify
    assert found["Đậm nghiêng gạch xoá"] & Qt.AlignmentFlag.AlignHCenter
