"""Flatten an HTML tree into text blocks (paragraph candidates) and a table of containers.

One walk over the tree records every block-level element (tag, class/id hint, parent,
extent of its subtree) and every run of text between block boundaries, with how much of it is
link text. The body scorer and the metadata finder then work on these flat tables instead of
walking the tree again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

# Text inside these never reaches the reader.
SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "svg", "math", "canvas", "object",
        "embed", "video", "audio", "select", "option", "textarea", "button", "input", "rt", "rp",
        "head", "title", "meta", "link", "-comment", "dialog", "map", "area", "label",
    }
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul", "ol",
        "li", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "h1", "h2",
        "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "figcaption", "form", "fieldset",
        "address", "center", "details", "summary", "body", "html", "caption", "menu", "dir",
        "legend", "hgroup", "hr", "frameset", "frame", "noframes",
    }
)  # fmt: skip
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Two or more ideographic spaces start a new paragraph on many Chinese pages (the indent).
_INDENT_SPLIT = re.compile(r"[ \t\r\n]*\u3000{2,}")
_CJK_NEWLINE = re.compile(
    r"(?<=[\u2e80-\u9fff\uff00-\uffef])[ \t\r]*\n\s*(?=[\u2e80-\u9fff\uff00-\uffef])"
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b\ufeff]+")
# Cheap pre-checks that let `_clean` skip the slow regexes when they cannot change anything:
# a CJK character before a newline (every _CJK_NEWLINE match has one), and the characters on
# which str.split() and _SPACES disagree (str.isspace() but not _SPACES, or the reverse).
_CJK_BEFORE_NEWLINE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef][ \t\r]*\n")
_SPLIT_DIFFERS = re.compile(
    r"[\x1c-\x1f\x85\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]"
)


@dataclass(slots=True)
class Block:
    """A run of text between block boundaries."""

    text: str
    link_chars: int
    elem: int
    """Index of the nearest block-level ancestor in `Layout.tags`."""
    tag: str
    """Tag of that ancestor."""
    indented: bool = False
    """Started with a full-width indent, or came from a `<br>`/indent split."""
    card: bool = False
    """Its link text sits in a block element inside the link (`<a><h3>…</h3><p>…</p></a>`):
    the face of a card that is one link as a whole, not a link within a line."""
    anchors: int = 0
    """How many links open in it (a link left open before it does not count, nor an empty
    `<a name>` or `<a id>` without an href: it marks a place to link to, and links nowhere)."""


@dataclass
class ImageRef:
    """An image seen during the walk and where it sat."""

    src: str
    alt: str
    elem: int
    block: int
    """Number of blocks emitted before the image (it sits just before block `block`)."""
    caption: str = ""


@dataclass
class Layout:
    """The flattened page."""

    tags: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    """Lower-cased `id` and `class` of each element, for boilerplate hints."""
    parents: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    """Elements i+1 .. ends[i]-1 are the descendants of element i (pre-order)."""
    blocks: list[Block] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)
    nodes: list[Any] = field(default_factory=list)
    """The selectolax node of each element, for selectors and metadata lookups."""
    first_block: list[int] = field(default_factory=list)
    end_block: list[int] = field(default_factory=list)
    """Blocks first_block[i] .. end_block[i]-1 lie inside element i."""
    memo: dict[str, Any] = field(default_factory=dict)
    """What the body scorer derived from the blocks, kept for its later calls on the same
    page (the blocks never change once the walk is done)."""


def _clean(text: str) -> str:
    """Collapse `_SPACES` runs to one space, strip, and join CJK lines broken by a newline."""
    if text.isascii():
        # Most runs of text are clean already (`Home`, a link's words): one space between
        # words, none at the ends, and no tab, newline or control character (isprintable).
        if text and text[0] != " " != text[-1] and "  " not in text and text.isprintable():
            return text
        # bytes.split() splits on exactly the ASCII characters of _SPACES (not on \x1c-\x1f
        # as str.split() does), and no CJK character can be present.
        return b" ".join(text.encode("ascii").split()).decode("ascii")
    if "\n" in text and _CJK_BEFORE_NEWLINE.search(text):
        text = _CJK_NEWLINE.sub("", text)
    if _SPLIT_DIFFERS.search(text) is None:
        return " ".join(text.split())  # the same as the regex when only shared spaces occur
    return _SPACES.sub(" ", text).strip(" ")


def _image_src(attrs: dict[str, str | None]) -> str:
    # Lazy-loading pages keep the real address in a data attribute and a placeholder in src.
    for key in ("data-src", "data-original", "data-lazy-src", "data-url", "original", "src"):
        value = attrs.get(key)
        if value and not value.startswith("data:"):
            return value.strip()
    return ""


# What the walk does with each kind of node.
_INLINE, _TEXT, _SKIP, _BLOCK, _BR, _IMG, _LINK = range(7)
_STANDARD_TAG_IDS = 0x10000
"""lexbor numbers the tags it knows below this; others get a per-document id (an address)."""
_TEXT_ID = 2
"""lexbor's id of a text node (`-text`): half the nodes a walk meets, tested before the table."""


