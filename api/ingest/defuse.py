"""Markup that would keep the HTML parser busy for minutes, made harmless before it is parsed.

lexbor (the C parser behind selectolax) does work that grows with the product of a few measures
of the page, and inside C code no time limit can stop it (``api/plugins.py`` interrupts Python
only). Measured with selectolax 1.0 on this project's machines:

- attributes of one tag: each new one is compared with those before it (100,000 attributes on
  one tag: minutes);
- depth of nesting: every block start tag looks down the whole stack of open elements
  (20,000 nested ``<div>``: 1.4 s; 40,000: 10 s; 1,000 deep plus 100,000 more ``<div>``: 0.6 s);
- open formatting elements (``<b>``, ``<font>``…) with different attributes: each new paragraph
  reopens every one of them (20,000 of them, then 20,000 ``<p>``: 7 s).

No real page comes near these limits (the corpus pages nest at most 24 deep by the count below),
so a tag beyond them
loses its attributes or is left out; its text stays.
"""

from __future__ import annotations

import re

MAX_ATTRIBUTES = 1000
MAX_DEPTH = 256
MAX_FORMATTING = 64

_LONG_TAG = re.compile(r"<([a-zA-Z][\w:.-]*)([^<>]{8192,})(>?)")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
# A start or end tag, or a comment opening; attributes stop at the next "<" so that a page full
# of unterminated tags is still read in one pass.
_TAG = re.compile(r"<(?:(!--)|(/?)([a-zA-Z][^\s/<>]*)([^<>]*))")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Closed by the parser when the next one opens ("<p>a<p>b"): they never nest into themselves.
_IMPLIED_END = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "option",
        "optgroup",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "colgroup",
        "caption",
        "rb",
        "rp",
        "rt",
        "rtc",
    ]
)
# Read as text, not markup, by the parser (outside <svg> and <math>); <noscript> is not among
# them because whether it is depends on the parser's settings.
_RAW_TEXT = frozenset(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"])
_FORMATTING = frozenset(
    ["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"]
)
_FOREIGN = frozenset({"svg", "math"})
_RAW_END = {name: re.compile(f"</{name}", re.I) for name in _RAW_TEXT}
_ANY_LONG_TAG = re.compile(r"<[a-zA-Z][^<>]{8192}")


def defuse(text: str) -> str:
    """``text`` with over-long tags shortened and over-deep nesting flattened."""
    if _ANY_LONG_TAG.search(text):  # a cheap look first: the substitution costs four times more
        text = _LONG_TAG.sub(_shorten_tag, text)
    return _limit_nesting(text)


def _shorten_tag(match: re.Match[str]) -> str:
    if len(_QUOTED.sub(" ", match.group(2)).split()) <= MAX_ATTRIBUTES:
        return match.group(0)
    return f"<{match.group(1)}{match.group(3)}"


def _limit_nesting(text: str) -> str:
    """Leave out start tags that would open more than MAX_DEPTH elements (or MAX_FORMATTING
    formatting elements) at once, and the end tags that close them.

    The open elements are estimated the way a browser would count them, roughly: void elements
    and those with implied end tags do not count, an end tag closes everything opened after
    its start tag, and script, style and comments are skipped whole.
    """
    stack: list[str] = []
    open_count: dict[str, int] = {}
    formatting = 0
    dropped: dict[str, int] = {}
    cuts: list[tuple[int, int]] = []
    pos = 0
    while (match := _TAG.search(text, pos)) is not None:
        pos = match.end() + text.startswith(">", match.end())
        span = (match.start(), pos)
        if match.group(1):  # a comment: skip to its end
            end = text.find("-->", pos)
            if end == -1:
                break
            pos = end + 3
            continue
        name = match.group(3).lower()
        if match.group(2):  # an end tag
            if dropped.get(name):
                dropped[name] -= 1
                cuts.append(span)
            elif open_count.get(name):
                while stack:
                    top = stack.pop()
                    open_count[top] -= 1
                    formatting -= top in _FORMATTING
                    if top == name:
                        break
            continue
        foreign = any(open_count.get(f) for f in _FOREIGN)
        if name in _RAW_TEXT and not foreign:
            closing = _RAW_END[name].search(text, pos)
            if closing is None:
                break  # the rest of the page is that element's text
            pos = closing.start()
            continue
        if name in _VOID or name in _IMPLIED_END:
            continue
        if match.group(4).endswith("/") and foreign:
            continue  # <path/> inside <svg> closes itself; in HTML "<div/>" does not
        is_formatting = name in _FORMATTING
        if len(stack) >= MAX_DEPTH or (is_formatting and formatting >= MAX_FORMATTING):
            dropped[name] = dropped.get(name, 0) + 1
            cuts.append(span)
            continue
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        formatting += is_formatting
    if not cuts:
        return text
    parts: list[str] = []
    start = 0
    for cut_start, cut_end in cuts:
        parts.append(text[start:cut_start])
        start = cut_end
    parts.append(text[start:])
    return "".join(parts)
