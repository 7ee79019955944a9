"""Deeply nested pages through the real CLI: no stage recurses on depth, one parse per page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from jzcli.extract import tree as tree_module
from tests.cli.helpers import jz
from tests.robustness.pages import MORE, PARAGRAPH, nested
from tests.support.server import LocalServer, Reply

UTF8 = {"Content-Type": "text/html; charset=utf-8"}


@pytest.mark.parametrize(("tag", "closed"), [("font", False), ("div", False), ("span", True)])
def test_deep_nesting_is_extracted(tmp_path: Path, tag: str, closed: bool) -> None:
    page = tmp_path / "deep.html"
    page.write_text(nested(tag, 6000, closed), encoding="utf-8")
    run = jz("clean", str(page), "--format", "json")
    assert run.code == 0, run.stderr
    art = json.loads(run.stdout)
    assert art["paragraphs"][-5:] == [PARAGRAPH, *MORE]


def test_fetch_parses_each_page_once(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    parses: list[int] = []

    def counting(html: str) -> LexborHTMLParser:
        parses.append(len(html))
        return LexborHTMLParser(html)

    tree_module.forget()
    monkeypatch.setattr(tree_module, "LexborHTMLParser", counting)
    server.route("/deep.html", Reply(nested("div", 3000).encode("utf-8"), headers=UTF8))
    run = jz("fetch", server.url("/deep.html"), "--format", "json")
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["paragraphs"][-5:] == [PARAGRAPH, *MORE]
    # Refresh check, canonical link, continuation links and extraction share one tree.
    assert len(parses) == 1


def test_nesting_past_the_browser_limit_is_flattened_and_the_article_kept(tmp_path: Path) -> None:
    # 100,000 nested <div>: lexbor would take minutes; nesting stops at MAX_DEPTH as in browsers.
    page = tmp_path / "deeper.html"
    page.write_text(nested("div", 100_000, closed=True), encoding="utf-8")
    run = jz("clean", str(page), "--format", "json")
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["paragraphs"][-5:] == [PARAGRAPH, *MORE]


def test_flattening_leaves_pages_of_unclosed_paragraphs_and_shallow_pages_alone() -> None:
    unclosed = "<html><body>" + "<p>段落" * 30_000 + "</body></html>"
    assert tree_module.flatten_depth(unclosed) == unclosed
    shallow = "<div><span>x</span></div>" * 12_000  # many tags, never deep
    assert tree_module.flatten_depth(shallow) == shallow
    deep = "<div>" * 20_000 + "t" + "</div>" * 20_000
    flat = tree_module.flatten_depth(deep)
    assert flat.count("<div>") == tree_module.MAX_DEPTH == flat.count("</div>")
    assert "t" in flat


@pytest.mark.parametrize(
    "html",
    [
        "<p>short</p>",
        "<div>" * 20_000 + "t" + "</div>" * 20_000,  # flattened, not cut
        "<div><span>x</span></div>" * 12_000,  # many tags, shallow
        "<p>x" * 120_000,  # past the tag budget: cut
        "<i>" * 19_999 + "t",  # just under the depth scan
    ],
)
def test_parse_and_is_cut_agree_with_flattening_then_cutting(html: str) -> None:
    flat = tree_module.flatten_depth(html)
    cut = tree_module.cut_point(flat)
    assert tree_module.is_cut(html) == (cut is not None)
    expected = LexborHTMLParser(flat if cut is None else flat[:cut])
    assert tree_module.parse(html).html == expected.html
