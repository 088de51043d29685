"""The minutes' rich-text sanitiser: what it keeps, what it drops, and that it is stable."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetingroom.domain.richtext import (
    MAX_DEPTH,
    MAX_HTML_CHARS,
    RichTextError,
    escape_text,
    sanitize_html,
)

# What QTextDocument.toHtml() (PySide6 6.x) wrote for a small formatted document;
# tests/gui/test_richtext_qt.py checks the live Qt output the same way.
QT_SAMPLE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN" "http://www.w3.org/TR/REC-html40/strict.dtd">
<html><head><meta name="qrichtext" content="1" /><meta charset="utf-8" /><style type="text/css">
p, li { white-space: pre-wrap; }
hr { height: 1px; border-width: 0; }
</style></head><body style=" font-family:'Sans Serif'; font-size:9pt; font-weight:400; font-style:normal;">
<h1 style=" margin-top:18px; margin-bottom:12px; margin-left:0px; margin-right:0px; -qt-block-indent:0; text-indent:0px;"><span style=" font-size:xx-large; font-weight:700;">Tiêu đề</span></h1>
<p align="center" style=" margin-top:12px; margin-bottom:12px; margin-left:0px; margin-right:0px; -qt-block-indent:0; text-indent:0px;"><span style=" font-weight:700;">Đậm</span> <span style=" font-style:italic;">nghiêng</span> <span style=" text-decoration: underline;">gạch</span> <span style=" text-decoration: line-through;">xoá</span> x<span style=" vertical-align:super;">2</span></p>
<ul style="margin-top: 0px; margin-bottom: 0px; margin-left: 0px; margin-right: 0px; -qt-list-indent: 1;">
<li style=" margin-top:12px; margin-bottom:0px; margin-left:0px; margin-right:0px; -qt-block-indent:0; text-indent:0px;">một</li></ul>
<p style=" margin-top:12px; margin-bottom:12px; margin-left:0px; margin-right:0px; -qt-block-indent:2; text-indent:0px;">thụt</p>
<table border="1" style=" margin-top:0px;" cellspacing="2" cellpadding="0">
<tr>
<td colspan="2">
<p style=" margin-top:0px;">A &amp; B</p></td></tr></table>
<p align="justify" style=" margin-top:12px;">đều</p></body></html>"""  # noqa: E501


def test_qt_output_keeps_its_formatting_and_loses_its_wrapper() -> None:
    out = sanitize_html(QT_SAMPLE)
    assert out.startswith("<h1>")
    assert "<!DOCTYPE" not in out and "<html" not in out and "<style" not in out
    assert "white-space" not in out and "font-family" not in out and "font-size" not in out
    assert '<span style="font-weight:700">Tiêu đề</span>' in out
    assert '<p align="center"><span style="font-weight:700">Đậm</span>' in out
    assert '<span style="font-style:italic">nghiêng</span>' in out
    assert '<span style="text-decoration:underline">gạch</span>' in out
    assert '<span style="text-decoration:line-through">xoá</span>' in out
    assert '<span style="vertical-align:super">2</span>' in out
    assert "<ul>\n<li>một</li></ul>" in out
    assert '<p style="margin-left:80px">thụt</p>' in out
    assert '<table>\n<tr>\n<td colspan="2">\n<p>A &amp; B</p></td></tr></table>' in out
    assert '<p align="justify">đều</p>' in out


@pytest.mark.parametrize(("hostile", "forbidden"), [
    ("<script>alert(1)</script>ok", "alert"),
    ("<SCRIPT SRC=//evil/x.js></SCRIPT>ok", "evil"),
    ("<style>p{background:url(file:///etc/passwd)}</style>ok", "passwd"),
    ('<p onclick="steal()">ok</p>', "steal"),
    ('<a href="http://evil.example/">ok</a>', "evil"),
    ('<img src="file:///etc/passwd">ok', "passwd"),
    ('<p style="background:url(http://evil.example/x.png)">ok</p>', "evil"),
    ('<p style="font-weight:bold;background-image:url(/etc/passwd)">ok</p>', "passwd"),
    ('<p style="margin-left:expression(alert(1))">ok</p>', "alert"),
    ('<iframe src="http://evil.example/"><p>inside</p></iframe>ok', "inside"),
    ("<!-- secret comment -->ok", "secret"),
    ("<svg><script>alert(1)</script></svg>ok", "alert"),
    ('<object data="x.swf">fallback-secret</object>ok', "secret"),
    ('<embed src="file:///etc/passwd">ok', "passwd"),  # void: must not swallow what follows
    ("<![CDATA[cdata-secret]]>ok", "secret"),
    ("<?php echo 'pi-secret' ?>ok", "secret"),
    ('<link rel="stylesheet" href="http://evil.example/s.css">ok', "evil"),
    ('<td background="http://evil.example/">ok</td>', "evil"),
    ('<span style="font-weight:\\62 old">ok</span>', "\\"),
])
def test_hostile_markup_is_dropped_and_text_kept(hostile: str, forbidden: str) -> None:
    out = sanitize_html(hostile)
    assert forbidden not in out
    assert "ok" in out
    for word in ("<script", "<style", "href", "src=", "url(", "<iframe", "<img", " on"):
        assert word not in out.lower()


