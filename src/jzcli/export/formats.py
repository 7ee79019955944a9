"""The four export formats; each reads only the Article model."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from jzcli.export.byline import byline
from jzcli.models import Article

FORMATS = ("md", "json", "jsonl", "txt")


def render_json(article: Article) -> str:
    """Pretty JSON of one article (schema in README and src/jzcli/schema/article.schema.json)."""
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_jsonl(article: Article) -> str:
    """One article as one line of JSON."""
    return json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"


TXT_SEPARATOR = "\f\n"
"""Between two txt articles: a line holding only a form feed (no article text contains one)."""


def render_text(article: Article) -> str:
    """Title, byline line, blank line, then one paragraph per line."""
    head = [line.replace("\f", " ") for line in (article.title, byline(article)) if line]
    body = "\n".join(p.replace("\f", " ") for p in article.paragraphs)
    return ("\n".join(head) + "\n\n" if head else "") + body + "\n"


# Characters YAML will not take raw (C1 controls, DEL, surrogates, non-characters) or reads
# as line breaks (NEL, LS, PS), plus the BOM: written as \u escapes.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _yaml_str(value: str) -> str:
    # A JSON string is a YAML double-quoted scalar once YAML's unprintables are escaped too.
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


_MD_BLOCK_START = re.compile(r"^(\s*)([#>*+\-=`|]|\d+[.)]\s)")


def _md_paragraph(text: str) -> str:
    """Escape what would turn a plain paragraph into a Markdown block (heading, list...)."""
    return _MD_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def front_matter(article: Article) -> str:
    """YAML front matter with every value quoted."""
    lines = ["---"]
    scalars = (
        ("title", article.title),
        ("url", article.url),
        ("canonical_url", article.canonical_url),
        ("published", article.published),
        ("modified", article.modified),
        ("site_name", article.site_name),
        ("source", article.source),
        ("column", article.column),
        ("language", article.language),
        ("script", article.script),
        ("description", article.description),
        ("image", article.image),
    )
    lines += [f"{key}: {_yaml_str(value)}" for key, value in scalars if value]
    if article.breadcrumb:
        lines.append("breadcrumb: [" + ", ".join(_yaml_str(b) for b in article.breadcrumb) + "]")
    if article.authors:
        lines.append("authors:")
        for a in article.authors:
            # The JSON names: `name` as written, `normalized` when it differs.
            lines.append(f"  - name: {_yaml_str(a.name)}")
            if a.normalized and a.normalized != a.name:
                lines.append(f"    normalized: {_yaml_str(a.normalized)}")
            lines.append(f"    role: {_yaml_str(a.role)}")
    if article.images:
        lines.append("images:")
        for img in article.images:
            lines.append(f"  - url: {_yaml_str(img.url)}")
            if img.caption:
                lines.append(f"    caption: {_yaml_str(img.caption)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def render_markdown(article: Article) -> str:
    """YAML front matter, the title as a heading, then the paragraphs."""
    parts = [front_matter(article)]
    if article.title:
        parts.append("# " + article.title.replace("\n", " ") + "\n")
    parts += [_md_paragraph(p) + "\n" for p in article.paragraphs]
    return "\n".join(parts)


_RENDERERS: dict[str, Callable[[Article], str]] = {
    "md": render_markdown,
    "json": render_json,
    "jsonl": render_jsonl,
    "txt": render_text,
}


def render_articles(articles: Sequence[Article], fmt: str) -> str:
    """Render several articles as one document stream in format `fmt`.

    Whatever the number of articles: json gives one pretty object per article, one after
    the other (jq reads them as a stream; `jq -s` makes an array), jsonl one compact object
    per line, md one document per article each opening with its `---` front matter after a
    blank line, txt one document per article with a form-feed line between two.
    """
    render = _RENDERERS[fmt]
    if fmt == "txt":
        return TXT_SEPARATOR.join(render(a) for a in articles)
    sep = "\n" if fmt == "md" else ""
    return sep.join(render(a) for a in articles)
