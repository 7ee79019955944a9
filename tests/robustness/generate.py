"""Generated hostile input for the robustness tests and benchmarks/robustness/.

Every generator takes a `random.Random`, so a failure is reproduced from its seed:
random HTML, mutated pages, damaged Chinese text (one kind, or mixed) and hostile titles.
"""

from __future__ import annotations

import random

from tests.robustness.pages import _CHARS, MORE, PARAGRAPH, distinct_article

_TAGS = (
    "div", "p", "font", "span", "a", "img", "table", "tr", "td", "ul", "li", "h1", "h2",
    "script", "style", "br", "b", "form", "iframe", "section", "article", "nav", "footer",
    "pre", "figure", "figcaption", "title", "meta", "base", "link", "noscript", "textarea",
)  # fmt: skip
_URLS = (
    "http://[oops/a.jpg", "http://[::1/x", "http://a.example:99999/x", "http://a:port/",
    "javascript:alert(1)", "data:image/png;base64,AAAA", "//cdn.example/x.png", "../../x",
    "/2024/01/02/content_123.html", "http://127.0.0.1/a/1.html", "mailto:x@example.com",
    "http://例子.测试/路径?q=1", "\x1b[2Jhttp://x/", "http://x/\ud800", " ", "",
)  # fmt: skip
_HOSTILE = (
    "\x1b]0;pwned\x07", "\x1b[2J", "\x00", "\x07", "\x08", "\x7f", "\x85", "\x9b31m", "\u202e",
    "\u200b", "\ufeff", "\ufffd", "\ud800", "\udfff", "\r", "\x0c", "\u2028", "&#0;", "&#x1b;",
    "&#xd800;", "&nbsp;", "&amp;", "<![CDATA[x]]>", "<!--", "-->", "\u3000\u3000",
)  # fmt: skip
_WORDS = (
    "网站",
    "新闻",
    "记者",
    "编辑",
    "来源：",
    "责任编辑：",
    "2024年1月2日",
    "首页 > 新闻",
    "Copyright ©",
)


def chinese(rng: random.Random, length: int) -> str:
    """Plausible-looking Chinese text (common characters, some punctuation)."""
    out = []
    for i in range(length):
        out.append(rng.choice(_CHARS))
        if i % 17 == 16:
            out.append(rng.choice("，。、；：！？"))
    return "".join(out)


def _text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return chinese(rng, rng.randint(1, 80))
    if roll < 0.7:
        return rng.choice(_HOSTILE) + chinese(rng, rng.randint(0, 20))
    if roll < 0.85:
        return rng.choice(_WORDS)
    return "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 12)))


def _attrs(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(0, 3)):
        name = rng.choice(("href", "src", "data-src", "class", "id", "style", "rel", "charset",
                           "content", "http-equiv", "hidden", "alt", "title", "type"))  # fmt: skip
        if name in ("href", "src", "data-src"):
            value = rng.choice(_URLS)
        elif name == "style":
            value = rng.choice(("display:none", "color:red", "visibility: hidden"))
        elif name == "charset":
            value = rng.choice(("utf-8", "gbk", "undefined", "idna", "punycode", "x-bogus", ""))
        elif name == "rel":
            value = rng.choice(("canonical", "next", "prev", "nofollow"))
        else:
            value = _text(rng)
        quote = rng.choice(("'", '"', ""))
        out.append(f" {name}={quote}{value}{quote}")
    return "".join(out)


def random_html(rng: random.Random, max_parts: int = 300) -> str:
    """A random tag soup: open, close and void tags, text, comments, broken markup."""
    parts = []
    if rng.random() < 0.7:
        parts.append(f"<html><head><title>{_text(rng)}</title></head><body>")
    for _ in range(rng.randint(1, max_parts)):
        roll = rng.random()
        tag = rng.choice(_TAGS)
        if roll < 0.35:
            parts.append(f"<{tag}{_attrs(rng)}>")
        elif roll < 0.5:
            parts.append(f"</{tag}>")
        elif roll < 0.9:
            parts.append(_text(rng))
        elif roll < 0.93:
            parts.append("<" + rng.choice(("", "/", "!", "?", "<<", "div <p", "a href=")))
        elif roll < 0.96:
            parts.append(f"<{tag}>" * rng.randint(50, 3000))  # deep nesting, never closed
        else:
            parts.append(f"<p>{rng.choice((PARAGRAPH, *MORE))}</p>")
    return "".join(parts)


