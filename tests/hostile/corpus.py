"""Hostile and broken documents, built at test time: nothing of this is stored in the repository.

Each builder returns files to write into one folder (the document, sometimes its .meta.json)
and what the document must come to: ``"error"`` (a per-document failure naming it) or
``"either"`` (a clear error or a stored article; both are fine, crashing is not). Templates are
the project's own seed articles, so that the hostile parts get past source detection and reach
the parsers, the extractor and the store.
"""

from __future__ import annotations

import codecs
import json
import random
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from api.settings import SEEDS_DIR

SCRIPT = '<script>alert("xss")</script>'
IMG = "<img src=x onerror=alert(1)>"
EVIL_URL = "javascript:alert(document.cookie)"
MB = 1024 * 1024


@dataclass
class Hostile:
    name: str  # the file name; also how failures must refer to it
    content: bytes
    expect: str = "either"  # "error" or "either"
    meta: dict[str, object] | None = None
    why: str = ""
    extra: dict[str, bytes] = field(default_factory=dict)

    def files(self) -> Iterator[tuple[str, bytes]]:
        yield self.name, self.content
        if self.meta is not None:
            yield self.name + ".meta.json", json.dumps(self.meta).encode()
        yield from self.extra.items()


def seed(path: str) -> bytes:
    return (SEEDS_DIR / "articles" / path).read_bytes()


REUTERS = "reuters/reuters-2020-03-11-camp-taji-rockets.html"
TASNIM = "tasnim/tasnim-2020-01-08-irgc-missiles-ain-al-assad.html"
JPOST_HTML = "jpost/jpost-2020-01-08-iran-missiles-ain-al-asad.html"
JPOST_TXT = "jpost/jpost-2020-03-13-camp-taji-rocket-attack.txt"
JPOST_META = {"source": "jpost", "url": "https://www.jpost.com/hostile/1", "published_at": "2020-03-13T06:20:00Z"}


def _inject_text(html: bytes, payload: str) -> bytes:
    """Put ``payload``, HTML-escaped, at the start of every text node and every attribute value."""
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    text = html.decode("utf-8")
    text = re.sub(r">([^<>\s][^<>]*)<", lambda m: f">{escaped} {m.group(1)}<", text)
    text = re.sub(r'(content|alt|title)="([^"]*)"', lambda m: f'{m.group(1)}="{escaped} {m.group(2)}"', text)
    return text.encode("utf-8")


def _inject_jsonld(html: bytes) -> bytes:
    """Break out of JSON-LD strings with a closing script tag and an event handler."""
    text = html.decode("utf-8")
    text = re.sub(r'"(headline|name|description)":"', lambda m: f'"{m.group(1)}":"</script>{SCRIPT}{IMG} ', text)
    return text.encode("utf-8")


def _raw_tags(html: bytes, payload: str) -> bytes:
    """``payload`` as live markup inside every paragraph, heading and article body."""
    tags = rb"(<(?:p|h1|h2|figcaption)\b[^>]*>|itemprop=\"articleBody\">)"
    return re.sub(tags, lambda m: m.group(1) + payload.encode(), html)


def _after_first_paragraph(html: bytes, extra: bytes) -> bytes:
    at = html.find(b"</p>")
    at = at + 4 if at >= 0 else html.find(b"</body>")
    return html[:at] + extra + html[at:]


def _different(content: bytes, tag: str) -> bytes:
    """The same page with a unique marker, so that no two hostile variants share a content hash."""
    return (
        content.replace(b"</body>", f"<!-- {tag} --></body>".encode(), 1)
        if b"</body>" in content
        else (content + f"\n{tag}\n".encode())
    )


