"""Output rules a script can rely on (README: Conventions), checked through the real command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.cli.helpers import jz
from tests.fetch.news_pages import BODY_1, BODY_2, BODY_3, BODY_4, news_page
from tests.support.server import LocalServer, Reply

HTML = {"Content-Type": "text/html; charset=utf-8"}


def two_pages(server: LocalServer) -> tuple[str, str]:
    server.route(
        "/a.htm", Reply(news_page("农村公路建设成效显著", [BODY_1, BODY_2]).encode(), headers=HTML)
    )
    server.route(
        "/b.htm", Reply(news_page("城市绿化工程全面启动", [BODY_3, BODY_4]).encode(), headers=HTML)
    )
    return server.url("/a.htm"), server.url("/b.htm")


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed here")
@pytest.mark.parametrize("count", [1, 2])
def test_readme_jq_title_works_for_one_and_several(server: LocalServer, count: int) -> None:
    urls = two_pages(server)[:count]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    fetch = subprocess.run(
        [sys.executable, "-m", "jzcli", "fetch", *urls, "--format", "json"],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert fetch.returncode == 0, fetch.stderr
    jq = subprocess.run(["jq", "-r", ".title"], input=fetch.stdout, capture_output=True)
    assert jq.returncode == 0, jq.stderr
    titles = jq.stdout.decode().splitlines()
    assert len(titles) == count
    assert "农村公路建设成效显著" in titles[0] and (
        count == 1 or "城市绿化工程全面启动" in titles[1]
    )


def test_several_markdown_articles_split_on_front_matter(server: LocalServer) -> None:
    a, b = two_pages(server)
    out = jz("fetch", a, b, "-f", "md").stdout
    # Each document opens with `---` at the start or after a blank line; no paragraph can be
    # `---` (Markdown syntax at a paragraph start is escaped).
    docs = out.split("\n\n---\n")
    assert len(docs) == 2 and docs[0].startswith("---\n")
    for doc, title in zip(
        ["\n" + docs[0][4:], "\n" + docs[1]], ["农村公路建设成效显著", "城市绿化工程全面启动"]
    ):
        front = yaml.safe_load(doc.split("\n---\n", 1)[0])
        assert title in front["title"]


def test_several_text_articles_are_split_by_a_form_feed_line(server: LocalServer) -> None:
    a, b = two_pages(server)
    out = jz("fetch", a, b, "-f", "txt").stdout
    docs = out.split("\n\f\n")
    assert len(docs) == 2
    assert (
        "农村公路建设成效显著" in docs[0].split("\n")[0]
        and "城市绿化工程全面启动" in docs[1].split("\n")[0]
    )
    assert BODY_4 in docs[1] and BODY_1 not in docs[1]


def test_url_is_the_url_asked_for_and_empty_for_files(server: LocalServer, tmp_path: Path) -> None:
    a, _ = two_pages(server)
    assert json.loads(jz("fetch", a, "-f", "json").stdout)["url"] == a
    page = tmp_path / "saved.html"
    page.write_text(news_page("存档", [BODY_1, BODY_2]), "utf-8")
    text = tmp_path / "saved.txt"
    text.write_text("标题：存档\n\n" + BODY_1 + "\n", "utf-8")
    for path in (page, text):
        for command in ("clean", "fetch"):
            data = json.loads(jz(command, str(path), "-f", "json").stdout)
            assert data["url"] == "", (command, path)
            assert data["provenance"]["source_name"] == str(path)
    given = json.loads(jz("clean", str(page), "--url", a, "-f", "json").stdout)
    assert given["url"] == a


def test_authors_are_named_alike_in_json_and_markdown(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("标题：新闻\n\n□郭 劍\n\n" + BODY_1 + "\n\n" + BODY_2 + "\n", "utf-8")
    data = json.loads(jz("clean", str(text), "-f", "json").stdout)
    md = jz("clean", str(text), "-f", "md").stdout
    front = yaml.safe_load(md.split("---\n", 2)[1])
    assert data["authors"] and front["authors"] == data["authors"]
    # And Markdown read back keeps both forms.
    saved = tmp_path / "a.md"
    saved.write_text(md, "utf-8")
    again = json.loads(jz("clean", str(saved), "-f", "json").stdout)
    assert again["authors"] == data["authors"]


def test_an_empty_page_is_no_article_in_every_fetching_command(
    server: LocalServer, tmp_path: Path
) -> None:
    server.route("/empty.htm", Reply(b"  \n", headers=HTML))
    url = server.url("/empty.htm")
    fetched = jz("fetch", url, "--retries", "0")
    listed = jz("batch", "-", "--ignore-robots", "--retries", "0", input=url + "\n")
    assert fetched.code == listed.code == 4  # NO_ARTICLE
    assert "empty page" in fetched.stderr and "empty page" in listed.stderr
    empty = tmp_path / "empty.html"
    empty.write_text("\n", "utf-8")
    for command in ("clean", "fetch"):
        assert jz(command, str(empty)).code == 3  # INPUT: a local file with nothing in it