def _kind_of(tag: str, skip_forms: bool) -> int:
    if tag == "-text":
        return _TEXT
    if tag in SKIP_TAGS or (tag == "form" and skip_forms):
        return _SKIP
    if tag in BLOCK_TAGS:
        return _BLOCK
    return {"br": _BR, "img": _IMG, "a": _LINK}.get(tag, _INLINE)


def _own_anchor(link: Any, block_tag: str, page: str = "") -> bool:
    """A heading's or a term's link to its own place on the page (`<h2><a href="#usage">`,
    the permalink documentation pages give every section, also written out in full as the
    page's address and `#usage`): it leads nowhere else, so its text is the heading's text,
    not a link away."""
    if block_tag not in HEADINGS and block_tag != "dt":
        return False
    href = link.attrs.get("href") or ""
    if len(href) > 1 and href[0] == "#":
        return href[1] != "!"
    address, _, anchor = href.partition("#")
    if not page or not anchor or anchor[0] in "!/":
        return False
    try:
        there, here = urlsplit(urljoin(page, address)), urlsplit(page)
        return (there.hostname, there.path, there.query) == (here.hostname, here.path, here.query)
    except ValueError:  # a malformed address (`http://[x/#a`) is no link to here
        return False


# lexbor tag id -> kind (with forms skipped, and kept) and tag name, filled as tags are met
# (only for the ids lexbor knows, which mean the same tag in every document).
_KINDS: dict[bool, dict[int, int]] = {True: {}, False: {}}
_NAMES: dict[int, str] = {}


