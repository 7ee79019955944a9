"""`jz clean` through the real CLI: the seed page and three articles damaged the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.cli.helpers import jz, jz_process

DATA = Path(__file__).parent.parent / "data"
SEED = DATA / "seed_jiaozuo.txt"
ARTICLES = sorted((DATA / "articles").glob("*.json"))
DEBRIS = ("免责声明", "新媒体", "您现在的位置", "![]()", "|", "免責", "(", ")")
PINYIN_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"

SEED_FIRST = "如何书写新时代城市治理现代化的精彩答卷？"
SEED_LAST_END = "交出一份城市治理现代化的精彩答卷。"


def clean_json(path: Path) -> dict:
    run = jz("clean", str(path), "--format", "json")
    assert run.code == 0, run.stderr
    assert run.stderr == ""
    return json.loads(run.stdout)


def assert_clean_paragraphs(paragraphs: list[str]) -> None:
    assert len(paragraphs) == len(set(paragraphs))
    for p in paragraphs:
        for bad in DEBRIS:
            assert bad not in p, (bad, p)
        assert not any(ch in p for ch in PINYIN_MARKS), p
        assert not any(ch in p for ch in ",?;:"), p


def test_seed_json_is_the_clean_article() -> None:
    art = clean_json(SEED)
    paragraphs = art["paragraphs"]
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith(SEED_FIRST)
    assert paragraphs[3].endswith(SEED_LAST_END)
    assert_clean_paragraphs(paragraphs)
    text = "".join(paragraphs)
    for mark in "，？；":  # the body has no colon; the damaged page had none either
        assert mark in text
    # Simplified, not Traditional: characters the damage turned Traditional are back.
    for trad in "網現時書寫過節統這樣動讓廣":
        assert trad not in text
    assert [a["normalized"] for a in art["authors"]] == ["郭剑"]
    assert art["authors"][0]["role"] == "author"
    assert art["site_name"] == "焦作网"
    assert art["column"] == "怀川时评"
    # The trail as the page shows it (the HTML extractor keeps it the same way).
    assert art["breadcrumb"] == ["焦作网", "新闻中心首页", "时评", "怀川时评", "正文"]
    assert art["schema_version"] == 1
    assert art["script"] == "Hans"


@pytest.mark.parametrize("spec_path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_other_damaged_articles_are_repaired_the_same_way(spec_path: Path) -> None:
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    art = clean_json(spec_path.with_suffix(".damaged.txt"))
    assert art["paragraphs"] == spec["paragraphs"]
    assert_clean_paragraphs(art["paragraphs"])
    assert [[a["normalized"], a["role"]] for a in art["authors"]] == spec["authors"]
    assert art["site_name"] == spec["site"]
    assert art["column"] == spec["trail"][-1]
    assert art["breadcrumb"] == [*spec["trail"], "正文"]


def test_seed_markdown_has_front_matter_and_the_same_paragraphs() -> None:
    art = clean_json(SEED)
    run = jz("clean", str(SEED), "--format", "md")
    assert run.code == 0
    assert run.stdout.startswith("---\n")
    _, front, body = run.stdout.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert meta["site_name"] == "焦作网"
    assert meta["column"] == "怀川时评"
    assert meta["breadcrumb"] == art["breadcrumb"]
    assert meta["authors"][0] == art["authors"][0]  # one naming in md and json
    assert meta["authors"][0]["normalized"] == "郭剑"
    assert [p for p in body.split("\n") if p.strip()] == art["paragraphs"]


def test_seed_text_format_has_byline_blank_line_and_paragraphs() -> None:
    art = clean_json(SEED)
    run = jz("clean", str(SEED), "--format", "txt")
    assert run.code == 0
    head, body = run.stdout.split("\n\n", 1)
    assert "郭剑" in head and "焦作网" in head and "怀川时评" in head
    assert body.rstrip("\n").split("\n") == art["paragraphs"]


def test_jsonl_is_one_line_per_article() -> None:
    files = [str(p.with_suffix(".damaged.txt")) for p in ARTICLES]
    run = jz("clean", *files, "--format", "jsonl")
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert len(lines) == len(files)
    assert [json.loads(x)["site_name"] for x in lines] == [
        json.loads(p.read_text(encoding="utf-8"))["site"] for p in ARTICLES
    ]


def test_json_reingest_re_renders_the_same_article(tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    assert jz("clean", str(SEED), "-f", "json", "-o", str(out)).code == 0
    again = jz("clean", str(out), "-f", "json")
    assert again.code == 0
    assert json.loads(again.stdout) == json.loads(out.read_text(encoding="utf-8"))
    md = jz("clean", str(out), "-f", "md")
    assert md.stdout == jz("clean", str(SEED), "-f", "md").stdout


def test_markdown_reingest_keeps_metadata_and_text(tmp_path: Path) -> None:
    md = tmp_path / "seed.md"
    assert jz("clean", str(SEED), "-f", "md", "-o", str(md)).code == 0
    art = json.loads(jz("clean", str(md), "-f", "json").stdout)
    orig = clean_json(SEED)
    assert art["paragraphs"] == orig["paragraphs"]
    assert art["site_name"] == orig["site_name"]
    assert art["column"] == orig["column"]
    assert [a["normalized"] for a in art["authors"]] == ["郭剑"]


def test_stdin_input_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "a.txt"
    run = jz("clean", "-", "-f", "txt", "-o", str(out), input=SEED.read_bytes())
    assert run.code == 0
    assert run.stdout == ""
    assert out.read_text(encoding="utf-8") == jz("clean", str(SEED), "-f", "txt").stdout


def test_piped_default_is_markdown_and_explicit_format_is_the_same_bytes() -> None:
    piped = jz_process("clean", str(SEED))
    assert piped.code == 0, piped.stderr
    assert piped.stdout == jz("clean", str(SEED), "-f", "md").stdout
    explicit = jz_process("clean", str(SEED), "-f", "json")
    assert explicit.stdout == jz("clean", str(SEED), "-f", "json").stdout


def test_rich_view_shows_metadata_and_text() -> None:
    run = jz("clean", str(SEED), "-f", "rich")
    assert run.code == 0
    assert "焦作网" in run.stdout and "郭剑" in run.stdout
    assert SEED_FIRST in run.stdout.replace("\n", "")


def test_report_goes_to_stderr_only() -> None:
    run = jz("clean", str(SEED), "-f", "json", "--report")
    assert run.code == 0
    assert json.loads(run.stdout)["site_name"] == "焦作网"
    assert "pinyin" in run.stderr
    assert "duplicate" in run.stderr
    assert "breadcrumb" in run.stderr


def test_no_dedupe_and_keep_script_options() -> None:
    both = json.loads(jz("clean", str(SEED), "-f", "json", "--no-dedupe").stdout)
    assert len(both["paragraphs"]) == 8
    kept = json.loads(jz("clean", str(SEED), "-f", "json", "--script", "keep").stdout)
    text = "".join(kept["paragraphs"])
    assert "網" in text or "現" in text
    assert "(wǎng)" not in text


@pytest.mark.parametrize(
    "text",
    [
        '{"schema_version": 1, "authors": "郭剑", "paragraphs": ["一段。"]}',
        '{"schema_version": 1, "authors": [{"name": 5}], "paragraphs": ["一段。"]}',
        '{"schema_version": 1, "breadcrumb": 5, "paragraphs": ["一段。"]}',
        '{"schema_version": 1, "images": "x", "paragraphs": ["一段。"]}',
        '{"schema_version": 1, "provenance": {"pages": "x"}, "paragraphs": ["一段。"]}',
        "[" * 100_000,  # deeper than the JSON parser's recursion
    ],
)
def test_malformed_json_article_is_an_input_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "article.json"
    path.write_text(text, "utf-8")
    run = jz("clean", str(path), "--format", "json")
    assert run.code == 3, run.stderr
    assert run.stdout == ""
    assert run.stderr.startswith(f"jz: error: {path} is JSON ")
    assert "internal error" not in run.stderr and len(run.stderr.splitlines()) == 1


# Every field jz writes into Markdown front matter, each set, some with YAML's awkward
# characters (colons, quotes, a `- url:` look-alike) so that a flat line reader would mix them.
FULL_ARTICLE = {
    "schema_version": 1,
    "url": "http://www.example.cn/news/2024/a.htm",
    "title": '市政府召开常务会议：研究 "春耕" 工作',
    "authors": [
        {"name": "王 明", "normalized": "王明", "role": "reporter"},
        {"name": "李华", "normalized": "李华", "role": "editor"},
    ],
    "published": "2024-05-01T09:30",
    "modified": "2024-05-02T10:00+08:00",
    "site_name": "某某新闻网",
    "source": "某某日报",
    "column": "时政",
    "breadcrumb": ["首页", "新闻", "时政"],
    "canonical_url": "https://news.example.cn/a/2024/0501.html",
    "language": "zh",
    "script": "Hans",
    "description": "会议研究部署春季农业生产。 - url: 不是图片",
    "paragraphs": [
        "3月4日，市长张某主持召开市政府常务会议，研究部署春季农业生产工作。",
        "会议强调，要落实粮食播种面积，加强农资供应保障，确保春耕生产顺利推进。",
    ],
    "images": [
        {"url": "http://www.example.cn/img/1.png", "caption": "会议现场"},
        {"url": "http://www.example.cn/img/2.png", "caption": ""},
    ],
    "image": "http://www.example.cn/img/lead.jpg",
}


def test_markdown_round_trip_keeps_every_front_matter_field(tmp_path: Path) -> None:
    source = tmp_path / "art.json"
    source.write_text(json.dumps(FULL_ARTICLE, ensure_ascii=False), "utf-8")
    md = tmp_path / "art.md"
    assert jz("clean", str(source), "-f", "md", "-o", str(md)).code == 0
    meta = yaml.safe_load(md.read_text("utf-8").split("---\n", 2)[1])
    # Every top-level field of the article is in the front matter, so each is checked below.
    written = {
        k for k, v in FULL_ARTICLE.items() if v and k not in ("schema_version", "paragraphs")
    }
    assert set(meta) == written
    run = jz("clean", str(md), "-f", "json")
    assert run.code == 0, run.stderr
    back = json.loads(run.stdout)
    for key in written:
        assert back[key] == FULL_ARTICLE[key], key
    assert back["paragraphs"] == FULL_ARTICLE["paragraphs"]
    # And the Markdown written from the re-read article is the same document.
    assert jz("clean", str(md), "-f", "md").stdout == md.read_text("utf-8")


def test_front_matter_lists_of_other_tools_do_not_override_the_article(tmp_path: Path) -> None:
    md = tmp_path / "post.md"
    md.write_text(
        '---\ntitle: "标题"\nurl: "http://www.example.cn/a.htm"\n'
        'links:\n  - url: "http://elsewhere.example/"\n    name: "别处"\n---\n\n'
        "# 标题\n\n这是正文的第一段，内容足够长，是一段完整的句子。\n",
        "utf-8",
    )
    back = json.loads(jz("clean", str(md), "-f", "json").stdout)
    assert back["url"] == "http://www.example.cn/a.htm"
    assert back["authors"] == []


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("not a url", ""),
        ("www.example.cn/a.htm", " (add http:// or https://)"),
        ("/news/a.htm", ""),
        ("ftp://www.example.cn/a.htm", ""),
        ("http://", ""),
        ("http://[::1/a.htm", ""),
        ("http://www.example.cn:99999/a.htm", ""),
        ("http://www.example.cn:abc/a.htm", ""),
    ],
)
def test_url_that_is_not_an_absolute_http_url_is_a_usage_error(url: str, hint: str) -> None:
    run = jz("clean", str(SEED), "--url", url, "-f", "json")
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr == (
        f"jz: error: --url: {url!r} is not an http(s) URL with a host{hint}; give the page's "
        "full address, e.g. http://www.example.cn/a.htm. See 'jz clean --help'.\n"
    )


@pytest.mark.parametrize("url", ["http://www.example.cn/a.htm", "HTTPS://News.Example.cn/a?b=1"])
def test_absolute_http_url_is_the_article_url(url: str) -> None:
    run = jz("clean", str(SEED), "--url", url, "-f", "json")
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["url"] == url
