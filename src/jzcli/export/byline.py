"""One-line byline shared by the text and terminal renderers."""

from __future__ import annotations

from jzcli.models import Article

_ZH_LABELS = {
    "author": "作者",
    "reporter": "记者",
    "correspondent": "通讯员",
    "editor": "责任编辑",
    "photographer": "摄影",
    "translator": "翻译",
}
_EN_LABELS = {
    "author": "By",
    "reporter": "Reporter",
    "correspondent": "Correspondent",
    "editor": "Editor",
    "photographer": "Photos",
    "translator": "Translated by",
}


def credits_line(article: Article) -> str:
    """Authors grouped by role, labelled in the article's language: '记者 张三 通讯员 李四'."""
    labels = _ZH_LABELS if article.language.startswith("zh") else _EN_LABELS
    groups: dict[str, list[str]] = {}
    for author in article.authors:
        groups.setdefault(author.role, []).append(author.normalized or author.name)
    sep = "、" if article.language.startswith("zh") else ", "
    parts = [f"{labels.get(role, role)} {sep.join(names)}" for role, names in groups.items()]
    return "  ".join(parts)


def byline(article: Article) -> str:
    """Credits, date, site and column on one line, separated by ' | '."""
    place = " › ".join(x for x in (article.site_name, article.column) if x)
    source = ""
    if article.source and article.source != article.site_name:
        source = ("来源 " if article.language.startswith("zh") else "Source: ") + article.source
    parts = [credits_line(article), article.published, source, place]
    return " | ".join(p for p in parts if p)
