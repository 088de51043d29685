"""Allow-list sanitiser for the minutes' rich text (HTML from Qt's ``QTextEdit.toHtml()``).

What survives: the tags in ``_KEPT`` (headings h1–h4, paragraphs, line breaks, bold,
italic, underline, strike-through, lists, tables with ``colspan``/``rowspan``, block
quotes, rules, ``span``/``div``) and, in a ``style`` attribute, only the properties in
``_CSS`` with values that match their pattern. Alignment is written as the ``align``
attribute of a block (from ``align`` or ``text-align``), because both Qt (which ignores
``text-align:justify`` when it reads HTML back) and MuPDF's ``Story`` honour it; Qt's
``-qt-block-indent:N`` becomes ``margin-left`` (40 px a level, Qt's default indent
width), so the editor's formatting reaches the PDF and survives a round trip.

What goes: the contents of ``script``, ``style``, ``head``, ``iframe``, ``object``,
``svg``… (see ``_DROP_WITH_CONTENT``); every other tag (``a``, ``img``, ``font``,
``html``, ``body``…) loses its markup but keeps its text; every other attribute
(``href``, ``src``, ``on*``, ``class``, ``id``…); comments, ``<!DOCTYPE>``, processing
instructions and CDATA; control characters other than newline and tab, and bidi
overrides. Nothing that could name a URL or a file (``url(…)``, ``href``, ``src``)
can get through, because no value pattern admits it.

The output is a well-formed body fragment (every kept element closed, in order), its
text NFC-normalised and re-escaped, so ``sanitize_html(sanitize_html(x)) ==
sanitize_html(x)``. Input and output are bounded by ``MAX_HTML_CHARS``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

MAX_HTML_CHARS = 1_000_000
"""Largest HTML accepted (and produced), in characters; Qt's ``toHtml()`` of a long
minutes document is a few hundred kilobytes, most of it inline styles."""

MAX_DEPTH = 64
"""Kept elements nest at most this deep; deeper tags are dropped, their text kept."""

_KEPT = frozenset({
    "h1", "h2", "h3", "h4", "p", "br", "b", "strong", "i", "em", "u", "s",
    "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
    "blockquote", "hr", "span", "div",
})
_VOID = frozenset({"br", "hr"})
_ALIGNABLE = frozenset({"h1", "h2", "h3", "h4", "p", "div", "td", "th", "li"})
_SPANNING = frozenset({"td", "th"})
_DROP_WITH_CONTENT = frozenset({
    "script", "style", "head", "title", "iframe", "frameset", "object",
    "applet", "template", "noscript", "noembed", "noframes", "textarea", "select",
    "option", "svg", "math", "xmp", "plaintext", "audio", "video", "canvas", "map",
})

_LENGTH = r"(?:0|\d{1,4}(?:\.\d{1,3})?(?:px|pt|em|%))"
_CSS: dict[str, re.Pattern[str]] = {
    "font-weight": re.compile(r"normal|bold|bolder|lighter|[1-9]00"),
    "font-style": re.compile(r"normal|italic|oblique"),
    "text-decoration": re.compile(
        r"none|(?:underline|line-through|overline)(?: (?:underline|line-through|overline)){0,2}"),
    "text-align": re.compile(r"left|right|center|justify"),
    "margin-left": re.compile(_LENGTH),
    "vertical-align": re.compile(r"baseline|sub|super|top|middle|bottom"),
}
_QT_INDENT_PX = 40
_SPAN_VALUE = re.compile(r"[1-9]\d?")
_ZERO = re.compile(r"0(?:\.0{1,3})?(?:px|pt|em|%)?")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class RichTextError(ValueError):
    """Rich text that cannot be accepted; ``reason`` is a stable sub-code (``too_long``)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def sanitize_html(html_text: str) -> str:
    """Return the allow-listed body fragment of ``html_text`` (see the module docstring).

    Raises :class:`RichTextError` with ``reason="too_long"`` when the input or the
    result is longer than ``MAX_HTML_CHARS``.
    """
    if len(html_text) > MAX_HTML_CHARS:
        raise RichTextError(
            f"the minutes text is limited to {MAX_HTML_CHARS} characters", "too_long")
    parser = _Sanitizer()
    parser.feed(html_text)
    parser.close()
    out = parser.result()
    if len(out) > MAX_HTML_CHARS:
        raise RichTextError(
            f"the minutes text is limited to {MAX_HTML_CHARS} characters", "too_long")
    return out


def clean_style(style: str) -> str:
    """The allowed declarations of an inline ``style``, normalised as ``prop:value; …``."""
    return _format_style(_parse_style(style))


