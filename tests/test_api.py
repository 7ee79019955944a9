"""The Python API (`import jzcli`): the same functions the commands use."""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import jzcli
from tests.cli.helpers import jz
from tests.fetch.news_pages import BODY_1, BODY_2, news_page
from tests.support.server import LocalServer, Reply

TITLE = "农村公路建设成效显著"


def test_import_is_light_and_every_name_is_documented() -> None:
    heavy = "('httpx', 'jzcli.pipeline', 'rich')"
    code = f"import jzcli, sys; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    for name in jzcli.__all__:
        if name != "__version__":
            assert getattr(jzcli, name).__doc__, name
    with pytest.raises(AttributeError):
        jzcli.no_such_thing  # noqa: B018


def test_clean_page_matches_the_cli(tmp_path: Path) -> None:
    html = news_page(TITLE, [BODY_1, BODY_2])
    article = jzcli.clean_page(html.encode("utf-8"), "http://news.example.cn/a.htm")
    assert isinstance(article, jzcli.Article)
    assert TITLE in article.title and article.url == "http://news.example.cn/a.htm"
    saved = tmp_path / "a.html"
    saved.write_text(html, "utf-8")
    cli = json.loads(jz("clean", str(saved), "-f", "json").stdout)
    assert cli["paragraphs"] == list(article.paragraphs)
    assert jzcli.clean_page(html).paragraphs == article.paragraphs  # str works too


def test_clean_text_repair_and_dedupe() -> None:
    article = jzcli.clean_text("标题：" + TITLE + "\n\n" + BODY_1 + "\n\n" + BODY_1 + "\n")
    assert article.paragraphs == (BODY_1,)
    assert jzcli.repair_text("網(wǎng)頁(yè)\n第二行") == "网页\n第二行"
    assert jzcli.repair_text("網(wǎng)頁(yè)", script="keep") == "網頁"
    kept, removed = jzcli.dedupe_paragraphs([BODY_1, "短", BODY_1])
    assert kept == [BODY_1, "短"] and [r.index for r in removed] == [2]
    with pytest.raises(jzcli.JzError) as err:
        jzcli.clean_text("   ")
    assert err.value.code == jzcli.ExitCode.INPUT


def test_fetch_article(server: LocalServer) -> None:
    html = news_page(TITLE, [BODY_1, BODY_2]).encode()
    server.route("/a.htm", Reply(html, headers={"Content-Type": "text/html; charset=utf-8"}))
    article = jzcli.fetch_article(server.url("/a.htm"))
    assert TITLE in article.title and article.provenance.http_status == 200
    settings = jzcli.FetchSettings(retries=0)
    with pytest.raises(jzcli.JzError) as err:
        jzcli.fetch_article(server.url("/missing.htm"), fetch_settings=settings)
    assert err.value.code == jzcli.ExitCode.HTTP_CLIENT


def _as_readme_writes_it(name: str) -> str:
    """A function's signature as README's API table writes it: names and defaults, no types."""
    parts, star = [], False
    for p in inspect.signature(getattr(jzcli, name)).parameters.values():
        if p.kind is p.KEYWORD_ONLY and not star:
            parts.append("*")
            star = True
        default = json.dumps(p.default) if isinstance(p.default, str) else p.default
        parts.append(p.name if p.default is p.empty else f"{p.name}={default}")
    return f"{name}({', '.join(parts)})"


def test_readme_api_table_has_every_function_with_its_real_signature() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    api = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(\w+\([^`]*\))` \|", api, re.M)
    functions = sorted(n for n in jzcli.__all__ if inspect.isfunction(getattr(jzcli, n, None)))
    assert sorted(documented) == sorted(_as_readme_writes_it(n) for n in functions)
