"""Config file, JZ_* variables and --cookies: precedence flag > env > file > built-in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jzcli.errors import ExitCode
from tests.cli.helpers import jz, jz_process
from tests.fetch.news_pages import BODY_1, BODY_2, news_page
from tests.support.server import LocalServer, Reply

PAGE = "标题：天气预报\n\n" + BODY_1 + "\n\n" + BODY_2 + "\n"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def kind(stdout: str) -> str:
    if stdout.startswith("{"):
        return "json"
    if stdout.startswith("---\n"):
        return "md"
    return "txt"


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, "utf-8")
    return path


def test_format_precedence_flag_env_file_builtin(tmp_path: Path, page: Path) -> None:
    config = tmp_path / "jz.toml"
    config.write_text('format = "json"\n', "utf-8")
    file_only = {"JZ_CONFIG": str(config)}
    env_too = {**file_only, "JZ_FORMAT": "txt"}
    assert kind(jz("clean", str(page)).stdout) == "md"  # built-in: md when piped
    assert kind(jz("clean", str(page), env=file_only).stdout) == "json"
    assert kind(jz("clean", str(page), env=env_too).stdout) == "txt"
    assert kind(jz("clean", str(page), "-f", "md", env=env_too).stdout) == "md"


def test_default_config_file_is_in_the_platform_config_folder(
    isolated_config: Path, page: Path
) -> None:
    folder = isolated_config / "jz"
    folder.mkdir()
    (folder / "config.toml").write_text('[clean]\nformat = "json"\n', "utf-8")
    assert kind(jz("clean", str(page)).stdout) == "json"
    assert kind(jz("fetch", str(page)).stdout) == "md"  # [clean] only
    help_text = "".join(jz("--help").stdout.split())  # the path may wrap at a '-'
    assert str(folder / "config.toml") in help_text and "JZ_CONFIG" in help_text


def test_command_table_wins_over_the_top_level(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("similarity = 0.9\n[dedupe]\nsimilarity = 1.0\n", "utf-8")
    text = (
        "城市管理的力量在人民，每一项都与群众相关。\n城市管理的力量在人民，每一项都与群众有关。\n"
    )
    near = jz("dedupe", "-", input=text)
    assert near.stdout.count("\n") == 1
    exact_only = jz("dedupe", "-", input=text, env={"JZ_CONFIG": str(config)})
    assert exact_only.stdout == text


def test_user_agent_precedence_reaches_the_server(server: LocalServer, tmp_path: Path) -> None:
    server.route(
        "/a.htm", Reply(news_page("农村公路建设成效显著", [BODY_1, BODY_2]).encode(), headers=HTML)
    )
    url = server.url("/a.htm")
    config = tmp_path / "c.toml"
    config.write_text('[fetch]\nuser-agent = "from-file"\n', "utf-8")
    runs = [
        ({}, [], "jz/"),
        ({"JZ_CONFIG": str(config)}, [], "from-file"),
        ({"JZ_CONFIG": str(config), "JZ_USER_AGENT": "from-env"}, [], "from-env"),
        ({"JZ_CONFIG": str(config), "JZ_USER_AGENT": "from-env"}, ["--user-agent", "flag"], "flag"),
    ]
    for env, flags, expected in runs:
        result = jz("fetch", url, "-f", "json", *flags, env=env)
        assert result.code == 0, result.stderr
        assert server.log[-1].headers["user-agent"].startswith(expected), (env, flags)


def test_output_folder_from_the_config(server: LocalServer, tmp_path: Path) -> None:
    server.route(
        "/a.htm", Reply(news_page("农村公路建设成效显著", [BODY_1, BODY_2]).encode(), headers=HTML)
    )
    folder = tmp_path / "archive"
    config = tmp_path / "c.toml"
    config.write_text(f'[batch]\noutput = "{folder}"\nignore-robots = true\n', "utf-8")
    result = jz(
        "batch", "-", "-q", input=server.url("/a.htm") + "\n", env={"JZ_CONFIG": str(config)}
    )
    assert result.code == 0, result.stderr
    assert (folder / "manifest.jsonl").exists()
    assert result.stdout.strip().startswith(str(folder))


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("fromat = 1\n", "no command has an option --fromat"),
        ("[colum]\n", "[colum] is not a jz command"),
        ("[fix]\nsimilarity = 0.9\n", "jz fix has no option --similarity"),
        ("format = \n", "is not valid TOML"),
    ],
)
def test_config_errors_are_one_line(tmp_path: Path, content: str, says: str) -> None:
    config = tmp_path / "c.toml"
    config.write_text(content, "utf-8")
    result = jz("clean", "x", env={"JZ_CONFIG": str(config)})
    assert result.code == ExitCode.USAGE
    assert result.stderr.startswith("jz: error: config file ") and says in result.stderr
    assert result.stderr.count("\n") == 1


def test_bad_value_in_the_config_is_a_usage_error(tmp_path: Path, page: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("similarity = 0.1\n", "utf-8")
    result = jz_process("clean", str(page), env={"JZ_CONFIG": str(config)})
    assert result.code == ExitCode.USAGE
    assert "--similarity takes a number from 0.5 to 1" in result.stderr


def test_cookies_file_is_sent_to_its_host_only(server: LocalServer, tmp_path: Path) -> None:
    server.route(
        "/a.htm", Reply(news_page("农村公路建设成效显著", [BODY_1, BODY_2]).encode(), headers=HTML)
    )
    cookies = tmp_path / "cookies.txt"
    cookies.write_text(
        "# Netscape HTTP Cookie File\n"
        "127.0.0.1\tFALSE\t/\tFALSE\t0\tsid\tabc123\n"
        ".example.org\tTRUE\t/\tFALSE\t0\tother\tnope\n",
        "utf-8",
    )
    for command, extra in (("fetch", ["-f", "json"]), ("batch", ["-", "--ignore-robots"])):
        args = [command, *([server.url("/a.htm")] if command == "fetch" else []), *extra]
        result = jz(*args, "--cookies", str(cookies), input=server.url("/a.htm") + "\n")
        assert result.code == 0, result.stderr
        assert server.log[-1].headers.get("cookie") == "sid=abc123"
    bad = tmp_path / "bad.txt"
    bad.write_text("not cookies\n", "utf-8")
    result = jz("fetch", server.url("/a.htm"), "--cookies", str(bad))
    assert result.code == ExitCode.INPUT
    assert "is not a Netscape cookies.txt file" in result.stderr
    # A cookie HTTP cannot send (not ASCII) is the file's fault, not the URL's (it said "not a
    # web address jz can fetch"), for fetch and for a batch's every URL alike.
    line = "127.0.0.1\tFALSE\t/\tFALSE\t0\tcity\t北京\n"
    bad.write_text(f"# Netscape HTTP Cookie File\n{line}", "utf-8")
    for command in ("fetch", "batch"):
        args = [command, server.url("/a.htm") if command == "fetch" else "-"]
        result = jz(*args, "--cookies", str(bad), input=server.url("/a.htm") + "\n")
        assert result.code == ExitCode.INPUT, result.stderr
        assert result.stderr == (
            f"jz: error: {bad} holds a cookie that is not ASCII text (city), which HTTP cannot "
            "send. Percent-encode its value, or leave it out\n"
        )
    assert json.loads(jz("fetch", server.url("/a.htm"), "-f", "json").stdout)["url"]


def test_headers_from_the_config(server: LocalServer, tmp_path: Path) -> None:
    html = news_page("农村公路建设成效显著", [BODY_1, BODY_2]).encode()
    server.route("/a.htm", Reply(html, headers=HTML))
    config = tmp_path / "c.toml"
    for value in ('"X-From-File: 1"', '["X-From-File: 1", "X-Other: 2"]'):
        config.write_text(f"header = {value}\n", "utf-8")
        result = jz("fetch", server.url("/a.htm"), "-f", "json", env={"JZ_CONFIG": str(config)})
        assert result.code == 0, result.stderr
        assert server.log[-1].headers.get("x-from-file") == "1"
