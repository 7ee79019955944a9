"""Control characters and lone surrogates from a page never leave the model (through the CLI)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.helpers import jz, jz_process
from tests.robustness.pages import distinct_article
from tests.support.server import LocalServer, Reply

UTF8 = {"Content-Type": "text/html; charset=utf-8"}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile_page() -> tuple[bytes, list[str]]:
    """A page whose title, JSON-LD and text carry ESC, BEL, NUL and lone surrogates."""
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "\\ud800标题\\u001b[2J", "author": {"@type": "Person", "name": "王\\udfff五"},'
        ' "description": "摘要\\u0007"}</script>'
    )
    html, paragraphs = distinct_article(9, head=ld + "<meta name='description' content='x'>")
    html = html.replace("<title>", "<title>\x1b]0;pwned\x07", 1)
    # NUL past the first 4 KiB (a NUL at the start means a binary file), ESC[2J in the text.
    filler = "<!-- " + "x" * 5000 + " -->"
    html = html.replace("<body>", "<body>" + filler, 1)
    html = html.replace(paragraphs[1], paragraphs[1][:10] + "\x1b[2J\x00" + paragraphs[1][10:])
    # What a reader gets: the control characters gone, the printable rest kept.
    paragraphs[1] = paragraphs[1][:10] + "[2J" + paragraphs[1][10:]
    return html.encode("utf-8"), paragraphs


def assert_clean(text: str) -> None:
    assert CONTROL.search(text) is None, repr(CONTROL.search(text))
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


@pytest.mark.parametrize("fmt", ["md", "txt", "json"])
def test_no_control_characters_reach_stdout(server: LocalServer, fmt: str) -> None:
    body, paragraphs = hostile_page()
    server.route("/a/20240102_9.html", Reply(body, headers=UTF8))
    run = jz_process("fetch", server.url("/a/20240102_9.html"), "--format", fmt)
    assert run.code == 0, run.stderr
    assert_clean(run.stdout.replace("\n", "").replace("\t", ""))
    assert paragraphs[0] in run.stdout
    assert paragraphs[1] in run.stdout  # ESC and NUL gone, the text around them kept


def test_json_is_valid_and_files_are_clean(server: LocalServer, tmp_path: Path) -> None:
    body, paragraphs = hostile_page()
    server.route("/a/20240102_9.html", Reply(body, headers=UTF8))
    run = jz("fetch", server.url("/a/20240102_9.html"), "--format", "json")
    assert run.code == 0, run.stderr
    art = json.loads(run.stdout)
    assert art["paragraphs"][-4:] == paragraphs
    assert art["title"]  # whichever title the extractor picks, it is checked clean below
    for value in (art["title"], art["description"], *[a["name"] for a in art["authors"]]):
        assert_clean(value)
    for fmt in ("md", "txt"):
        out = tmp_path / f"a.{fmt}"
        run = jz("fetch", server.url("/a/20240102_9.html"), "-o", str(out), "--format", fmt)
        assert run.code == 0, run.stderr
        text = out.read_text("utf-8")
        assert paragraphs[1] in text
        assert_clean(text.replace("\n", "").replace("\t", ""))


def test_json_input_with_surrogates_and_controls(tmp_path: Path) -> None:
    doc = {
        "schema_version": 1,
        "title": "\ud800标题\u001b]0;x\u0007",
        "paragraphs": ["第一段\u0000文字。", "第二段\udc00文字。"],
    }
    path = tmp_path / "a.json"
    path.write_text(json.dumps(doc), encoding="utf-8")  # ASCII escapes: a valid file
    run = jz("clean", str(path), "--format", "json")
    assert run.code == 0, run.stderr
    art = json.loads(run.stdout)
    assert art["title"] == "\ufffd标题]0;x"
    assert art["paragraphs"] == ["第一段文字。", "第二段\ufffd文字。"]


def test_json_ld_of_unexpected_shapes(tmp_path: Path) -> None:
    """Found by benchmarks/robustness: a breadcrumb item given as a bare URL (valid
    schema.org) crashed extraction; other shapes are ignored as well."""
    ld = (
        '<script type="application/ld+json">[{"@type": "BreadcrumbList", "itemListElement": ['
        '{"@type": "ListItem", "position": 1, "item": "http://127.0.0.1/news/"},'
        '{"@type": "ListItem", "position": 2, "name": "本地", "item": {"name": "x"}}]},'
        '{"@type": "BreadcrumbList", "itemListElement": 7},'
        '{"@type": "NewsArticle", "author": [[["张三"]], {"name": 5}, 7]}]</script>'
    )
    html, paragraphs = distinct_article(12, head=ld)
    page = tmp_path / "ld.html"
    page.write_text(html, encoding="utf-8")
    run = jz("clean", str(page), "--format", "json")
    assert run.code == 0, run.stderr
    art = json.loads(run.stdout)
    assert art["paragraphs"][-4:] == paragraphs
    assert [a["name"] for a in art["authors"]] == ["张三"]
