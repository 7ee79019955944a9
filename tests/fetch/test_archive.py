"""--archived: a gone article read from a (fake, local) Wayback availability API and capture."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from jzcli.errors import ExitCode
from jzcli.fetch.archive import iso_timestamp, raw_capture_url
from tests.batch.helpers import check_consistent, jz, manifest
from tests.support.server import LocalServer, Reply, Request, closed_port

FAST = ("--timeout", "2", "--retries", "0")
STAMP = "20240630083000"
TEXT = "".join(
    f"<p>第{k}段：焦作市山阳区旧城改造项目进展顺利，居民陆续回迁新居，社区配套设施逐步完善。</p>"
    for k in range(5)
)


def _capture(title: str, toolbar: bool) -> Reply:
    bar = '<div id="wm-ipp">WAYBACK TOOLBAR 工具栏</div>' if toolbar else ""
    html = (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>{bar}'
        f'<div class="article"><h1>{title}</h1><div class="content">{TEXT}</div></div>'
        "</body></html>"
    )
    return Reply(html.encode(), 200, {"Content-Type": "text/html; charset=utf-8"})


@pytest.fixture
def archive() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


def _hold(archive: LocalServer, urls: list[str]) -> None:
    """The fake archive holds a capture of each URL (toolbar form and raw id_ form)."""
    for n, url in enumerate(urls):
        archive.route(f"/web/{STAMP}/{url}", _capture(f"旧闻{n}", toolbar=True))
        archive.route(f"/web/{STAMP}id_/{url}", _capture(f"旧闻{n}", toolbar=False))

    def available(req: Request) -> Reply:
        wanted = parse_qs(req.query).get("url", [""])[0]
        snapshots = {}
        if wanted in urls:
            snapshots["closest"] = {
                "available": True,
                "url": archive.url(f"/web/{STAMP}/{wanted}"),
                "timestamp": STAMP,
                "status": "200",
            }
        body = json.dumps({"url": wanted, "archived_snapshots": snapshots}).encode()
        return Reply(body, 200, {"Content-Type": "application/json"})

    archive.route("/wayback/available", available)


def test_batch_reads_gone_articles_from_the_archive(
    server: LocalServer, archive: LocalServer, tmp_path: Path
) -> None:
    server.route("/gone.html", Reply(b"gone", 410, {"Content-Type": "text/plain"}))
    refused = f"http://127.0.0.1:{closed_port()}/refused.html"
    urls = [server.url("/gone.html"), refused, server.url("/never-archived.html")]
    _hold(archive, urls[:2])
    out = tmp_path / "out"
    endpoint = archive.url("/wayback/available")
    args = ("batch", "-", "-o", str(out), "-f", "json", *FAST)
    result = jz(*args, "--archived", "--archive-endpoint", endpoint, input="\n".join(urls) + "\n")
    assert result.exit_code == ExitCode.PARTIAL, result.stderr
    rows = check_consistent(out)
    lines = {line["url"]: line for line in manifest(out)}
    for n, url in enumerate(urls[:2]):
        assert rows[url]["status"] == "done"
        assert lines[url]["archive_url"] == archive.url(f"/web/{STAMP}id_/{url}")
        assert lines[url]["archive_timestamp"] == "2024-06-30T08:30:00Z"
        article = json.loads((out / rows[url]["path"]).read_text("utf-8"))
        assert article["url"] == url and article["title"] == f"旧闻{n}"
        assert "TOOLBAR" not in json.dumps(article, ensure_ascii=False)  # the raw capture
        assert any("archived copy" in w for w in article["provenance"]["warnings"])
        assert article["provenance"]["final_url"] == lines[url]["archive_url"]
    assert archive.hits(f"/web/{STAMP}/{urls[0]}") == 0
    missing = lines[urls[2]]
    assert missing["status"] == "failed" and "No archived copy" in missing["error"]
    assert missing["archive_url"] is None


def test_without_archived_the_archive_is_not_asked(
    server: LocalServer, archive: LocalServer, tmp_path: Path
) -> None:
    _hold(archive, [server.url("/gone.html")])
    endpoint = archive.url("/wayback/available")
    result = jz(
        "batch", "-", "-o", str(tmp_path / "o"), "--archive-endpoint", endpoint, *FAST,
        input=server.url("/gone.html") + "\n",
    )  # fmt: skip
    assert result.exit_code == ExitCode.HTTP_CLIENT  # the 404, as without an archive
    assert archive.log == []


def test_fetch_archived_with_the_environment_endpoint(
    server: LocalServer, archive: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = server.url("/gone.html")
    _hold(archive, [url])
    monkeypatch.setenv("JZ_ARCHIVE_ENDPOINT", archive.url("/wayback/available"))
    result = jz("fetch", url, "--archived", "-f", "json", *FAST)
    assert result.exit_code == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == "旧闻0"
    assert any(STAMP[:8] in w or "2024-06-30" in w for w in article["provenance"]["warnings"])
    # A server error is not a gone page: no archive lookup.
    server.route("/broken.html", Reply(b"oops", 500, {"Content-Type": "text/plain"}))
    before = len(archive.log)
    result = jz("fetch", server.url("/broken.html"), "--archived", *FAST)
    assert result.exit_code == ExitCode.HTTP_SERVER
    assert len(archive.log) == before


def test_capture_url_forms() -> None:
    base = "https://web.archive.org/web/20240630083000/http://x.cn/a.html"
    assert (
        raw_capture_url(base) == "https://web.archive.org/web/20240630083000id_/http://x.cn/a.html"
    )
    assert raw_capture_url(base.replace("000/", "000im_/")).endswith("000id_/http://x.cn/a.html")
    assert iso_timestamp("20240630") == "2024-06-30T00:00:00Z"
    assert iso_timestamp("") == ""


def test_a_timeout_falls_back_to_the_archive(server: LocalServer, archive: LocalServer) -> None:
    url = server.url("/slow.html")
    server.route("/slow.html", Reply(b"<p>late</p>", 200, {"Content-Type": "text/html"}, delay=3))
    _hold(archive, [url])
    endpoint = archive.url("/wayback/available")
    args = ("fetch", url, "-f", "json", "--timeout", "0.5", "--retries", "0")
    result = jz(*args, "--archived", "--archive-endpoint", endpoint)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "旧闻0"
    assert jz(*args).exit_code == ExitCode.TIMEOUT  # and without --archived, the timeout
