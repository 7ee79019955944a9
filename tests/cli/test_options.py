"""One spelling everywhere: -o/--output, -q, -v on every command; shared fetch/article options."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer

from jzcli.cli.app import app
from jzcli.errors import ExitCode
from tests.batch.site import NewsSite
from tests.cli.helpers import jz
from tests.support.server import LocalServer

ROOT_COMMAND: Any = typer.main.get_command(app)
EVERY = ("-o", "--output", "-q", "--quiet", "-v", "--verbose")
FETCH = ("-H", "--header", "--user-agent", "--timeout", "--retries", "--max-bytes", "--insecure")
ARTICLE = ("--report", "--script", "--similarity", "--no-dedupe", "--no-repair")
FETCHING = ("fetch", "column", "batch")
PRODUCING = ("fetch", "clean", "column", "batch")
FAST = ("--timeout", "2", "--retries", "0")


def names(command: str) -> set[str]:
    params = ROOT_COMMAND.commands[command].params
    return {n for p in params for n in [*p.opts, *p.secondary_opts]}


@pytest.mark.parametrize("command", sorted(ROOT_COMMAND.commands))
def test_every_command_takes_output_quiet_verbose(command: str) -> None:
    assert set(EVERY) <= names(command)


@pytest.mark.parametrize("command", FETCHING)
def test_fetching_commands_take_the_fetch_options(command: str) -> None:
    assert set(FETCH) <= names(command)


@pytest.mark.parametrize("command", PRODUCING)
def test_article_commands_take_the_article_options(command: str) -> None:
    assert set(ARTICLE) <= names(command)


def test_the_options_are_defined_once() -> None:
    """Same help and metavar wherever an option appears."""
    seen: dict[str, tuple[str, str]] = {}
    for command in ROOT_COMMAND.commands.values():
        for p in command.params:
            if p.param_type_name != "option" or p.opts[0] in (
                "--output",
                "--format",
                "--max-pages",
                "--images",
            ):
                # a file or a folder; article or listing formats and pages; images into a
                # folder (fetch) or beside the articles in the output folder (column, batch)
                continue
            key = (p.help or "", str(p.metavar))
            assert seen.setdefault(p.opts[0], key) == key, p.opts[0]


def test_verbose_logs_each_request(server: LocalServer) -> None:
    site = NewsSite(server, local_count=2, gbk_count=1)
    url = site.article_url("local", 0)
    result = jz("fetch", "-v", "-f", "json", url)
    assert result.code == 0, result.stderr
    line = re.compile(rf"^jz: GET {re.escape(url)} 200 \d+ bytes \d+ ms$", re.M)
    assert line.search(result.stderr), result.stderr
    assert json.loads(result.stdout)["url"] == url
    quiet = jz("fetch", "-v", "-q", "-f", "json", url)
    assert quiet.stderr == ""


def test_verbose_logs_local_reads(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("一行文字\n", "utf-8")
    result = jz("fix", "--verbose", str(page))
    assert result.stderr == f"jz: read {page} {len('一行文字'.encode()) + 1} bytes\n"


def test_batch_sends_headers_and_reports(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=2, gbk_count=1)
    urls = "\n".join(site.all_article_urls("local")) + "\n"
    out = tmp_path / "out"
    result = jz(
        "batch", "-", "--output", str(out), "-H", "Cookie: sid=7", "--user-agent", "jz-test",
        "--report", "--ignore-robots", *FAST, input=urls,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    article_requests = [r for r in server.log if r.path.endswith((".htm", ".html", ".shtml"))]
    assert article_requests and all(r.headers.get("cookie") == "sid=7" for r in article_requests)
    assert all(r.headers.get("user-agent") == "jz-test" for r in article_requests)
    assert result.stderr.count("jz: report for ") == 2
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".md").__len__() == 2


def test_batch_out_alias_and_quiet(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=1, gbk_count=1)
    url = site.article_url("local", 0) + "\n"
    out = tmp_path / "o"
    result = jz("batch", "-", "--out", str(out), "-q", "--ignore-robots", *FAST, input=url)
    assert result.code == 0
    assert result.stderr == ""
    assert (out / "manifest.jsonl").exists()


def test_column_insecure_and_max_bytes_reach_the_client(server: LocalServer) -> None:
    site = NewsSite(server, local_count=3, gbk_count=1)
    result = jz(
        "column", site.listing_url("local"), "--max-bytes", "200", "--insecure",
        "--ignore-robots", *FAST,
    )  # fmt: skip
    assert result.code == ExitCode.TOO_LARGE
    assert "larger than 200 B" in result.stderr or "larger than" in result.stderr


@pytest.mark.parametrize("command", ("column", "batch", "warc"))
def test_j_means_worker_processes_in_every_command_that_has_it(command: str) -> None:
    params = ROOT_COMMAND.commands[command].params
    owner = [p.name for p in params if "-j" in p.opts]
    assert owner == ["workers"]
