"""Feeds and sitemaps as column sources, through `jz column` against a real local server."""

from __future__ import annotations

import gzip
from pathlib import Path

from jzcli.batch.sources import parse_feed, parse_sitemap, source_kind
from jzcli.errors import ExitCode
from tests.batch.helpers import check_consistent, jz, manifest
from tests.batch.site import NewsSite, day_of
from tests.support.server import LocalServer, Reply, Request

FAST = ("--timeout", "2", "--retries", "0")
RFC822 = "%a, %d %b %Y 08:30:00 +0800"


def _rss(site: NewsSite, ids: list[int], extra: str = "") -> bytes:
    items = "".join(
        f"<item><title>{site.title(site.columns['local'], i)}</title>"
        f"<link>{site.article_url('local', i)}?utm_source=rss</link>"
        f"<pubDate>{day_of(i).strftime(RFC822)}</pubDate></item>"
        for i in ids
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>本地新闻 - 焦作网</title><link>{site.server.base}</link>"
        f"{items}{extra}</channel></rss>"
    ).encode()


def test_rss_feed_column_with_since_leaves_old_entries_unfetched(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=9, gbk_count=0)
    off_site = "<item><title>外站</title><link>http://127.0.0.2:9/x.html</link></item>"
    server.route(
        "/rss.xml",
        Reply(_rss(site, list(range(9)), off_site), 200, {"Content-Type": "application/rss+xml"}),
    )
    since = day_of(5).isoformat()  # articles 0-5 are that day or newer; 6-8 older
    out = tmp_path / "out"
    result = jz("column", server.url("/rss.xml"), "-o", str(out), "--since", since, *FAST)
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    assert sorted(rows) == sorted(site.article_url("local", i) for i in range(6))
    for i in range(6, 9):  # left out by the feed's date: never fetched
        path = site.article_path(site.columns["local"], i)
        assert server.hits(path) == 0
    assert all(line["column"] == "本地新闻" for line in manifest(out))


def test_gbk_atom_feed_titles_decode(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=2, gbk_count=0)
    entries = "".join(
        f'<entry><title>{t}</title><link href="{u}"/><updated>2024-06-30T08:00:00+08:00</updated>'
        f"<id>{u}</id></entry>"
        for t, u in (
            ("焦作市召开城市更新专题会议", site.article_url("local", 0)),
            ("已删除的旧闻：山阳区道路改造", server.url("/gone.html")),
        )
    )
    atom = (
        '<?xml version="1.0" encoding="gb2312"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>焦作网 本地新闻</title>{entries}</feed>"
    ).encode("gbk")
    server.route("/atom.xml", Reply(atom, 200, {"Content-Type": "application/atom+xml"}))
    out = tmp_path / "out"
    result = jz("column", server.url("/atom.xml"), "-o", str(out), *FAST)
    assert result.exit_code == ExitCode.PARTIAL, result.stderr
    lines = {line["url"]: line for line in manifest(out)}
    # The dead article's title comes from the feed alone: it must be decoded right.
    assert lines[server.url("/gone.html")]["title"] == "已删除的旧闻：山阳区道路改造"
    assert lines[server.url("/gone.html")]["date"] == "2024-06-30"
    assert lines[site.article_url("local", 0)]["status"] == "done"


def _news_sitemap(site: NewsSite, ids: list[int]) -> bytes:
    urls = "".join(
        f"<url><loc>{site.article_url('local', i)}</loc><news:news><news:publication>"
        "<news:name>焦作网</news:name><news:language>zh</news:language></news:publication>"
        f"<news:publication_date>{day_of(i).isoformat()}T08:30:00+08:00</news:publication_date>"
        f"<news:title>{site.title(site.columns['local'], i)}</news:title></news:news>"
        f"<image:image><image:loc>{site.server.url('/img/x.jpg')}</image:loc></image:image></url>"
        for i in ids
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
        f"{urls}</urlset>"
    ).encode()


def _index(server: LocalServer, children: list[tuple[str, str]]) -> bytes:
    items = "".join(
        f"<sitemap><loc>{server.url(path)}</loc><lastmod>{mod}</lastmod></sitemap>"
        for path, mod in children
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'
    ).encode()


