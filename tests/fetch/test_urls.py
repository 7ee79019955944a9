from __future__ import annotations

import pytest

from jzcli.fetch.urls import as_url, normalize_url, remove_dot_segments

ONE = "http://www.jzrb.com/html/2024/06/30/content_123.htm"


@pytest.mark.parametrize(
    "form",
    [
        ONE,
        "HTTP://WWW.JZRB.COM:80/html/2024/06/30/content_123.htm",
        "http://www.jzrb.com./html/2024/06/30/content_123.htm",
        "http://www.jzrb.com/html/2024/06/./30/../30/content_123.htm#comments",
        "http://www.jzrb.com/html/2024/06/30/content_123.htm?utm_source=wechat&utm_medium=share",
        "http://www.jzrb.com/html/2024/06/30/content_123.htm?from=timeline&isappinstalled=0",
        "http://www.jzrb.com/html/2024/06/30/content_123.htm?spm=a2c4g.1.0.0&hmsr=baidu",
        "http://www.jzrb.com/html/2024/06/30/%63ontent_123.htm",
    ],
)
def test_forms_of_one_article_share_one_url(form: str) -> None:
    assert normalize_url(form) == ONE


@pytest.mark.parametrize(
    "url",
    [
        "http://www.jzrb.com/show.php?aid=55",
        "http://www.jzrb.com/show.php?id=55",
        "http://www.jzrb.com/view.php?p=2&id=55",
        "http://www.jzrb.com/view.php?id=55&p=2",  # order kept: position may matter
        "http://www.jzrb.com/list.php?from=2024",  # from= with a value that selects content
        "https://www.jzrb.com:8443/a.html",
        "http://www.jzrb.com/a%20b.html",
        "http://www.jzrb.com/#!/news/5",  # an AJAX fragment selects content
    ],
)
def test_content_selecting_parts_are_kept(url: str) -> None:
    assert normalize_url(url) == url


def test_escapes_and_defaults() -> None:
    assert normalize_url("https://Example.COM:443") == "https://example.com/"
    assert normalize_url("http://example.com/a%2fb?q=%e4%b8%ad") == (
        "http://example.com/a%2Fb?q=%E4%B8%AD"
    )
    assert normalize_url("mailto:x@example.com") == "mailto:x@example.com"
    assert normalize_url("http://[::1]:80/x") == "http://[::1]/x"


def test_dot_segments_per_rfc_3986() -> None:
    assert remove_dot_segments("/a/b/c/./../../g") == "/a/g"
    assert remove_dot_segments("/../x") == "/x"
    assert remove_dot_segments("/a/b/..") == "/a/"


def test_bare_host_gets_a_scheme() -> None:
    assert as_url("www.jzrb.com/a.html") == "http://www.jzrb.com/a.html"
    assert as_url("localhost:8080/a") == "http://localhost:8080/a"
    assert as_url("https://x.cn/") == "https://x.cn/"
