"""Charset labels that name no text encoding, from a header or a meta tag, through the CLI."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import jz
from tests.robustness.pages import distinct_article
from tests.support.server import LocalServer, Reply


@pytest.mark.parametrize("label", ["undefined", "idna", "punycode", "unicode_escape", "utf-7"])
def test_non_text_charset_labels_are_ignored(server: LocalServer, label: str) -> None:
    html, paragraphs = distinct_article(7, head=f"<meta charset='{label}'>")
    html = html.replace("<meta charset='utf-8'>", "")
    server.route(
        "/a.html",
        Reply(html.encode("gbk"), headers={"Content-Type": f"text/html; charset={label}"}),
    )
    run = jz("fetch", server.url("/a.html"), "--format", "json")
    assert run.code == 0, run.stderr
    art = json.loads(run.stdout)
    assert art["paragraphs"] == paragraphs
    charset = art["provenance"]["charset"]
    assert charset["encoding"] in ("gbk", "gb18030")
    assert not any(e.startswith("http") for e in charset["evidence"])  # dropped as unknown
    assert f"meta: unknown charset {label!r} ignored" in charset["evidence"]
