"""Every error is one `jz: error: <what>. <what to try>` line; help shows no internal types."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import typer

from jzcli.batch.progress import RunStats
from jzcli.cli.app import app
from jzcli.cli.batch_cmd import relative_day
from jzcli.errors import ExitCode
from tests.cli.helpers import jz, jz_process
from tests.support.server import LocalServer, Reply, closed_port

ONE_LINE = re.compile(r"^jz: error: [^\n]+\. [A-Z][^\n]*\n$")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "args",
    [
        ["clean", ""],
        ["fix", ""],
        ["fix", "--per-line", ""],
        ["dedupe", ""],
        ["fetch", ""],
        ["batch", ""],
        ["warc", ""],
    ],
)
def test_an_empty_argument_is_named_as_such(args: list[str]) -> None:
    # `jz clean "$FILE"` with FILE unset: Path("") is the current folder, which jz said it
    # "cannot read : it is a directory".
    result = jz(*args, input="<p>x</p>")
    assert result.code == ExitCode.INPUT
    lines = result.stderr.splitlines(keepends=True)
    assert lines and all(ONE_LINE.match(line) for line in lines), result.stderr
    assert "an input argument is empty" in lines[0]
    assert "directory" not in result.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["fetch"], "missing URL|FILE|-"),
        (["clean", "--similarity", "0.2", "x"], "--similarity takes a number from 0.5 to 1"),
        (["batch", "--format", "jsonl", "x"], "--format takes one of md, json, txt"),
        (["fetch", "--frmat", "json", "x"], "no option --frmat here. Did you mean --format?"),
        (["fetch", "--retries", "many", "x"], "--retries takes a whole number"),
        (["fetch", "x", "-H"], "-H needs a value"),
        (["nosuch"], "no command 'nosuch'"),
        (["batch", "x", "--since", "soon"], "'soon' is not a date"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: list[str], says: str) -> None:
    result = jz(*args)
    assert result.code == ExitCode.USAGE
    assert result.stdout == ""
    assert ONE_LINE.match(result.stderr), result.stderr
    assert says in result.stderr
    assert "Usage:" not in result.stderr and "Input should be" not in result.stderr


def test_usage_error_in_a_real_process() -> None:
    result = jz_process("dedupe", "--similarity", "2", "-")
    assert result.code == ExitCode.USAGE
    assert result.stderr == (
        "jz: error: --similarity takes a number from 0.5 to 1. See 'jz dedupe --help'.\n"
    )


def test_debug_after_the_command(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.html")
    for args in (["--debug", "fetch", missing], ["fetch", "--debug", missing]):
        result = jz(*args)
        assert result.code == ExitCode.INPUT
        assert "Traceback" in result.stderr
        assert result.stderr.endswith(
            f"jz: error: cannot read {missing}: no such file. Check the path\n"
        )
    assert "Traceback" not in jz("fetch", missing).stderr


def test_messages_say_what_to_try(tmp_path: Path) -> None:
    folder = jz("clean", str(tmp_path))
    assert folder.code == ExitCode.INPUT
    assert ONE_LINE.match(folder.stderr) and "it is a directory. Give a file" in folder.stderr
    listing = tmp_path / "urls.txt"
    listing.write_text("http://127.0.0.1:9/a.html\n", "utf-8")
    target = tmp_path / "file.txt"
    target.write_text("x", "utf-8")
    out_file = jz("batch", str(listing), "-o", str(target))
    assert out_file.code == ExitCode.OUTPUT
    assert ONE_LINE.match(out_file.stderr), out_file.stderr
    assert "is a file" in out_file.stderr and "takes a folder" in out_file.stderr


def test_empty_column_says_what_to_try(server: LocalServer) -> None:
    html = "<html><head><title>栏目</title></head><body><p>没有文章</p></body></html>"
    server.route("/col/index.html", Reply(html.encode(), headers={"Content-Type": "text/html"}))
    result = jz("column", server.url("/col/index.html"), "--ignore-robots", "--retries", "0")
    assert result.code == ExitCode.NO_ARTICLE
    assert ONE_LINE.match(result.stderr), result.stderr
    assert server.url("/col/index.html") in result.stderr and "try jz fetch" in result.stderr


def test_missing_listing_page_names_its_url(server: LocalServer) -> None:
    url = server.url("/col/gone.html")
    result = jz("column", url, "--ignore-robots", "--retries", "0")
    assert result.code == ExitCode.HTTP_CLIENT
    assert result.stderr.startswith(f"jz: error: {url}: ")


def test_proxy_failure_blames_the_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    port = closed_port()
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{port}")
    result = jz("fetch", "--retries", "0", "http://news.example.invalid/a.html")
    assert result.code == ExitCode.NETWORK
    assert f"cannot reach the proxy 127.0.0.1:{port}" in result.stderr
    assert "Check the proxy setting" in result.stderr
    assert "Check the URL" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_no_internal_types(command: str) -> None:
    result = jz(command, "--help")
    assert result.code == 0
    for internal in ("<list[", "<str>", "<int>", "<float", "range>", "(20M)", "<path>"):
        assert internal not in result.stdout, (command, internal)
    assert "--debug" in result.stdout


def test_since_says_its_format_and_takes_relative_values(tmp_path: Path) -> None:
    help_text = " ".join(jz("column", "--help").stdout.split())
    assert "YYYY-MM-DD" in help_text and "7d" in help_text
    now = dt.datetime(2024, 5, 16, 10, 0)
    assert relative_day("7d", now) == "2024-05-09"
    assert relative_day("24h", now) == "2024-05-15"
    assert relative_day("yesterday", now) == "2024-05-15"
    assert relative_day("2w", now) == "2024-05-02"
    assert relative_day("soon", now) == ""
    empty = tmp_path / "empty.txt"
    empty.write_text("# none\n", "utf-8")
    for value in ("7d", "24h", "yesterday"):
        # Accepted: the run gets as far as reading the (empty) list.
        assert jz("batch", str(empty), "--since", value).code == ExitCode.INPUT


def test_counts_are_in_the_right_number(tmp_path: Path) -> None:
    stats = RunStats(listing_pages=1, found=1, exported=1)
    assert stats.summary().startswith("jz: 1 article found on 1 listing page: 1 exported")
    page = tmp_path / "one.txt"
    body = "这是唯一的一段正文，内容足够长，可以作为文章的正文保留下来。"
    page.write_text(f"标题：一段\n\n{body}\n", "utf-8")
    result = jz("clean", str(page), "--report", "-f", "txt")
    assert result.code == 0, result.stderr
    assert "  kept: 1 paragraph\n" in result.stderr


def test_dedupe_report_lists_the_lines_removed(tmp_path: Path) -> None:
    text = "第一段落的内容在这里出现了。\n另一段\n第一段落的内容在这里出现了。\n另一段\n"
    result = jz("dedupe", "-", "--report", input=text)
    assert result.code == 0
    assert result.stdout == "第一段落的内容在这里出现了。\n另一段\n"
    assert result.stderr.splitlines() == [
        "jz: removed 2 of 4 lines (2 exact, 0 near-duplicate)",
        "  line 3: duplicate of line 1: 第一段落的内容在这里出现了。",
        "  line 4: duplicate of line 2: 另一段",
    ]


# A name longer than the file system takes (255 bytes a component on Linux): asking whether
# it exists raised OSError ENAMETOOLONG (pathlib only answers False for a missing file), an
# internal error with exit 1.
LONG = "n" * 300


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["fetch", f"{LONG}.html"], ExitCode.INPUT),
        (["warc", LONG, "-o", "OUT"], ExitCode.INPUT),
        (["warc", f"file://{LONG}.warc.gz", "-o", "OUT"], ExitCode.INPUT),
        (["batch", "URLS", "-o", LONG], ExitCode.OUTPUT),
        (["column", "http://127.0.0.1:9/news/", "-o", LONG], ExitCode.OUTPUT),
    ],
)
def test_a_name_too_long_for_the_file_system_is_one_line(
    tmp_path: Path, args: list[str], code: int
) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/a\n", "utf-8")
    args = [{"URLS": str(urls), "OUT": str(tmp_path / "out")}.get(a, a) for a in args]
    result = jz(*args, "--retries", "0") if args[0] != "warc" else jz(*args)
    assert result.code == code, result.stderr
    assert ONE_LINE.match(result.stderr), result.stderr
    assert "File name too long" in result.stderr