def empty_and_junk() -> Iterator[Hostile]:
    yield Hostile("empty.html", b"", "error", why="no bytes")
    yield Hostile("empty.txt", b"", "error", meta=JPOST_META | {"url": "https://www.jpost.com/h/empty"})
    yield Hostile("empty.json", b"", "error", why="empty JSON envelope")
    yield Hostile(
        "whitespace.txt", b" \n\t\r\n" * 1000, "error", meta=JPOST_META | {"url": "https://www.jpost.com/h/ws"}
    )
    yield Hostile("nul-bytes.html", b"\x00" * 10_000, "error")
    rng = random.Random(7)
    yield Hostile("random-binary.html", bytes(rng.randrange(256) for _ in range(200_000)), "error")
    yield Hostile("png-named-html.html", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(5000)), "error")
    yield Hostile("gzip-named-html.html", zlib.compress(seed(REUTERS)), "error", why="compressed bytes")
    yield Hostile("only-tags.html", b"<html><head></head><body><div><span></span></div></body></html>", "error")
    yield Hostile("unclosed-comment.html", b"<html><body><!-- " + b"a" * 100_000, "error")
    yield Hostile("lone-lt.txt", b"<" * 200_000, "either", meta=JPOST_META | {"url": "https://www.jpost.com/h/lt"})


def encodings() -> Iterator[Hostile]:
    reuters = seed(REUTERS).decode("utf-8")
    jpost = seed(JPOST_TXT).decode("utf-8")
    for codec in ("utf-16", "utf-16-be", "utf-32"):
        yield Hostile(f"reuters-{codec}.html", reuters.encode(codec), "either", why=f"{codec} with or without BOM")
    yield Hostile("reuters-utf8-bom.html", codecs.BOM_UTF8 + _different(reuters.encode(), "bom"), "either")
    yield Hostile("reuters-cp1252.html", _different(reuters.replace("'", "’").encode("cp1252", "replace"), "cp1252"))
    yield Hostile(
        "reuters-latin1-arabic.html",
        _different(reuters.encode("utf-8"), "x").replace(b"Baghdad", "Baghdâd".encode("latin-1")),
    )
    mixed = jpost.encode("utf-8") + "\nالحشد الشعبي — Ḥashd ".encode("cp1256", "replace") + "«ÀÉÎ»".encode("latin-1")
    yield Hostile("jpost-mixed-encodings.txt", mixed, meta=JPOST_META | {"url": "https://www.jpost.com/h/mixed"})
    yield Hostile("jpost-invalid-utf8.txt", jpost.encode() + b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc",
                  meta=JPOST_META | {"url": "https://www.jpost.com/h/invalid-utf8"})  # fmt: skip
    yield Hostile("jpost-overlong-utf8.txt", jpost.encode() + b"\xc0\xbcscript\xc0\xbe\xed\xa0\x80",
                  meta=JPOST_META | {"url": "https://www.jpost.com/h/overlong"})  # fmt: skip
    yield Hostile("jpost-control-chars.txt", (jpost + "".join(chr(c) for c in range(32))).encode() + "\u202e\u200b\ufeff".encode(),
                  meta=JPOST_META | {"url": "https://www.jpost.com/h/control"})  # fmt: skip
    yield Hostile("reuters-meta-charset-lies.html",
                  _different(reuters.replace('<meta charset="utf-8">', '<meta charset="shift_jis">').encode("utf-16-le"), "sjis"))  # fmt: skip


