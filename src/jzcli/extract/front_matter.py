"""Read the YAML front matter jz's Markdown export writes back into article fields.

jz writes a small, fixed shape (see `jzcli.export.formats.front_matter`): top-level
`key: "value"` scalars, `breadcrumb: [..]` as a flow list, and two block lists, `authors:`
and `images:`, whose items are `- key: value` lines with indented continuation lines. This
reads that shape by its structure, so an item's `url:` or `name:` stays inside its list,
and a list jz does not know (another tool's `tags:` or `links:`) is skipped whole. It is
not a YAML parser: values are the double-quoted JSON-style strings jz writes, or plain
text for hand-written files.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field

from jzcli.models import Author, Image

# The body is empty or whole lines: `---` right under `---` is a front matter with no field.
_BLOCK = re.compile(r"\A---\s*\n(?P<body>(?:.*?\n)??)---\s*(?:\n|\Z)", re.S)
_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<dash>-[ \t]+)?(?P<key>\w[\w-]*)[ \t]*:(?P<value>.*)$")

SCALARS = (
    "title",
    "url",
    "canonical_url",
    "published",
    "modified",
    "site_name",
    "source",
    "column",
    "language",
    "script",
    "description",
    "image",
)
"""Top-level string fields, named as in the Article model and the JSON export."""


@dataclass
class FrontMatter:
    """What a front matter block said; empty fields were absent."""

    scalars: dict[str, str] = field(default_factory=dict)
    breadcrumb: tuple[str, ...] = ()
    authors: list[Author] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)


def read_front_matter(text: str) -> tuple[FrontMatter, str]:
    """Split a leading `---` block off `text`; return its fields and the rest of the text."""
    match = _BLOCK.match(text)
    if not match:
        return FrontMatter(), text
    found = FrontMatter()
    section = ""  # the top-level key whose block list the next item lines belong to
    items: list[dict[str, str]] = []
    for raw in match.group("body").split("\n"):
        line = _LINE.match(raw)
        if not line:
            continue
        key, value = line.group("key"), _scalar(line.group("value").strip())
        if not line.group("indent") and not line.group("dash"):  # a top-level key
            _close(found, section, items)
            section, items = key, []
            if key == "breadcrumb" and value.startswith("["):
                with contextlib.suppress(json.JSONDecodeError):
                    found.breadcrumb = tuple(str(x) for x in json.loads(value))
            elif key in SCALARS:
                found.scalars[key] = value
        elif line.group("dash"):
            items.append({key: value})
        elif items:
            items[-1].setdefault(key, value)
    _close(found, section, items)
    return found, text[match.end() :]


def _close(found: FrontMatter, section: str, items: list[dict[str, str]]) -> None:
    """Turn the items of a finished block list into authors or images."""
    if section == "authors":
        for item in items:
            name, role = item.get("name", ""), item.get("role", "") or "author"
            if "as_written" in item:  # jz before 0.2: `name` was the cleaned form
                found.authors.append(Author(item["as_written"], name, role))
            elif name:
                found.authors.append(Author(name, item.get("normalized", "") or name, role))
    elif section == "images":
        found.images += [Image(i["url"], i.get("caption", "")) for i in items if i.get("url")]


def _scalar(value: str) -> str:
    if value.startswith('"'):
        try:
            return str(json.loads(value))
        except json.JSONDecodeError:
            return value.strip('"')
    return value.strip("'")
