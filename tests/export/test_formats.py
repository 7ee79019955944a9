"""Exporters: JSON matches its schema, Markdown front matter is safe YAML, text layout."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jzcli.export import render_articles
from jzcli.export.formats import render_json, render_markdown, render_text
from jzcli.models import (
    Article,
    Author,
    CharsetDecision,
    Image,
    Provenance,
    Removal,
    safe_text,
)

SCHEMA = json.loads(
    resources.files("jzcli").joinpath("schema/article.schema.json").read_text(encoding="utf-8")
)


def sample() -> Article:
    return Article(
        url="https://news.example.cn/a/1.html",
        title='标题: "引号" #1 & more',
        authors=(Author("郭 劍", "郭剑", "author"), Author("李娜", "李娜", "reporter")),
        published="2021-06-16T08:40",
        modified="2021-06-17T09:00+08:00",
        site_name="焦作网",
        column="怀川时评",
        breadcrumb=("焦作网", "时评", "怀川时评"),
        language="zh",
        script="Hans",
        paragraphs=("# 不是标题", "- 不是列表", "第三段。"),
        images=(Image("https://news.example.cn/i.jpg", "图：现场"),),
        image="https://news.example.cn/lead.jpg",
        provenance=Provenance(
            input_kind="url",
            charset=CharsetDecision("gb18030", "meta", 0.9, ("meta: gb2312",)),
            repairs={"pinyin": 3},
            removed=(Removal(3, "第三段。", "duplicate", 2, 1.0),),
        ),
    )


def test_json_matches_schema_and_round_trips() -> None:
    data = json.loads(render_json(sample()))
    jsonschema.validate(data, SCHEMA)
    assert data["schema_version"] == 1
    assert data["image"] == "https://news.example.cn/lead.jpg"
    assert data["modified"] == "2021-06-17T09:00+08:00"
    assert Article.from_dict(data) == sample()


def test_schema_describes_every_article_field() -> None:
    assert set(render_json(sample()) and json.loads(render_json(sample()))) <= set(
        SCHEMA["properties"]
    )


def test_markdown_front_matter_is_yaml_with_every_value_intact() -> None:
    md = render_markdown(sample())
    _, front, body = md.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert meta["title"] == sample().title
    # The same names as in JSON: `name` as written, `normalized` when it differs.
    assert meta["authors"][0] == {"name": "郭 劍", "normalized": "郭剑", "role": "author"}
    assert meta["authors"][0] == {
        k: v for k, v in json.loads(render_json(sample()))["authors"][0].items()
    }
    assert meta["breadcrumb"] == ["焦作网", "时评", "怀川时评"]
    assert meta["images"][0]["caption"] == "图：现场"
    assert meta["image"] == "https://news.example.cn/lead.jpg"
    assert meta["modified"] == "2021-06-17T09:00+08:00"
    # Paragraphs that look like Markdown blocks are escaped, so they stay paragraphs.
    assert "\\# 不是标题" in body and "\\- 不是列表" in body
    assert body.startswith("\n# 标题")


def test_text_layout() -> None:
    lines = render_text(sample()).split("\n")
    assert lines[0] == sample().title
    assert "郭剑" in lines[1] and "2021-06-16" in lines[1] and "怀川时评" in lines[1]
    assert lines[2] == ""
    assert lines[3:6] == list(sample().paragraphs)


def test_several_articles() -> None:
    two = [sample(), sample()]
    # json: one object per article whatever their number, a stream jq reads as is.
    decoder = json.JSONDecoder()
    text = render_articles(two, "json")
    first, end = decoder.raw_decode(text)
    second, _ = decoder.raw_decode(text[end:].lstrip())
    assert first == second == json.loads(render_articles(two[:1], "json"))
    assert len(render_articles(two, "jsonl").splitlines()) == 2
    md = render_articles(two, "md")
    assert md.startswith("---\n") and md.count("\n\n---\n") == 1
    txt = render_articles(two, "txt")
    assert txt.rstrip("\n").split("\n\f\n") == [render_text(sample()).rstrip("\n")] * 2


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_front_matter_survives_any_title_and_site(title: str, site: str) -> None:
    article = Article(title=title, site_name=site, paragraphs=("正文。",))
    front = render_markdown(article).split("---\n", 2)[1]
    meta = yaml.safe_load(front) or {}
    # The model keeps no control characters (models.safe_text); the rest survives as is.
    assert meta.get("title", "") == article.title == safe_text(title, keep_c1=True)
    assert meta.get("site_name", "") == article.site_name == safe_text(site, keep_c1=True)
