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


def _clean(text: str) -> str:
    if "\n" in text:
        text = _CJK_NEWLINE.sub("", text)
    return _SPACES.sub(" ", text).strip(" ")


def _image_src(attrs: dict[str, str | None]) -> str:
    # Lazy-loading pages keep the real address in a data attribute and a placeholder in src.
    for key in ("data-src", "data-original", "data-lazy-src", "data-url", "original", "src"):
        value = attrs.get(key)
        if value and not value.startswith("data:"):
            return value.strip()
    return ""


class _Walker:
    """Builds a Layout in one recursive pass (kept small: it is the hot loop)."""

    def __init__(self, layout: Layout, skip_forms: bool) -> None:
        self.layout = layout
        self.parts: list[str] = []
        self.link_chars = 0
        self.skip_forms = skip_forms

    def flush(self, elem: int) -> None:
        if not self.parts:
            return
        raw = "".join(self.parts)
        links = self.link_chars
        self.parts = []
        self.link_chars = 0
        if not raw.strip():
            return
        layout = self.layout
        tag = layout.tags[elem]
        pieces = _INDENT_SPLIT.split(raw) if "\u3000\u3000" in raw else [raw]
        indented = len(pieces) > 1 or raw.lstrip(" \t\r\n").startswith("\u3000")
        if tag == "pre":
            pieces = [line for piece in pieces for line in piece.split("\n")]
        texts = [t for t in (_clean(p) for p in pieces) if t]
        total = sum(len(t) for t in texts) or 1
        for text in texts:
            share = links * len(text) // total if len(texts) > 1 else min(links, len(text))
            layout.blocks.append(Block(text, share, elem, tag, indented))

    def walk(self, node: Any, elem: int, in_link: bool) -> None:
        layout = self.layout
        child = node.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                text = child.text_content
                if text:
                    self.parts.append(text)
                    if in_link:
                        self.link_chars += len(text.strip())
            elif tag in SKIP_TAGS or (tag == "form" and self.skip_forms):
                pass
            elif tag == "br":
                if self.parts:
                    self.flush(elem)
            elif tag in BLOCK_TAGS:
                if self.parts:
                    self.flush(elem)
                attrs = child.attributes
                if "hidden" in attrs or _HIDDEN.search(attrs.get("style") or ""):
                    child = child.next  # invisible to readers: menus, modals, templates
                    continue
                index = len(layout.tags)
                layout.tags.append(tag)
                layout.hints.append(f"{attrs.get('id') or ''} {attrs.get('class') or ''}".lower())
                layout.parents.append(elem)
                layout.ends.append(0)
                layout.nodes.append(child)
                layout.first_block.append(len(layout.blocks))
                layout.end_block.append(0)
                self.walk(child, index, in_link)
                if self.parts:
                    self.flush(index)
                layout.ends[index] = len(layout.tags)
                layout.end_block[index] = len(layout.blocks)
            elif tag == "img":
                attrs = child.attributes
                src = _image_src(attrs)
                if src:
                    alt = attrs.get("alt") or attrs.get("title") or ""
                    layout.images.append(ImageRef(src, _clean(alt), elem, len(layout.blocks)))
            elif tag == "a":
                self.walk(child, elem, True)
            else:
                self.walk(child, elem, in_link)
            child = child.next


def build_layout(root: Any, *, skip_forms: bool = True) -> Layout:
    """Flatten the tree under `root` (usually `<body>`) into a Layout."""
    layout = Layout()
    layout.tags.append(root.tag or "body")
    attrs = root.attributes
    layout.hints.append(f"{attrs.get('id') or ''} {attrs.get('class') or ''}".lower())
    layout.parents.append(-1)
    layout.ends.append(0)
    layout.nodes.append(root)
    layout.first_block.append(0)
    layout.end_block.append(0)
    walker = _Walker(layout, skip_forms)
    walker.walk(root, 0, False)
    walker.flush(0)
    layout.ends[0] = len(layout.tags)
    layout.end_block[0] = len(layout.blocks)
    return layout
