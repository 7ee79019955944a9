"""`jz fetch` through the real command: exit codes, stdout and stderr checked apart."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from jzcli.cli import fetch_cmd
from jzcli.cli.app import app
from jzcli.errors import ExitCode
from jzcli.fetch import client as fetch_client
from jzcli.settings import FetchSettings
from tests.fetch.news_pages import (
    BODY_1,
    BODY_2,
    BODY_3,
    BODY_4,
    BODY_5,
    BODY_6,
    english_page,
    news_page,
    pager,
)
from tests.support.server import LocalServer, Reply, closed_port, redirect, sequence

ROOT = Path(__file__).resolve().parents[2]
UTF8 = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short backoff so retry tests stay fast on a shared machine."""
    quick = functools.partial(FetchSettings, backoff=0.01, max_retry_after=0.05)
    monkeypatch.setattr(fetch_cmd, "FetchSettings", quick)


def jz(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(app, ["fetch", *args], input=input)


def json_stream(text: str) -> list[Any]:
    """The objects of `--format json` output: one per article, one after the other."""
    decoder, items, at = json.JSONDecoder(), [], 0
    while text[at:].strip():
        item, end = decoder.raw_decode(text, at + len(text[at:]) - len(text[at:].lstrip()))
        items.append(item)
        at = end
    return items


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


def serve(
    server: LocalServer, path: str, html: str, encoding: str = "utf-8", **headers: str
) -> str:
    server.route(path, Reply(html.encode(encoding), headers=headers or dict(UTF8)))
    return server.url(path)


# --- pages shaped like real sites -------------------------------------------------------


def test_news_template_page(server: LocalServer) -> None:
    url = serve(server, "/news/a.htm", news_page("农村公路建设成效显著", [BODY_1, BODY_2]))
    result = jz(url)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert BODY_1 in result.stdout and BODY_2 in result.stdout
    assert result.stdout.startswith("---\n")  # Markdown when piped


def test_json_output_has_title_and_provenance(server: LocalServer) -> None:
    url = serve(server, "/news/a.htm", news_page("农村公路建设成效显著", [BODY_1, BODY_2]))
    data = as_json(jz(url, "--format", "json"))
    assert "农村公路建设成效显著" in data["title"]
    assert data["provenance"]["http_status"] == 200
    assert data["provenance"]["input_kind"] == "url"
    assert data["provenance"]["extractor"].startswith("html")
    assert data["provenance"]["final_url"] == url
    assert data["provenance"]["charset"]["encoding"] == "utf-8"


def test_gbk_page_with_wrong_header_charset(server: LocalServer) -> None:
    html = news_page("焦作新闻", [BODY_1, BODY_2], charset="gbk")
    url = serve(
        server, "/gbk.htm", html, "gbk", **{"Content-Type": "text/html; charset=iso-8859-1"}
    )
    result = jz(url, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = as_json(result)
    charset = data["provenance"]["charset"]
    assert charset["encoding"] == "gb18030"
    assert charset["replacements"] == 0
    assert any("iso-8859-1" in e for e in charset["evidence"])
    assert BODY_1 in data["paragraphs"][0] or BODY_1 in "\n".join(data["paragraphs"])


def test_gb2312_page_with_gbk_only_characters(server: LocalServer) -> None:
    sentence = "朱镕基同志曾到焦作视察工作，对当地经济发展作出重要指示。"
    html = news_page("镕字测试", [sentence, BODY_2], charset="gb2312")
    url = serve(server, "/gb.htm", html, "gbk", **{"Content-Type": "text/html; charset=gb2312"})
    data = as_json(jz(url, "-f", "json"))
    assert data["provenance"]["charset"]["encoding"] == "gb18030"
    assert sentence in "\n".join(data["paragraphs"])


def test_big5_page(server: LocalServer) -> None:
    sentence = "臺灣氣象單位表示，颱風將於明天傍晚登陸，請民眾做好準備。"
    html = f"""<html><head><meta charset="big5"><title>颱風消息－新聞網</title></head><body>
<div class="nav"><a href="/">首頁</a> <a href="/news">新聞</a> <a href="/sport">體育</a></div>
<div class="article"><h1>颱風消息</h1><div class="info">2024年5月1日 記者 陳美玲</div>
<p>{sentence}</p><p>各級學校停課一天，交通運輸也將受到影響。</p></div>
<div class="footer"><p>版權所有，轉載必究。</p></div></body></html>"""
    url = serve(server, "/big5.htm", html, "big5", **{"Content-Type": "text/html"})
    data = as_json(jz(url, "-f", "json", "--script", "keep"))
    assert data["provenance"]["charset"]["encoding"] == "big5hkscs"
    assert sentence in "\n".join(data["paragraphs"])


def test_utf8_page_whose_meta_lies(server: LocalServer) -> None:
    html = news_page("编码说明有误", [BODY_1, BODY_2], charset="gb2312")
    url = serve(server, "/lie.htm", html, "utf-8", **{"Content-Type": "text/html"})
    data = as_json(jz(url, "-f", "json"))
    assert data["provenance"]["charset"]["encoding"] == "utf-8"
    assert BODY_1 in "\n".join(data["paragraphs"])


def test_page_with_ruby_pinyin(server: LocalServer) -> None:
    ruby = "<ruby>焦<rt>jiāo</rt>作<rt>zuò</rt></ruby>是一座历史悠久的城市。"
    url = serve(server, "/ruby.htm", news_page("注音", [ruby, BODY_1, BODY_2]))
    result = jz(url, "-f", "txt")
    assert result.exit_code == 0, result.stderr
    assert BODY_1 in result.stdout


def test_body_printed_twice_comes_out_once(server: LocalServer) -> None:
    url = serve(server, "/twice.htm", news_page("重复", [BODY_1, BODY_2, BODY_3, BODY_1, BODY_2]))
    result = jz(url, "-f", "txt")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(BODY_1) == 1
    assert result.stdout.count(BODY_2) == 1
    assert BODY_3 in result.stdout


def test_three_page_article_joined_in_order(server: LocalServer) -> None:
    names = ["content_7.htm", "content_7_2.htm", "content_7_3.htm"]
    links = [(str(i + 1), n) for i, n in enumerate(names)]
    bodies = [[BODY_1, BODY_2], [BODY_3, BODY_4], [BODY_5, BODY_6]]
    for i, (name, paras) in enumerate(zip(names, bodies)):
        nxt = [("下一页", names[i + 1])] if i < 2 else []
        serve(server, "/news/" + name, news_page("三页文章", paras, pager=pager(links + nxt)))
    result = jz(server.url("/news/content_7.htm"), "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = as_json(result)
    assert data["provenance"]["pages"] == 3
    text = "\n".join(data["paragraphs"])
    spots = [text.index(s) for s in (BODY_1, BODY_2, BODY_3, BODY_4, BODY_5, BODY_6)]
    assert spots == sorted(spots)
    assert text.count(BODY_3) == 1
    assert all(server.hits("/news/" + n) == 1 for n in names)
    # --single-page (or --max-pages 1) reads the first page only.
    single = as_json(jz(server.url("/news/content_7.htm"), "-f", "json", "--single-page"))
    assert single["provenance"]["pages"] == 1
    assert BODY_3 not in "\n".join(single["paragraphs"])
    two = as_json(jz(server.url("/news/content_7.htm"), "-f", "json", "--max-pages", "2"))
    assert two["provenance"]["pages"] == 2


def test_gbk_three_page_article_with_wrong_header(server: LocalServer) -> None:
    names = ["1024.html", "1024_2.html", "1024_3.html"]
    bodies = [[BODY_1, BODY_2], [BODY_3, BODY_4], [BODY_5, BODY_6]]
    links = [(str(i + 1), n) for i, n in enumerate(names)]
    wrong = {"Content-Type": "text/html; charset=iso-8859-1"}
    for name, paras in zip(names, bodies):
        html = news_page("国标码三页", paras, charset="gb2312", pager=pager(links))
        serve(server, "/a/" + name, html, "gbk", **wrong)
    data = as_json(jz(server.url("/a/1024.html"), "-f", "json"))
    assert data["provenance"]["pages"] == 3
    assert data["provenance"]["charset"]["encoding"] == "gb18030"
    text = "\n".join(data["paragraphs"])
    assert [text.count(s) for s in (BODY_1, BODY_4, BODY_6)] == [1, 1, 1]
    assert text.index(BODY_1) < text.index(BODY_4) < text.index(BODY_6)


def test_english_news_page(server: LocalServer) -> None:
    sentence = "The city council voted on Tuesday to expand the riverside park by twelve acres."
    paras = [sentence, "Construction is expected to begin next spring and last two years."]
    url = serve(server, "/world/park.html", english_page("Council expands park", paras))
    result = jz(url, "-f", "txt")
    assert result.exit_code == 0, result.stderr
    assert sentence in result.stdout


def test_redirect_and_gzip(server: LocalServer) -> None:
    html = news_page("跳转", [BODY_1, BODY_2]).encode()
    server.route("/old.htm", redirect("/new.htm", 301))
    server.route("/new.htm", Reply(html, headers=UTF8, gzip=True))
    data = as_json(jz(server.url("/old.htm"), "-f", "json"))
    assert data["provenance"]["final_url"] == server.url("/new.htm")
    assert BODY_1 in "\n".join(data["paragraphs"])


def test_500_then_success(server: LocalServer) -> None:
    html = news_page("重试", [BODY_1, BODY_2]).encode()
    server.route("/flaky.htm", sequence(Reply(b"err", 500), Reply(html, headers=UTF8)))
    result = jz(server.url("/flaky.htm"))
    assert result.exit_code == 0, result.stderr
    assert BODY_1 in result.stdout
    assert server.hits("/flaky.htm") == 2


def test_header_and_user_agent_options(server: LocalServer) -> None:
    url = serve(server, "/a.htm", news_page("头", [BODY_1, BODY_2]))
    result = jz(url, "-H", "Cookie: sid=42", "-H", "Referer: http://x/", "--user-agent", "Bot/1")
    assert result.exit_code == 0, result.stderr
    sent = server.log[-1].headers
    assert sent["cookie"] == "sid=42"
    assert sent["referer"] == "http://x/"
    assert sent["user-agent"] == "Bot/1"


# --- failures: one stderr line each, the failure's own exit code ------------------------


def fails(result: Result, code: ExitCode, url: str, *phrases: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"jz: error: {url}: ")
    assert "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in lines[0]


def test_404(server: LocalServer) -> None:
    url = server.url("/missing.htm")
    fails(jz(url), ExitCode.HTTP_CLIENT, url, "404", "Check the URL")


def test_persistent_500(server: LocalServer) -> None:
    server.route("/down", Reply(b"x", 502))
    url = server.url("/down")
    fails(jz(url, "--retries", "1"), ExitCode.HTTP_SERVER, url, "502")
    assert server.hits("/down") == 2


def test_429_with_retry_after(server: LocalServer) -> None:
    server.route("/busy", Reply(b"x", 429, {"Retry-After": "1"}))
    url = server.url("/busy")
    fails(jz(url, "--retries", "1"), ExitCode.HTTP_SERVER, url, "429")


def test_timeout(server: LocalServer) -> None:
    server.route("/slow", Reply(b"<p>late</p>", headers=UTF8, delay=1.0))
    url = server.url("/slow")
    fails(jz(url, "--timeout", "0.2", "--retries", "0"), ExitCode.TIMEOUT, url, "--timeout")


def test_redirect_loop(server: LocalServer) -> None:
    server.route("/a", redirect("/b"))
    server.route("/b", redirect("/a"))
    url = server.url("/a")
    fails(jz(url), ExitCode.TOO_MANY_REDIRECTS, url, "redirect loop")


def test_truncated_body(server: LocalServer) -> None:
    html = news_page("截断", [BODY_1] * 20).encode()
    server.route("/cut", Reply(html, headers=UTF8, truncate_to=200))
    url = server.url("/cut")
    fails(jz(url, "--retries", "1"), ExitCode.NETWORK, url, "closed the connection")


def test_too_large_and_size_units(server: LocalServer) -> None:
    server.route("/big", Reply(b"<html>" + b"x" * 3000, headers=UTF8))
    server.route("/bomb", Reply(b"<html>" + b" " * 400_000, headers=UTF8, gzip=True))
    url = server.url("/big")
    fails(jz(url, "--max-bytes", "2k"), ExitCode.TOO_LARGE, url, "2 KB", "--max-bytes")
    bomb = server.url("/bomb")
    fails(jz(bomb, "--max-bytes", "0.1M"), ExitCode.TOO_LARGE, bomb)
    bad = jz(url, "--max-bytes", "lots")
    assert bad.exit_code == ExitCode.USAGE
    assert "is not a size" in bad.stderr


def test_pdf(server: LocalServer) -> None:
    server.route(
        "/report.pdf", Reply(b"%PDF-1.7\n%\xe2\xe3", headers={"Content-Type": "application/pdf"})
    )
    url = server.url("/report.pdf")
    fails(jz(url), ExitCode.UNSUPPORTED_TYPE, url, "application/pdf")


def test_refused_connection() -> None:
    url = f"http://127.0.0.1:{closed_port()}/news.htm"
    fails(jz(url, "--retries", "0"), ExitCode.NETWORK, url, "connection refused")


def test_unknown_host() -> None:
    url = "http://news.example.invalid/a.htm"
    fails(jz(url, "--retries", "0"), ExitCode.NETWORK, url, "cannot resolve host")


def test_page_without_article(server: LocalServer) -> None:
    url = serve(server, "/empty.htm", "<html><head><title>x</title></head><body></body></html>")
    result = jz(url)
    assert result.exit_code == ExitCode.NO_ARTICLE
    assert result.stderr == (
        f"jz: error: {url}: no article text found on the page (it may be a list of links, "
        "or need JavaScript). Open it in a browser to check.\n"
    )
    server.route("/blank.htm", Reply(b"", headers=UTF8))
    blank = jz(server.url("/blank.htm"))
    assert blank.exit_code == ExitCode.NO_ARTICLE
    assert "the server sent an empty page (status 200)" in blank.stderr


def test_page_without_article_gives_metadata_with_allow_no_text(server: LocalServer) -> None:
    html = (
        '<html lang="en"><head><title>Thread: Kettle advice</title>'
        '<meta property="og:image" content="/lead.jpg">'
        '<meta property="article:published_time" content="2024-05-03T08:45:44+00:00">'
        '</head><body><h1>Kettle advice</h1><a href="/x">Reply</a></body></html>'
    )
    url = serve(server, "/thread.htm", html)
    assert jz(url).exit_code == ExitCode.NO_ARTICLE  # still the default
    result = jz(url, "--allow-no-text", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = as_json(result)
    assert data["paragraphs"] == []
    assert data["title"] == "Kettle advice"
    assert data["published"] == "2024-05-03T08:45:44+00:00"
    assert data["image"] == server.url("/lead.jpg")
    assert result.stderr == ""


def test_not_a_web_address() -> None:
    result = jz("javascript:alert(1)")
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr.startswith("jz: error: javascript:alert(1): not a web address")


def test_bad_header_option_is_usage_error(server: LocalServer) -> None:
    result = jz(server.url("/a"), "-H", "no colon here")
    assert result.exit_code == ExitCode.USAGE
    assert "Name: value" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--header", "X-A: b\r\nX-Injected: y"),  # a line break would add a header
        ("--header", "X-A: b\nc"),
        ("--header", "X\x01A: b"),
        ("--user-agent", "jz\r\nX-Injected: y"),
        # HTTP sends header values as ASCII: 中文 or é was an internal error (exit 1)
        ("--header", "X-Topic: 中文"),
        ("--header", "X-Name: José"),
        ("--user-agent", "中文阅读器/1.0"),
    ],
)
def test_control_characters_in_headers_are_usage_errors(
    server: LocalServer, args: tuple[str, str]
) -> None:
    url = serve(server, "/a.htm", news_page("好", [BODY_1, BODY_2]))
    result = jz(url, *args)
    assert result.exit_code == ExitCode.USAGE, result.stderr
    assert result.stderr.startswith(f"jz: error: {args[0]}: ")
    assert len(result.stderr.splitlines()) == 1
    assert server.hits("/a.htm") == 0  # refused before any request


# --- several inputs ---------------------------------------------------------------------


def test_several_urls_one_failing_is_partial(server: LocalServer) -> None:
    good = serve(server, "/good.htm", news_page("好", [BODY_1, BODY_2]))
    other = serve(server, "/other.htm", news_page("另", [BODY_3, BODY_4]))
    bad = server.url("/bad.htm")
    result = jz(good, bad, other, "-f", "json")
    assert result.exit_code == ExitCode.PARTIAL
    data = json_stream(result.stdout)
    assert [d["url"] for d in data] == [good, other]
    assert result.stderr.splitlines() == [
        f"jz: error: {bad}: the server answered 404 Not Found: the page does not exist. "
        "Check the URL."
    ]


def test_all_failing_with_one_kind_keeps_its_code(server: LocalServer) -> None:
    a, b = server.url("/x.htm"), server.url("/y.htm")
    result = jz(a, b)
    assert result.exit_code == ExitCode.HTTP_CLIENT
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 2


def test_all_failing_in_different_ways_gives_one_code_in_any_order(server: LocalServer) -> None:
    missing = server.url("/missing.htm")
    server.route("/doc.pdf", Reply(b"%PDF-1.4 x", headers={"Content-Type": "application/pdf"}))
    pdf = server.url("/doc.pdf")
    forward = jz(missing, pdf)
    backward = jz(pdf, missing)
    assert forward.exit_code == backward.exit_code == ExitCode.ALL_FAILED
    assert forward.stdout == backward.stdout == ""
    assert len(forward.stderr.splitlines()) == len(backward.stderr.splitlines()) == 2
    # One of each kind plus a success: PARTIAL, in any order.
    good = serve(server, "/good.htm", news_page("好", [BODY_1, BODY_2]))
    assert jz(pdf, good, missing).exit_code == jz(missing, pdf, good).exit_code == ExitCode.PARTIAL


def test_redirect_to_a_file_url_names_both_addresses(server: LocalServer) -> None:
    server.route("/go", redirect("file:///etc/passwd"))
    url = server.url("/go")
    result = jz(url)
    assert result.exit_code == ExitCode.INPUT
    assert result.stdout == ""
    assert result.stderr == (
        f"jz: error: {url} redirects to 'file:///etc/passwd', which is not a web address: "
        "jz follows redirects to http:// and https:// only.\n"
    )


@pytest.mark.parametrize(
    ("location", "why"),
    [
        ("javascript:alert(1)", "javascript:"),  # httpx cannot even build this request
        ("http://127.0.0.1:99999/", "Port out of range"),  # the socket layer refused it
    ],
)
def test_redirect_to_an_unusable_address_is_an_input_error(
    server: LocalServer, location: str, why: str
) -> None:
    server.route("/go", redirect(location))
    url = server.url("/go")
    result = jz(url, "--retries", "0")
    assert result.exit_code == ExitCode.INPUT, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"jz: error: {url} redirects to {location!r}")
    assert why in result.stderr
    assert "internal error" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_output_follows_argument_order(server: LocalServer) -> None:
    slow = news_page("慢", [BODY_1, BODY_2]).encode()
    server.route("/slow.htm", Reply(slow, headers=UTF8, delay=0.3))
    fast = serve(server, "/fast.htm", news_page("快", [BODY_5, BODY_6]))
    result = jz(server.url("/slow.htm"), fast, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    urls = [json.loads(line)["url"] for line in result.stdout.splitlines()]
    assert urls == [server.url("/slow.htm"), fast]


def test_saved_file_and_stdin(server: LocalServer, tmp_path: Path) -> None:
    saved = tmp_path / "saved.html"
    saved.write_bytes(news_page("本地", [BODY_1, BODY_2], charset="gbk").encode("gbk"))
    url = serve(server, "/net.htm", news_page("网络", [BODY_5, BODY_6]))
    stdin = news_page("标准输入", [BODY_3, BODY_4]).encode()
    result = jz(str(saved), url, "-", "-f", "jsonl", input=stdin)
    assert result.exit_code == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert BODY_1 in "\n".join(docs[0]["paragraphs"])
    assert docs[0]["provenance"]["charset"]["encoding"] == "gb18030"
    assert BODY_5 in "\n".join(docs[1]["paragraphs"])
    assert BODY_3 in "\n".join(docs[2]["paragraphs"])


def test_missing_file_is_reported_like_a_failed_url(server: LocalServer, tmp_path: Path) -> None:
    good = serve(server, "/good.htm", news_page("好", [BODY_1, BODY_2]))
    missing = str(tmp_path / "nope.html")
    result = jz(good, missing, "saved.html")
    assert result.exit_code == ExitCode.PARTIAL
    assert result.stderr.splitlines() == [
        f"jz: error: cannot read {missing}: no such file. Check the path",
        "jz: error: cannot read saved.html: no such file. Check the path",
    ]
    only_missing = jz(missing)
    assert only_missing.exit_code == ExitCode.INPUT


def test_bare_host_gets_http(server: LocalServer) -> None:
    url = serve(server, "/a.htm", news_page("无协议", [BODY_1, BODY_2]))
    bare = url.removeprefix("http://")
    result = jz(bare, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert as_json(result)["provenance"]["final_url"] == url


def test_internal_error_on_one_url_keeps_the_others(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = serve(server, "/good.htm", news_page("好", [BODY_1, BODY_2]))
    real = fetch_client.fetch_article

    async def buggy(fetcher: Any, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.endswith("/bug.htm"):
            raise RuntimeError("boom")
        return await real(fetcher, url, *args, **kwargs)

    monkeypatch.setattr(fetch_client, "fetch_article", buggy)
    bug = server.url("/bug.htm")
    result = jz(good, bug)
    assert result.exit_code == ExitCode.PARTIAL
    assert BODY_1 in result.stdout
    assert result.stderr.startswith(f"jz: error: {bug}: internal error: RuntimeError: boom.")
    assert "Traceback" not in result.stderr


def test_output_file(server: LocalServer, tmp_path: Path) -> None:
    url = serve(server, "/a.htm", news_page("文件", [BODY_1, BODY_2]))
    out = tmp_path / "out" / "a.json"
    result = jz(url, "-f", "json", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert BODY_1 in "\n".join(json.loads(out.read_text("utf-8"))["paragraphs"])


# --- a real process ---------------------------------------------------------------------


def test_real_subprocess(server: LocalServer) -> None:
    url = serve(server, "/news/a.htm", news_page("进程", [BODY_1, BODY_2]))
    bad = server.url("/news/missing.htm")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "jzcli", "fetch", url, "--format", "json"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert json.loads(done.stdout.decode("utf-8"))["provenance"]["final_url"] == url
    failed = subprocess.run(
        [sys.executable, "-m", "jzcli", "fetch", url, bad, "-f", "txt"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert failed.returncode == ExitCode.PARTIAL
    assert BODY_1 in failed.stdout.decode("utf-8")
    assert failed.stderr.decode("utf-8").splitlines() == [
        f"jz: error: {bad}: the server answered 404 Not Found: the page does not exist. "
        "Check the URL."
    ]


def test_debug_shows_the_traceback(server: LocalServer) -> None:
    url = server.url("/missing.htm")
    result = CliRunner().invoke(app, ["--debug", "fetch", url])
    assert result.exit_code == ExitCode.HTTP_CLIENT
    assert "Traceback" in result.stderr and "FetchError" in result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"jz: error: {url}: ")