def test_only_checked_css_values_are_kept() -> None:
    out = sanitize_html(
        '<p style="text-align:center; font-weight:bold; color:red; margin-left:-40px;'
        ' vertical-align:sub; font-style:ITALIC">x</p>')
    assert out == '<p align="center" style="font-weight:bold; vertical-align:sub; ' \
                  'font-style:italic">x</p>'
    assert sanitize_html('<span style="text-align:center">x</span>') == "<span>x</span>"


def test_table_spans_are_bounded_numbers() -> None:
    out = sanitize_html('<table><tr><td colspan="3" rowspan="x">a</td>'
                        '<th rowspan="1000">b</th></tr></table>')
    assert out == '<table><tr><td colspan="3">a</td><th>b</th></tr></table>'


def test_entities_are_decoded_then_re_escaped() -> None:
    out = sanitize_html("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x110;&#7897;</p>")
    assert out == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Độ</p>"


def test_unclosed_and_misnested_tags_become_well_formed() -> None:
    assert sanitize_html("<p><b>bold<i>both</p>after") == "<p><b>bold<i>both</i></b></p>after"
    assert sanitize_html("</div><p>x</span></p>") == "<p>x</p>"
    assert sanitize_html("<p>a<br/>b<hr></p>") == "<p>a<br>b<hr></p>"


def test_hidden_characters_are_dropped_and_text_is_nfc() -> None:
    decomposed = "Nghi quye\u0302\u0301t"
    out = sanitize_html(f"<p>{decomposed}\u202eexe.pdf\x00\x07</p>")
    assert out == "<p>Nghi quyết" + "exe.pdf</p>"
    # text that dropped markup or characters made adjacent is normalised together
    assert sanitize_html("A<?x?>\u0300") == "À"
    assert sanitize_html("A\x00\u0300") == "À"


def test_nesting_is_bounded() -> None:
    out = sanitize_html("<div>" * (MAX_DEPTH + 10) + "deep" + "</div>" * (MAX_DEPTH + 10))
    assert out.count("<div>") == MAX_DEPTH
    assert "deep" in out


def test_too_long_input_is_refused() -> None:
    with pytest.raises(RichTextError) as info:
        sanitize_html("x" * (MAX_HTML_CHARS + 1))
    assert info.value.reason == "too_long"
    assert isinstance(info.value, ValueError)


def test_escape_text_passes_the_sanitiser_unchanged() -> None:
    text = "Ông A & bà B <chủ trì>\tghi chú"
    assert sanitize_html(escape_text(text)) == escape_text(text)


_TAGS = ["p", "b", "i", "u", "s", "h1", "h4", "ul", "ol", "li", "table", "tr", "td", "th",
         "span", "div", "br", "hr", "a", "img", "script", "style", "iframe", "font", "svg",
         "blockquote", "thead", "tbody", "em", "strong", "textarea", "title"]
_ATTRS = ['', ' align="center"', ' style="font-weight:700; margin-left:0px; -qt-block-indent:1"',
          ' style="text-decoration: underline line-through"', ' colspan="2"', ' href="x"',
          ' onclick="y"', ' style="background:url(x)"', " style='text-align:justify'"]
_piece = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    st.sampled_from(["&amp;", "&lt;", "&", "<", ">", "&#x110;", "<!--", "-->", "<!DOCTYPE x>",
                     "e\u0301", "\u0301", "\r\n", "<![CDATA[", "]]>", "</", "<p", "\u202e"]),
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(_TAGS), st.sampled_from(_ATTRS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(_TAGS)),
    st.builds(lambda t: f"<{t}/>", st.sampled_from(_TAGS)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_piece, max_size=30).map("".join))
def test_sanitising_is_idempotent(html: str) -> None:
    once = sanitize_html(html)
    assert sanitize_html(once) == once
