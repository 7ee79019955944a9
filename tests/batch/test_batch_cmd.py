from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from jzcli.errors import ExitCode
from tests.batch.helpers import check_consistent, jz, manifest
from tests.batch.site import NewsSite, marker
from tests.support.server import LocalServer, Reply

FAST = ("--timeout", "0.5", "--retries", "0")


def test_batch_from_stdin_to_stdout_jsonl(server: LocalServer) -> None:
    site = NewsSite(server, local_count=6, gbk_count=3)
    urls = site.all_article_urls("local")
    listing = "\n".join(
        [
            "# my list",
            urls[0],
            "",
            json.dumps({"url": urls[1], "note": "x"}),
            urls[0],  # listed twice: exported once
            site.article_url("gbk", 2),
            server.url("/missing.html"),
        ]
    )
    result = jz("batch", "-", *FAST, input=listing + "\n")
    assert result.exit_code == ExitCode.PARTIAL, result.stderr
    # Streamed as each article is done; `position` restores the input order.
    lines = sorted(
        (json.loads(line) for line in result.stdout.splitlines()), key=lambda d: d["position"]
    )
    assert [line["position"] for line in lines] == [1, 2, 3, 4]
    assert [line["url"] for line in lines] == [
        urls[0],
        urls[1],
        site.article_url("gbk", 2),
        server.url("/missing.html"),
    ]
    assert lines[-1]["code"] == ExitCode.HTTP_CLIENT and "404" in lines[-1]["error"]
    assert marker(site, "gbk", 2) in "".join(lines[2]["paragraphs"])
    assert "jz: error: " in result.stderr and "/missing.html" in result.stderr
    assert "3 exported" in result.stderr and "1 failed" in result.stderr


def test_batch_file_to_folder_and_rerun_skips_done(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=8, gbk_count=0)
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(site.all_article_urls("local")) + "\n", "utf-8")
    out = tmp_path / "out"
    result = jz("batch", str(listing), "-o", str(out), "-f", "txt", *FAST)
    assert result.exit_code == 0, result.stderr
    assert len(check_consistent(out)) == 8
    assert all(line.endswith(".txt") for line in result.stdout.splitlines())
    requests = len(server.log)
    again = jz("batch", str(listing), "-o", str(out), "-f", "txt", *FAST)
    assert again.exit_code == 0
    assert again.stdout == ""
    assert "8 already done" in again.stderr
    assert len(server.log) == requests  # nothing left to fetch, not even robots.txt


def test_all_failed_gives_the_failure_code(server: LocalServer) -> None:
    result = jz("batch", "-", *FAST, input=server.url("/a.html") + "\n" + server.url("/b.html"))
    assert result.exit_code == ExitCode.HTTP_CLIENT


def test_empty_list_and_bad_options(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n", "utf-8")
    result = jz("batch", str(empty))
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr == (
        f"jz: error: {empty} lists no URLs. Give one URL a line, or JSON lines with a url field\n"
    )
    assert jz("batch", str(empty), "--since", "soon").exit_code == ExitCode.USAGE
    assert jz("batch", str(empty), "--name-template", "{nope}").exit_code == ExitCode.USAGE


def test_two_addresses_redirecting_to_one_article_export_it_once(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=3, gbk_count=0)
    target = site.article_url("local", 1)
    server.route("/go/1", Reply(b"", 301, {"Location": target}))
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{target}\n{server.url('/go/1')}\n", "utf-8")
    out = tmp_path / "out"
    result = jz("batch", str(listing), "-o", str(out), *FAST)
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    # Both are fetched at once, so either may finish first; exactly one is exported and the
    # other is skipped as the same article.
    pair = [rows[target], rows[server.url("/go/1")]]
    assert sorted(row["status"] for row in pair) == ["done", "skipped"]
    done = next(row for row in pair if row["status"] == "done")
    skipped = next(row for row in pair if row["status"] == "skipped")
    assert done["url"] in skipped["error"] or target in skipped["error"]


def test_failures_of_different_kinds_give_one_code_in_any_order(server: LocalServer) -> None:
    server.route("/doc.pdf", Reply(b"%PDF-1.4 x", 200, {"Content-Type": "application/pdf"}))
    missing, pdf = server.url("/missing.html"), server.url("/doc.pdf")
    forward = jz("batch", "-", *FAST, input=f"{missing}\n{pdf}\n")
    backward = jz("batch", "-", *FAST, input=f"{pdf}\n{missing}\n")
    assert forward.exit_code == backward.exit_code == ExitCode.ALL_FAILED
    codes = {json.loads(line)["code"] for line in forward.stdout.splitlines()}
    assert codes == {ExitCode.HTTP_CLIENT, ExitCode.UNSUPPORTED_TYPE}


def test_an_empty_page_is_no_article_as_in_fetch(server: LocalServer) -> None:
    server.route("/blank.html", Reply(b"  \n", 200, {"Content-Type": "text/html"}))
    url = server.url("/blank.html")
    result = jz("batch", "-", *FAST, input=url + "\n")
    assert result.exit_code == ExitCode.NO_ARTICLE
    line = json.loads(result.stdout)
    assert line["code"] == ExitCode.NO_ARTICLE
    assert "the server sent an empty page (status 200)" in line["error"]
    assert f"jz: error: {url}: the server sent an empty page" in result.stderr


def test_failure_lines_name_the_url_once_and_say_what_to_try(server: LocalServer) -> None:
    """A page without text, and a redirect to file://, each give one line naming the URL once."""
    server.route(
        "/links.html",
        Reply(
            b'<html><body><a href="/a">a</a></body></html>',
            headers={"Content-Type": "text/html; charset=utf-8"},
        ),
    )
    server.route("/go.html", Reply(b"", 302, {"Location": "file:///etc/passwd"}))
    urls = [server.url("/links.html"), server.url("/go.html")]
    result = jz("batch", "-", *FAST, "--ignore-robots", input="\n".join(urls) + "\n")
    assert result.exit_code == ExitCode.ALL_FAILED, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("jz: error: ")]
    assert len(errors) == 2
    for url in urls:
        (line,) = [line for line in errors if url in line]
        assert line.count(url) == 1, line
    (no_text,) = [line for line in errors if urls[0] in line]
    assert no_text.split(urls[0], 1)[1].count(". ") == 1, no_text  # what to try