def test_sitemap_index_with_gzipped_news_sitemap(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=12, gbk_count=0)
    news = gzip.compress(_news_sitemap(site, [0, 1, 2, 3]))
    server.route("/sitemap-news.xml.gz", Reply(news, 200, {"Content-Type": "application/x-gzip"}))
    old = "".join(
        f"<url><loc>{site.article_url('local', i)}</loc><lastmod>2020-01-01</lastmod></url>"
        for i in (9, 10, 11)
    )
    server.route(
        "/sitemap-2020.xml",
        Reply(
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{old}</urlset>'.encode(),
            200,
            {"Content-Type": "application/xml"},
        ),
    )
    index = _index(
        server, [("/sitemap-news.xml.gz", "2024-06-30"), ("/sitemap-2020.xml", "2020-01-02")]
    )
    server.route("/sitemap.xml", Reply(index, 200, {"Content-Type": "text/xml"}))
    out = tmp_path / "out"
    result = jz(
        "column", server.url("/sitemap.xml"), "-o", str(out), "--since", "2024-06-01", *FAST
    )
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    assert sorted(rows) == sorted(site.article_url("local", i) for i in range(4))
    assert server.hits("/sitemap-2020.xml") == 0  # its lastmod says nothing in it is new
    assert server.hits("/img/x.jpg") == 0  # image:loc is not an article
    # Without --since the old sitemap is read too.
    out2 = tmp_path / "out2"
    result = jz("column", server.url("/sitemap.xml"), "-o", str(out2), *FAST)
    assert result.exit_code == 0, result.stderr
    assert len(check_consistent(out2)) == 7


def test_discover_reads_announced_feeds_and_robots_sitemaps(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(
        server,
        local_count=12,
        gbk_count=0,
        per_page=12,
        robots="User-agent: *\nDisallow: /private/\nSitemap: /sm.xml\n",
    )
    listing_path = site.listing_path(site.columns["local"], 1)
    plain = server.routes[listing_path]
    assert callable(plain)

    def with_feed_link(req: Request) -> Reply:
        reply = plain(req)
        link = b'<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        return Reply(reply.body.replace(b"<head>", b"<head>" + link), 200, reply.headers)

    server.route(listing_path, with_feed_link)
    # The listing shows articles 0-11; the feed adds 20 and the sitemap 21 (both exist).
    for i in (20, 21):
        server.route(
            f"/news/local/extra/{i}.html",
            site.server.routes[site.article_path(site.columns["local"], i % 12)],
        )
    feed = (
        '<?xml version="1.0"?><rss version="0.91"><channel><title>本地新闻</title>'
        f"<item><title>补充</title><link>{server.url('/news/local/extra/20.html')}</link></item>"
        "</channel></rss>"
    ).encode()
    server.route("/feed.xml", Reply(feed, 200, {"Content-Type": "application/rss+xml"}))
    sm = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{server.url('/news/local/extra/21.html')}</loc></url>"
        f"<url><loc>{server.url('/private/secret.html')}</loc></url></urlset>"
    ).encode()
    server.route("/sm.xml", Reply(sm, 200, {"Content-Type": "application/xml"}))
    out = tmp_path / "plain"
    result = jz("column", site.listing_url("local"), "-o", str(out), *FAST)
    assert result.exit_code == 0, result.stderr
    assert len(check_consistent(out)) == 12
    assert server.hits("/feed.xml") == 0 and server.hits("/sm.xml") == 0
    out = tmp_path / "found"
    result = jz("column", site.listing_url("local"), "-o", str(out), "--discover", *FAST)
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    assert server.url("/news/local/extra/20.html") in rows
    assert server.url("/news/local/extra/21.html") in rows
    assert rows[server.url("/private/secret.html")]["status"] == "skipped"  # robots.txt
    assert server.hits("/private/secret.html") == 0


def test_a_column_url_that_is_neither_refused(server: LocalServer) -> None:
    server.route("/x.pdf", Reply(b"%PDF-1.4 ...", 200, {"Content-Type": "application/pdf"}))
    result = jz("column", server.url("/x.pdf"), *FAST)
    assert result.exit_code == ExitCode.UNSUPPORTED_TYPE
    assert "jz: error:" in result.stderr and "PDF" in result.stderr


def test_parsers_on_rss_1_and_0_91_and_broken_sitemaps() -> None:
    rdf = (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>T</title></channel>"
        "<item><title>一</title><link>/a/1.html</link><dc:date>2024-05-01T10:00+08:00</dc:date></item>"
        "</rdf:RDF>"
    ).encode()
    assert source_kind(rdf) == "feed"
    feed = parse_feed(rdf, "http://example.cn/rss")
    assert [(e.url, e.title, e.published) for e in feed.entries] == [
        ("http://example.cn/a/1.html", "一", "2024-05-01")
    ]
    # A sitemap cut off mid-way keeps what came before the cut.
    cut = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/a</loc></url><url><lo'
    assert [e.url for e in parse_sitemap(cut, "http://example.cn/sm.xml").entries] == [
        "http://example.cn/a"
    ]
    assert source_kind(b"<!DOCTYPE html><html><head>") is None
    assert source_kind(b'<?xml version="1.0"?><!-- x --><sitemapindex>') == "sitemapindex"