def _parse_style(style: str) -> dict[str, str]:
    found: dict[str, str] = {}
    qt_indent = 0
    for decl in style.split(";"):
        name, sep, value = decl.partition(":")
        if not sep:
            continue
        name = name.strip().lower()
        value = " ".join(value.strip().lower().split())
        if name == "-qt-block-indent" and _SPAN_VALUE.fullmatch(value):
            qt_indent = int(value)
            continue
        pattern = _CSS.get(name)
        if pattern is None or not pattern.fullmatch(value):
            continue
        if name == "margin-left" and _ZERO.fullmatch(value):
            found.pop(name, None)  # Qt writes margin-left:0px on every block; it is the default
        else:
            found[name] = value
    if qt_indent and "margin-left" not in found:
        found["margin-left"] = f"{qt_indent * _QT_INDENT_PX}px"
    return found


def _format_style(decls: dict[str, str]) -> str:
    return "; ".join(f"{k}:{v}" for k, v in decls.items())


def escape_text(text: str) -> str:
    """``text`` as sanitised HTML text: NFC, hidden characters dropped, ``&<>`` escaped.

    Builders of HTML (e.g. the minutes draft) use it so that their output passes
    :func:`sanitize_html` unchanged.
    """
    return html.escape(_clean_text(text), quote=False)


def _clean_text(text: str) -> str:
    """Hidden characters out first, then NFC (the other order can leave text non-NFC)."""
    return unicodedata.normalize("NFC", "".join(
        ch for ch in text
        if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI_CONTROLS)))


class _Sanitizer(HTMLParser):
    """Streams allowed markup and escaped text into ``_out``; one instance per call."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []
        self._open: list[str] = []
        self._skipping: list[str] = []
        self._text: list[str] = []

    def result(self) -> str:
        self._flush()
        self._out.extend(f"</{tag}>" for tag in reversed(self._open))  # after the text
        self._open.clear()
        return "".join(self._out).strip()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping or tag in _DROP_WITH_CONTENT:
            if tag in _DROP_WITH_CONTENT:
                self._skipping.append(tag)
            return
        if tag not in _KEPT:
            return
        if tag in _VOID:
            self._emit(f"<{tag}{self._attrs(tag, attrs)}>")
            return
        if len(self._open) >= MAX_DEPTH:
            return
        self._open.append(tag)
        self._emit(f"<{tag}{self._attrs(tag, attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WITH_CONTENT:
            return  # <svg/> has no content to skip
        depth = len(self._open)
        self.handle_starttag(tag, attrs)
        if len(self._open) > depth:  # <p/> means an empty paragraph
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag in self._skipping:
                while self._skipping.pop() != tag:
                    pass
            return
        if tag not in self._open or tag in _VOID:
            return
        while True:
            top = self._open.pop()
            self._emit(f"</{top}>")
            if top == tag:
                return

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._text.append(data)

    def _flush(self) -> None:
        """Emit the text gathered since the last kept tag as one NFC run.

        Text on both sides of dropped markup becomes adjacent, so it is normalised
        together (``A<?>\u0300`` gives ``À``), as a second pass would see it.
        """
        if self._text:
            self._out.append(escape_text("".join(self._text)))
            self._text.clear()

    def _emit(self, markup: str) -> None:
        self._flush()
        self._out.append(markup)

    # comments, declarations, processing instructions and CDATA are dropped
    def handle_comment(self, data: str) -> None:
        return

    def handle_decl(self, decl: str) -> None:
        return

    def handle_pi(self, data: str) -> None:
        return

    def unknown_decl(self, data: str) -> None:
        return

    @staticmethod
    def _attrs(tag: str, attrs: list[tuple[str, str | None]]) -> str:
        style: dict[str, str] = {}
        spans: dict[str, str] = {}
        for name, value in attrs:
            value = (value or "").strip()
            if name == "align" and tag in _ALIGNABLE:
                if _CSS["text-align"].fullmatch(value.lower()):
                    style.setdefault("text-align", value.lower())
            elif name == "style":
                style.update(_parse_style(value))
            elif name in ("colspan", "rowspan") and tag in _SPANNING and (
                    _SPAN_VALUE.fullmatch(value)):
                spans.setdefault(name, value)
        out = "".join(f' {name}="{value}"' for name, value in spans.items())
        align = style.pop("text-align", "")
        if align and tag in _ALIGNABLE:
            out += f' align="{align}"'
        if style:
            out += f' style="{html.escape(_format_style(style))}"'
        return out
