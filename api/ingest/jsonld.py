"""JSON-LD as news sites really write it: single-quoted strings, trailing commas, HTML entities.

Reuters pages of 2017–2019 put ``"description": '...'`` in their JSON-LD, which no JSON parser
accepts; a strict parser would throw away the most trusted metadata on the page. ``loads_lenient``
repairs the common faults and, when the block is beyond repair, salvages its flat string fields.
"""

from __future__ import annotations

import html
import json
import re
from collections import deque
from typing import Any

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_WRAPPERS = re.compile(
    r"^\s*(?:<!--|//\s*<!\[CDATA\[|/\*\s*<!\[CDATA\[\s*\*/)|(?:-->|//\s*\]\]>|/\*\s*\]\]>\s*\*/)\s*$"
)
_PAIR = re.compile(r'"([@\w]+)"\s*:\s*"((?:[^"\\]|\\.)*)"')
_CLOSES_QUOTE = re.compile(r"\s*[,}\]:]")
_ARTICLE_TYPES = ("Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting")


def loads_lenient(raw: str) -> Any | None:
    """Parse one JSON-LD block; None when nothing can be recovered."""
    text = _WRAPPERS.sub("", raw.strip()).strip()
    if not text:
        return None
    for candidate in (text, _repair(text)):
        try:
            return _unescape(json.loads(candidate, strict=False))
        except json.JSONDecodeError:
            continue
        except RecursionError:  # nested deeper than any metadata is: not worth salvaging
            return None
    pairs = {key: _decode_string(value) for key, value in _PAIR.findall(text)}
    return _unescape(pairs) if pairs else None


def _repair(text: str) -> str:
    return _TRAILING_COMMA.sub(r"\1", _requote(text))


def _requote(text: str) -> str:
    """Turn single-quoted string literals into double-quoted ones, leaving valid strings alone.

    A single quote closes the literal only when a JSON delimiter follows it, so apostrophes
    inside the text ("the Guards' Quds Force") survive.
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            end = _end_of_double(text, i)
            out.append(text[i:end])
            i = end
        elif ch == "'":
            j = i + 1
            buf: list[str] = []
            while j < n:
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j : j + 2])
                    j += 2
                    continue
                if text[j] == "'" and _CLOSES_QUOTE.match(text, j + 1):
                    break
                buf.append('\\"' if text[j] == '"' else text[j])
                j += 1
            out.append('"' + "".join(buf).replace("\\'", "'") + '"')
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _end_of_double(text: str, start: int) -> int:
    j = start + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == '"':
            return j + 1
        j += 1
    return len(text)


def _decode_string(value: str) -> str:
    try:
        decoded: str = json.loads(f'"{value}"', strict=False)
        return decoded
    except json.JSONDecodeError:
        return value


def _unescape(value: Any) -> Any:
    """Pages often HTML-escape inside JSON ("Iran&#039;s"); a reader wants the characters."""
    if isinstance(value, str):
        return html.unescape(value)
    if isinstance(value, list):
        return [_unescape(v) for v in value]
    if isinstance(value, dict):
        return {k: _unescape(v) for k, v in value.items()}
    return value


def flatten(value: Any) -> list[dict[str, Any]]:
    """Every object in a JSON-LD value: top-level lists and ``@graph`` arrays opened up."""
    found: list[dict[str, Any]] = []
    stack = deque([value])
    while stack:
        item = stack.popleft()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            found.append(item)
            if isinstance(item.get("@graph"), list):
                stack.extend(item["@graph"])
    return found


def is_article(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k in _ARTICLE_TYPES for k in kinds)


def names(value: Any) -> list[str]:
    """Names from an ``author``/``creator`` value: a string, a Person, or a list of either."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            out.append(item["name"])
    return [n.strip() for n in out if n and n.strip()]