def sizes() -> Iterator[Hostile]:
    paragraph = b"<p>BAGHDAD (Reuters) - Rockets struck a base, killing two soldiers, officials said.</p>\n"
    yield Hostile("fifty-megabytes.html", b"<html><body>" + paragraph * (50 * MB // len(paragraph)) + b"</body></html>",
                  "error", why="over the 20 MB read limit")  # fmt: skip
    page = seed(REUTERS)
    yield Hostile("reuters-5mb-body.html", _after_first_paragraph(page, paragraph * (5 * MB // len(paragraph))))
    yield Hostile("one-long-word.txt", b"A" * (2 * MB), meta=JPOST_META | {"url": "https://www.jpost.com/h/word"})
    yield Hostile(
        "one-long-line.txt",
        b"Rockets hit Camp Taji, " * 200_000,
        meta=JPOST_META | {"url": "https://www.jpost.com/h/line"},
    )


def structure() -> Iterator[Hostile]:
    page = seed(REUTERS)
    deep_div = b"<div>" * 10_000 + b"Rockets hit Camp Taji." + b"</div>" * 10_000
    yield Hostile("nested-10000-divs.html", page.replace(b"<body>", b"<body>" + deep_div, 1))
    yield Hostile("nested-10000-unclosed.html", page.replace(b"<body>", b"<body>" + b"<div><b><i>" * 10_000, 1))
    yield Hostile("nested-100000-spans.html", b"<html><body>" + b"<span>" * 100_000 + b"x</body></html>")
    yield Hostile("table-bomb.html", b"<html><body>" + b"<table><tr><td>" * 20_000 + b"</body></html>")
    yield Hostile("million-br.html", page.replace(b"<body>", b"<body>" + b"<br>" * 1_000_000, 1))
    yield Hostile(
        "attribute-bomb.html",
        page.replace(b"<body>", b"<body " + b" ".join(b"a%d=x" % i for i in range(100_000)) + b">", 1),
    )
    entity = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;") * 10) for i in range(1, 10))
        + b"]>"
    )
    yield Hostile("billion-laughs.xml", b'<?xml version="1.0"?>' + entity + b"<lolz>&lol9;</lolz>", "either")
    yield Hostile("billion-laughs.html", entity + b"<html><body><p>&lol9;</p></body></html>", "either")
    yield Hostile(
        "external-entity.xml",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        "either",
    )
    yield Hostile(
        "data-uri-5mb.html",
        page.replace(b"<body>", b'<body><img src="data:image/png;base64,' + b"A" * (5 * MB) + b'">', 1),
    )
    yield Hostile(
        "huge-inline-script.html", page.replace(b"<body>", b"<body><script>" + b"var a=1;" * 500_000 + b"</script>", 1)
    )


def envelopes() -> Iterator[Hostile]:
    good = {"source": "reuters", "url": "https://www.reuters.com/h/env", "published_at": "2020-03-11T20:05:00Z",
            "html": seed(REUTERS).decode()}  # fmt: skip
    wrong = {
        "html-number": {"html": 12345}, "html-list": {"html": ["<p>a</p>"]}, "html-object": {"html": {"a": 1}},
        "text-bool": {"text": True, "html": None}, "url-int": {"url": 7}, "source-list": {"source": ["reuters"]},
        "published-bool": {"published_at": False}, "published-object": {"published_at": {"y": 2020}},
    }  # fmt: skip
    for name, change in wrong.items():
        yield Hostile(f"envelope-{name}.json", json.dumps(good | change).encode(), "error", why="wrong JSON type")
    for name, raw in {
        "top-level-array": b"[1, 2, 3]", "top-level-string": b'"<html></html>"', "top-level-null": b"null",
        "truncated": json.dumps(good).encode()[:500], "nan": b'{"text": NaN}', "neither-html-nor-text": b'{"url": "https://x"}',
        "deep-nesting": b"[" * 100_000 + b"]" * 100_000, "huge-number": b'{"text": "a", "url": 1e999999}',
        "duplicate-keys": b'{"html": 1, "html": "<html><body><p>BAGHDAD (Reuters) - x</p></body></html>", "source": "reuters"}',
    }.items():  # fmt: skip
        yield Hostile(f"envelope-{name}.json", raw, "either" if name == "duplicate-keys" else "error")
    yield Hostile("envelope-unknown-source.json", json.dumps(good | {"source": "../../etc/passwd"}).encode(), "error")
    yield Hostile("envelope-javascript-url.json", json.dumps(good | {"url": EVIL_URL}).encode(), "either")


def dates() -> Iterator[Hostile]:
    text = seed(JPOST_TXT)
    for tag, when in {
        "year-10000": "10000-01-01T00:00:00Z", "year-0": "0000-01-01T00:00:00Z", "plus-year": "+12020-03-13T00:00:00Z",
        "min-with-offset": "0001-01-01T00:00:00+14:00", "max-with-offset": "9999-12-31T23:59:59-14:00",
        "not-a-date": "yesterday", "empty": "", "month-13": "2020-13-01T00:00:00Z",
    }.items():  # fmt: skip
        yield Hostile(f"jpost-published-{tag}.txt", _different(text, tag), "error" if tag != "empty" else "either",
                      meta=JPOST_META | {"url": f"https://www.jpost.com/h/{tag}", "published_at": when})  # fmt: skip
    body = text.decode() + (
        "\nOn January 1, 10000, rockets struck Camp Taji, killing two soldiers. On 31 December 99999 a drone hit "
        "Baghdad airport. The attack of February 30, 2020 and of 0 March 0 followed."
    )
    yield Hostile(
        "jpost-absurd-dates-in-text.txt", body.encode(), meta=JPOST_META | {"url": "https://www.jpost.com/h/dates"}
    )


def casualties() -> Iterator[Hostile]:
    text = seed(JPOST_TXT).decode()
    for tag, sentence in {
        "huge": "Rockets struck Camp Taji on Wednesday, killing 99999999999999999999999999 soldiers.",
        "int64": "The death toll has risen to 9,223,372,036,854,775,808 at Camp Taji.",
        "commas": "Rockets hit Baghdad airport, killing 1,000,000,000,000 people and wounding 5,000,000,000,000.",
        "negative": "Rockets struck Camp Taji, killing -5 soldiers and wounding -10,000.",
        "float": "Rockets struck Camp Taji, killing 1e308 soldiers.",
        "digits": "Rockets struck Camp Taji, killing " + "9" * 5000 + " soldiers.",
    }.items():  # fmt: skip
        yield Hostile(f"jpost-casualties-{tag}.txt", (text + "\n" + sentence + "\n").encode(),
                      meta=JPOST_META | {"url": f"https://www.jpost.com/h/casualties-{tag}"})  # fmt: skip


def scripts() -> Iterator[Hostile]:
    for path in (REUTERS, TASNIM, JPOST_HTML):
        stem = path.split("/")[1].removesuffix(".html")
        yield Hostile(f"{stem}-escaped-script-everywhere.html", _inject_text(seed(path), SCRIPT + IMG))
        yield Hostile(f"{stem}-raw-script-everywhere.html", _raw_tags(_different(seed(path), "raw"), SCRIPT + IMG))
        yield Hostile(f"{stem}-jsonld-breakout.html", _different(_inject_jsonld(seed(path)), "jsonld"))
    text = seed(JPOST_TXT).decode()
    lines = "\n".join(f"{SCRIPT} {line} {IMG}" for line in text.splitlines())
    yield Hostile("jpost-script-every-line.txt", lines.encode(),
                  meta=JPOST_META | {"url": "https://www.jpost.com/h/script", "source": "jpost"})  # fmt: skip
    yield Hostile("jpost-javascript-url.txt", _different(text.encode(), "jsurl"), meta=JPOST_META | {"url": EVIL_URL})
    # Found by schemathesis: a URL whose host does not parse made a plugin's detection raise.
    yield Hostile("jpost-broken-ipv6-url.txt", _different(text.encode(), "ipv6"), "error",
                  meta=JPOST_META | {"url": "http://[::1/x"})  # fmt: skip
    yield Hostile("envelope-garbage-url.json", json.dumps({"url": "驈A+Ï렍Ù탵[", "text": text}).encode(), "error")
    yield Hostile("envelope-script-everywhere.json", json.dumps({
        "source": "reuters", "url": "https://www.reuters.com/h/script", "published_at": "2020-03-11T20:05:00Z",
        "html": _inject_text(seed(REUTERS), SCRIPT).decode(),
    }).encode())  # fmt: skip


BUILDERS: list[Callable[[], Iterator[Hostile]]] = [
    empty_and_junk,
    encodings,
    sizes,
    structure,
    envelopes,
    dates,
    casualties,
    scripts,
]


def build() -> list[Hostile]:
    documents = [doc for builder in BUILDERS for doc in builder()]
    names = [d.name for d in documents]
    assert len(names) == len(set(names)), "two hostile documents share a name"
    return documents
