"""One URL per article: normal forms, bare host/path in lists, canonical links."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.batch.helpers import article_files, check_consistent, jz, manifest
from tests.batch.site import NewsSite
from tests.support.server import LocalServer, Reply

FAST = ("--timeout", "2", "--retries", "0")


def test_five_forms_of_one_url_export_one_article(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=3, gbk_count=0)
    url = site.article_url("local", 1)
    host_path = url.removeprefix("http://")
    forms = [
        url,
        url.replace("http://", "HTTP://"),
        url + "?utm_source=weixin&utm_medium=share#comment",
        url + "?from=timeline&isappinstalled=0",
        host_path,  # bare host/path, as jz fetch takes it
        url.replace("/local/", "/local/./x/../"),
    ]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(forms) + "\n", "utf-8")
    out = tmp_path / "out"
    result = jz("batch", str(listing), "-o", str(out), *FAST)
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    assert list(rows) == [url]
    assert len(article_files(out)) == 1
    article_hits = [r for r in server.log if r.path.endswith(url.rsplit("/", 1)[1])]
    assert len(article_hits) == 1


def _page(title: str, body: str, canonical: str = "", og: str = "") -> Reply:
    head = f"<title>{title}</title>"
    if canonical:
        head += f'<link rel="canonical" href="{canonical}">'
    if og:
        head += f'<meta property="og:url" content="{og}">'
    paragraphs = "".join(
        f"<p>{body}第{n}段，内容详实，记者现场采访了有关负责人。</p>" for n in range(5)
    )
    html = (
        f'<html><head><meta charset="utf-8">{head}</head><body><div class="article">'
        f"<h1>{title}</h1><div class='content'>{paragraphs}</div></div></body></html>"
    )
    return Reply(html.encode(), 200, {"Content-Type": "text/html; charset=utf-8"})


def test_canonical_links_deduplicate_and_the_manifest_names_both(
    server: LocalServer, tmp_path: Path
) -> None:
    # /print/7.html is a second address of /news/7.html (its canonical link says so);
    # /m/7.html says so with og:url; /home.html's canonical points at the front page,
    # which must not merge it with anything.
    server.route("/news/7.html", _page("市区道路改造", "道路改造", canonical="/news/7.html"))
    server.route("/print/7.html", _page("市区道路改造", "道路改造", canonical="/news/7.html"))
    server.route("/m/7.html", _page("市区道路改造", "道路改造", og=server.url("/news/7.html")))
    server.route("/other.html", _page("学校开学", "学校开学", canonical="/"))
    server.route("/other2.html", _page("农业丰收", "农业丰收", canonical="/"))
    urls = [server.url(p) for p in ("/print/7.html", "/news/7.html", "/m/7.html")]
    urls += [server.url("/other.html"), server.url("/other2.html")]
    out = tmp_path / "out"
    result = jz("batch", "-", "-o", str(out), *FAST, input="\n".join(urls) + "\n")
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    done = [u for u, r in rows.items() if r["status"] == "done"]
    # The three addresses of one article run at once: whichever is exported first is kept
    # (the first listed, unless a busy machine finishes another first), the others point at it.
    twins = urls[:3]
    kept = [u for u in twins if u in done]
    assert len(kept) == 1 and sorted(done) == sorted([kept[0], urls[3], urls[4]])
    others = [u for u in twins if u != kept[0]]
    lines = {line["url"]: line for line in manifest(out)}
    assert sorted(lines[kept[0]]["also"]) == sorted(others)
    assert lines[kept[0]]["canonical_url"] == urls[1]
    for other in others:
        assert lines[other]["duplicate_of"] == kept[0]
        assert lines[other]["status"] == "skipped"
    texts = [p.read_text("utf-8") for p in article_files(out)]
    assert sum("道路改造第0段" in t for t in texts) == 1
    # A rerun keeps it so and fetches nothing new.
    again = jz("batch", "-", "-o", str(out), *FAST, input="\n".join(urls) + "\n")
    assert again.exit_code == 0, again.stderr
    assert len(article_files(out)) == 3


def test_manifest_csv_matches_the_jsonl(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=4, gbk_count=2)
    urls = [*site.all_article_urls("local"), site.article_url("gbk", 1), server.url("/gone")]
    out = tmp_path / "out"
    result = jz("batch", "-", "-o", str(out), *FAST, input="\n".join(urls) + "\n")
    assert result.exit_code != 0  # one 404
    raw = (out / "manifest.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    lines = manifest(out)
    assert [r["url"] for r in table] == [line["url"] for line in lines]
    assert list(table[0]) == list(lines[0])
    for row, line in zip(table, lines):
        for key, value in line.items():
            if value is None:
                assert row[key] == ""
            elif isinstance(value, str):
                assert row[key] == value
            elif isinstance(value, int):
                assert row[key] == str(value)
            else:
                assert json.loads(row[key]) == value
    titles = [r["title"] for r in table if r["status"] == "done"]
    assert len(titles) == 5 and "综合资讯第1号" in titles[-1]  # GBK title read right
    assert not list(out.glob(".jz-tmp-*"))