def mutate(rng: random.Random, page: str, rounds: int = 0) -> str:
    """A real page with a few random edits: cuts, repeats, inserted tags or junk, truncation."""
    for _ in range(rounds or rng.randint(1, 6)):
        if not page:
            break
        a = rng.randrange(len(page))
        b = min(len(page), a + rng.randint(0, 400))
        roll = rng.random()
        if roll < 0.25:
            page = page[:a] + page[b:]
        elif roll < 0.4:
            page = page[:b] + page[a:b] + page[b:]
        elif roll < 0.6:
            page = page[:a] + f"<{rng.choice(_TAGS)}{_attrs(rng)}>" + page[a:]
        elif roll < 0.8:
            page = page[:a] + rng.choice(_HOSTILE) + page[a:]
        elif roll < 0.9:
            page = page[:a] + random_html(rng, 20) + page[a:]
        else:
            page = page[: max(1, a)]
    return page


def base_page(rng: random.Random) -> str:
    """An ordinary article page to mutate."""
    html, _ = distinct_article(rng.randint(0, 10_000))
    return html


# -- damaged text ------------------------------------------------------------------------


def _pinyin(rng: random.Random, text: str) -> str:
    from pypinyin import Style, pinyin

    out = []
    for ch in text:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.3:
            out.append(f"({pinyin(ch, style=Style.TONE)[0][0]})")
    return "".join(out)


def _traditional(text: str) -> str:
    from jzcli.repair.script import to_traditional

    return to_traditional(text)


def _mojibake(rng: random.Random, text: str) -> str:
    """UTF-8 read as cp1252 (latin-1 for the bytes cp1252 leaves undefined), on a slice."""
    a = rng.randrange(len(text) + 1)
    b = min(len(text), a + rng.randint(1, 12))
    raw = text[a:b].encode("utf-8")
    bad = "".join(
        bytes([x]).decode("cp1252") if x not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(x)
        for x in raw
    )
    return text[:a] + bad + text[b:]


def _flatten_punct(text: str) -> str:
    return text.translate(str.maketrans("，。：；！？（）", ",.:;!?()"))


def _invisible(rng: random.Random, text: str) -> str:
    a = rng.randrange(len(text) + 1)
    return text[:a] + rng.choice(("\u200b", "\u00ad", "\ufeff", "&nbsp;", "&amp;")) + text[a:]


DAMAGE_KINDS = ("pinyin", "traditional", "mojibake", "punctuation", "invisible")


def damage(rng: random.Random, text: str, kinds: tuple[str, ...]) -> str:
    """`text` with each damage of `kinds` applied in order."""
    for kind in kinds:
        if kind == "pinyin":
            text = _pinyin(rng, text)
        elif kind == "traditional":
            text = _traditional(text)
        elif kind == "mojibake":
            text = _mojibake(rng, text)
        elif kind == "punctuation":
            text = _flatten_punct(text)
        else:
            text = _invisible(rng, text)
    return text


def damage_kinds(rng: random.Random, mixed: bool) -> tuple[str, ...]:
    """One damage kind, or (mixed) two to four of them in a random order."""
    if not mixed:
        return (rng.choice(DAMAGE_KINDS),)
    return tuple(rng.sample(DAMAGE_KINDS, rng.randint(2, 4)))


def hostile_title(rng: random.Random) -> str:
    """A title made to break terminals, file names and JSON."""
    pieces = (
        "../../etc/passwd", "/abs/path", "..", ".", "CON", "nul.txt", "a/b\\c:d*e?f\"g<h>i|j",
        "\x1b]0;pwned\x07", "\x1b[2J", "\x00", "\ud800", "\u202egnp.exe", " " * 5, "\n\r\t",
        "标" * 300, "😀" * 50, "\u200b", "-" * 20, "~", "$HOME", "`rm -rf /`", "%00", "&#0;",
    )  # fmt: skip
    return "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4)))