def _run_jz(*args: str, stdout: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "JZ_CONFIG": os.devnull, "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen(
        [sys.executable, "-m", "jzcli", *args], stdout=stdout, stderr=subprocess.PIPE, env=env
    )


def test_closed_stdout_ends_the_run_quietly_and_a_rerun_finishes(
    server: LocalServer, tmp_path: Path
) -> None:
    """`jz batch -o DIR | head -1`: no error lines, the manifest kept, nothing lost on rerun."""
    site = NewsSite(server, local_count=12, gbk_count=0)
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(site.all_article_urls("local")) + "\n", "utf-8")
    out = tmp_path / "out"
    args = ("batch", str(listing), "-o", str(out), "--concurrency", "1", *FAST)
    proc = _run_jz(*args, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # the reader went away (head -1)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert b"error" not in err, err.decode()
    assert len(manifest(out)) >= 1  # kept true to the store
    again = jz("batch", str(listing), "-o", str(out), *FAST)
    assert again.exit_code == 0, again.stderr
    rows = check_consistent(out)
    assert len(rows) == 12
    assert all(row["status"] == "done" for row in manifest(out))


def test_full_stdout_is_an_output_error(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=2, gbk_count=0)
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(site.all_article_urls("local")) + "\n", "utf-8")
    with open("/dev/full", "wb") as full:
        proc = _run_jz("batch", str(listing), *FAST, stdout=full)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == ExitCode.OUTPUT, err.decode()
    assert err.decode().splitlines()[-1].startswith("jz: error: cannot write to standard output")
    assert "internal error" not in err.decode()


def test_a_date_range_that_ends_before_it_starts_is_a_usage_error(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=1, gbk_count=0)
    listing = tmp_path / "urls.txt"
    listing.write_text(site.article_url("local", 0) + "\n", "utf-8")
    for command in ("batch", "warc"):
        result = jz(command, str(listing), "--since", "2025-01-01", "--until", "2024-06-30")
        assert result.exit_code == ExitCode.USAGE, result.stderr
        assert result.stderr == (
            "jz: error: --since: 2025-01-01 is after --until 2024-06-30, so no article could "
            f"be kept. Swap the dates. See 'jz {command} --help'.\n"
        )
    assert len(server.log) == 0
    same_day = ("--since", "2024-06-30", "--until", "2024-06-30", *FAST)
    assert jz("batch", str(listing), *same_day).exit_code != ExitCode.USAGE