def build_layout(root: Any, *, skip_forms: bool = True, url: str = "") -> Layout:
    """Flatten the tree under `root` (usually `<body>`) into a Layout (of the page at `url`,
    if known: a heading's link to its own section may give it in full).

    One iterative pass (the hot loop of the extractor, hence the local aliases). Text is
    collected in `parts` until the next block boundary (`flush`). ASCII whitespace met while
    nothing is collected is dropped at once: it would only be stripped again.
    """
    layout = Layout()
    tags, hints, parents, ends = layout.tags, layout.hints, layout.parents, layout.ends
    nodes, first_block, end_block = layout.nodes, layout.first_block, layout.end_block
    blocks, images = layout.blocks, layout.images
    kinds = _KINDS[skip_forms]
    names = _NAMES
    parts: list[str] = []
    add = parts.append
    link_chars = 0
    card_chars = 0
    anchors = 0

    def flush(elem: int) -> None:
        nonlocal link_chars, card_chars, anchors
        raw = "".join(parts)
        links = link_chars
        card = card_chars * 2 > links
        opened = anchors
        parts.clear()
        link_chars = card_chars = anchors = 0
        if raw.isspace():
            return
        tag = tags[elem]
        if tag != "pre" and "\u3000\u3000" not in raw:
            text = _clean(raw)
            if text:
                indented = "\u3000" in raw and raw.lstrip(" \t\r\n").startswith("\u3000")
                blocks.append(Block(text, min(links, len(text)), elem, tag, indented, card, opened))
            return
        pieces = _INDENT_SPLIT.split(raw) if "\u3000\u3000" in raw else [raw]
        indented = len(pieces) > 1 or raw.lstrip(" \t\r\n").startswith("\u3000")
        if tag == "pre":
            pieces = [line for piece in pieces for line in piece.split("\n")]
        texts = [t for t in (_clean(p) for p in pieces) if t]
        total = sum(len(t) for t in texts) or 1
        for text in texts:
            share = links * len(text) // total if len(texts) > 1 else min(links, len(text))
            blocks.append(Block(text, share, elem, tag, indented, card, opened))

    def walk(root: Any) -> None:
        # Depth-first, pre-order, with an explicit stack: page trees can be nested far deeper
        # than Python's recursion limit (thousands of unclosed <font> or <div>). A frame holds
        # where to resume in the parent (its next sibling, the parent's block element and link
        # state) and the block element to close when the children run out (-1 for inline).
        nonlocal link_chars, card_chars, anchors
        # in_link: 0 outside links, 1 inside one, 2 inside a block element inside one.
        stack: list[tuple[Any, int, int, int]] = []
        push = stack.append
        pop = stack.pop
        elem = 0
        in_link = 0
        child = root.first_child
        while True:
            if child is None:
                if not stack:
                    return
                child, parent_elem, in_link, closing = pop()
                if closing >= 0:
                    if parts:
                        flush(closing)
                    ends[closing] = len(tags)
                    end_block[closing] = len(blocks)
                elem = parent_elem
                continue
            tag_id = child.tag_id
            if tag_id == _TEXT_ID:  # the commonest node first, without the table look-up
                text = child.text_content
                if text and (parts or text.strip(" \t\r\n")):
                    add(text)
                    if in_link:
                        size = len(text.strip())
                        link_chars += size
                        if in_link == 2:
                            card_chars += size
                child = child.next
                continue
            kind = kinds.get(tag_id)
            if kind is None:
                tag = child.tag
                kind = _kind_of(tag, skip_forms)
                if tag_id < _STANDARD_TAG_IDS:
                    kinds[tag_id] = kind
                    names[tag_id] = tag
            if kind in (_INLINE, _LINK):
                push((child.next, elem, in_link, -1))
                if (
                    not in_link
                    and kind == _LINK
                    and (child.first_child is not None or "href" in child.attributes)
                    and not _own_anchor(child, tags[elem], url)
                ):
                    in_link = 1
                    anchors += 1
                child = child.first_child
                continue
            elif kind == _BLOCK:
                if parts:
                    flush(elem)
                attrs = child.attributes
                style = attrs.get("style")
                hidden = "hidden" in attrs or (style and _HIDDEN.search(style))
                if hidden and attrs.get("role") != "tabpanel":
                    # Invisible to readers: menus, modals, templates. Not a tab's panel: a
                    # click on its tab shows it (the same text for another language, or
                    # another part of the page), as panels hidden by a style sheet are read.
                    child = child.next
                    continue
                index = len(tags)
                tags.append(names.get(tag_id) or child.tag)
                hints.append(f"{attrs.get('id') or ''} {attrs.get('class') or ''}".lower())
                parents.append(elem)
                ends.append(0)
                nodes.append(child)
                first_block.append(len(blocks))
                end_block.append(0)
                push((child.next, elem, in_link, index))
                if in_link:
                    in_link = 2
                elem = index
                child = child.first_child
                continue
            elif kind == _BR:
                if parts:
                    flush(elem)
            elif kind == _IMG:
                attrs = child.attributes
                src = _image_src(attrs)
                if src:
                    alt = attrs.get("alt") or attrs.get("title") or ""
                    images.append(ImageRef(src, _clean(alt), elem, len(blocks)))
            child = child.next

    tags.append(root.tag or "body")
    attrs = root.attributes
    hints.append(f"{attrs.get('id') or ''} {attrs.get('class') or ''}".lower())
    parents.append(-1)
    ends.append(0)
    nodes.append(root)
    first_block.append(0)
    end_block.append(0)
    walk(root)
    if parts:
        flush(0)
    ends[0] = len(tags)
    end_block[0] = len(blocks)
    return layout