def test_a_list_line_of_deeply_nested_json_is_an_input_error(tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text('{"url": ' + "[" * 100_000 + "\n", "utf-8")
    result = jz("batch", str(listing))
    assert result.exit_code == ExitCode.INPUT, result.stderr
    assert result.stderr == f"jz: error: {listing} line 1 is JSON nested too deeply\n"


@pytest.mark.skipif(os.name != "posix", reason="symlinks and pipes")
@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_a_link_or_pipe_at_an_article_s_name_is_replaced_never_followed(
    server: LocalServer, tmp_path: Path, kind: str
) -> None:
    """`-o DIR` holding a link (or a pipe) at an article's name: the run writes a regular
    file there; the link's target is untouched and a pipe does not block the run."""
    site = NewsSite(server, local_count=1, gbk_count=0)
    listing = tmp_path / "urls.txt"
    listing.write_text(site.article_url("local", 0) + "\n", "utf-8")
    first = tmp_path / "first"
    assert jz("batch", str(listing), "-o", str(first), *FAST).exit_code == 0
    (name,) = [row["path"] for row in manifest(first)]
    secret = tmp_path / "secret.txt"
    secret.write_text("my private notes\n", "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    if kind == "symlink":
        (out / name).symlink_to(secret)
    else:
        os.mkfifo(out / name)
    proc = _run_jz("batch", str(listing), "-o", str(out), *FAST, stdout=subprocess.DEVNULL)
    try:
        # A pipe opened for writing would wait for a reader for ever: the timeout ends the test.
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 0, err.decode()
    assert secret.read_text("utf-8") == "my private notes\n"
    written = out / name
    assert not written.is_symlink() and written.is_file()
    assert written.read_bytes() == (first / name).read_bytes()
    check_consistent(out)


def test_hostile_servers_fail_their_own_urls_and_the_run_resumes_without_loss(
    server: LocalServer, tmp_path: Path
) -> None:
    # Endless bodies (chunked, and unframed until the close) stop at the byte cap, a header
    # section of megabytes is refused at once; the articles between are exported, and a
    # rerun keeps them, retries only the failures, and duplicates nothing.
    site = NewsSite(server, local_count=3, gbk_count=0)
    good = site.all_article_urls("local")
    endless = b"<p>" + "无尽的段落。".encode() * 5000 + b"</p>"
    server.route("/chunked", Reply(endless, headers={"Content-Type": "text/html"}, endless=True))
    server.route(
        "/unframed",
        Reply(endless, headers={"Content-Type": "text/html", "Connection": "close"}, endless=True),
    )
    server.route("/headers", Reply(b"<p>x</p>", headers={"X-Junk": "a" * 2_000_000}))
    hostile = [server.url(p) for p in ("/chunked", "/unframed", "/headers")]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join([good[0], *hostile, *good[1:]]) + "\n", "utf-8")
    out = tmp_path / "out"
    args = ("batch", str(listing), "-o", str(out), "--max-bytes", "1M", "--ignore-robots")
    result = jz(*args, "--timeout", "5", "--retries", "1")
    assert result.exit_code == ExitCode.PARTIAL, result.stderr
    codes = {line["url"]: line["code"] for line in manifest(out)}
    assert [codes[url] for url in hostile] == [ExitCode.TOO_LARGE, ExitCode.TOO_LARGE, 6]
    assert [codes[url] for url in good] == [None] * 3
    assert "header section larger than 100 KB" in result.stderr
    assert server.hits("/headers") == 1  # the same headers on every try: not retried
    files = {p.name: p.read_bytes() for p in out.glob("*.md")}
    again = jz(*args, "--timeout", "5", "--retries", "0")
    assert again.exit_code == ExitCode.PARTIAL  # the done ones count as done
    assert "3 already done" in again.stderr
    rows = check_consistent(out)
    assert sorted(r["status"] for r in rows.values()) == ["done"] * 3 + ["failed"] * 3
    assert {p.name: p.read_bytes() for p in out.glob("*.md")} == files


def test_retry_after_beyond_the_cap_closes_the_host_for_the_run(
    server: LocalServer, tmp_path: Path
) -> None:
    """A server asking to wait longer than jz's cap (120 s) is not waited for nor asked again.

    Its other URLs fail at once with the same reason (no request reaches the server) and are
    recorded as failed, so a rerun tries them all again.
    """
    site = NewsSite(server, local_count=4, gbk_count=0)
    urls = site.all_article_urls("local")
    first = site.article_path(site.columns["local"], 0)
    busy = [True]
    late = Reply(b"later", 429, {"Retry-After": "999999999", "Content-Type": "text/plain"})
    site.faults[first] = lambda _: late if busy[0] else None
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n", "utf-8")
    out = tmp_path / "out"
    # One article at a time, so the first URL is answered before the others start.
    args = ("batch", str(listing), "-o", str(out), "-f", "txt", "--concurrency", "1")
    result = jz(*args, "--timeout", "0.5", "--retries", "3")
    assert result.exit_code == ExitCode.HTTP_SERVER, result.stderr
    rows = check_consistent(out)
    assert {row["status"] for row in rows.values()} == {"failed"}
    assert server.hits(first) == 1
    assert [server.hits(urlsplit(u).path) for u in urls[1:]] == [0, 0, 0]
    errors = {row["error"] for row in rows.values()}
    assert len(errors) == 1
    (error,) = errors
    assert "999999999 s" in error and "cap of 120 s" in error
    assert {row["error_code"] for row in rows.values()} == {ExitCode.HTTP_SERVER}
    busy[0] = False
    again = jz(*args, "--timeout", "0.5", "--retries", "3")
    assert again.exit_code == 0, again.stderr
    assert {row["status"] for row in check_consistent(out).values()} == {"done"}
