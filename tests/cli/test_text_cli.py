"""`jz fix`, `jz dedupe`, errors and global options through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jzcli import __version__
from jzcli.errors import ExitCode
from tests.cli.helpers import jz, jz_process
from tests.support.server import LocalServer, Reply

DATA = Path(__file__).parent.parent / "data"
SEED = DATA / "seed_jiaozuo.txt"


def test_version_and_help() -> None:
    run = jz("--version")
    assert run.code == 0 and run.stdout.strip() == f"jz {__version__}"
    run = jz("--help")
    assert run.code == 0
    for command in ("fetch", "clean", "fix", "dedupe", "column", "batch"):
        assert command in run.stdout


def test_fix_is_a_line_filter() -> None:
    damaged = SEED.read_text(encoding="utf-8")
    run = jz("fix", "-", input=damaged)
    assert run.code == 0 and run.stderr == ""
    in_lines, out_lines = damaged.split("\n"), run.stdout.split("\n")
    assert len(out_lines) == len(in_lines)
    assert "(wǎng)" not in run.stdout and "網" not in run.stdout
    assert "焦作网" in out_lines[2]
    # Debris stays (fix only repairs), one output line per input line, same order.
    assert out_lines[1] == in_lines[1] == "![]() |"
    again = jz("fix", "-", input=run.stdout)
    assert again.stdout == run.stdout


def test_fix_keeps_crlf_and_missing_final_newline(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_bytes("第一行(xíng)測試\r\n第二行".encode())
    run = jz_process("fix", str(src))  # the in-process runner folds CRLF in its output
    assert run.code == 0
    assert run.stdout.count("\r\n") == 1
    assert not run.stdout.endswith("\n")


def test_fix_reads_gbk_bytes_and_writes_utf8(tmp_path: Path) -> None:
    src = tmp_path / "gbk.txt"
    text = "焦作市城市管理局开展城管进社区活动，受到居民欢迎。\n朱镕基同志的讲话精神。\n"
    src.write_bytes(text.encode("gbk"))
    out = tmp_path / "out.txt"
    run = jz("fix", str(src), "-o", str(out))
    assert run.code == 0 and run.stdout == ""
    assert out.read_text(encoding="utf-8") == text


def test_fix_leaves_genuine_traditional_text_alone() -> None:
    text = "臺灣的選舉結果在週六晚間公佈，各地選民踴躍投票。\n"
    assert jz("fix", "-", input=text).stdout == text
    # A report quoting the party's set phrases from Beijing stays Traditional too.
    quoting = "習近平強調，要堅持黨的領導，加強黨的建設，黨和國家的事業要發展。\n"
    assert jz("fix", "-", input=quoting).stdout == quoting


def test_dedupe_command_keeps_first_and_order() -> None:
    lines = [
        "第一段。",
        "第二段内容比较长一些，用来测试。",
        "第一段。",
        "第三段。",
        "第二段内容比较长一些,用来测试.",
    ]
    run = jz("dedupe", "-", "--report", input="\n".join(lines) + "\n")
    assert run.code == 0
    assert run.stdout == "第一段。\n第二段内容比较长一些，用来测试。\n第三段。\n"
    assert "removed 2 of 5" in run.stderr


def test_dedupe_similarity_option() -> None:
    a = "城市管理的力量在人民，只有俯下身去倾听，才能听得见群众的真实心声。"
    b = a.replace("真实", "真正")
    assert jz("dedupe", "-", input=f"{a}\n{b}\n").stdout == f"{a}\n"
    assert jz("dedupe", "-", "--similarity", "1.0", input=f"{a}\n{b}\n").stdout == f"{a}\n{b}\n"


@pytest.mark.parametrize("command", ["clean", "fix", "dedupe"])
def test_missing_file(command: str) -> None:
    run = jz(command, "/nonexistent/file.txt")
    assert run.code == ExitCode.INPUT
    assert run.stdout == ""
    assert run.stderr.startswith("jz: error: cannot read /nonexistent/file.txt")
    assert len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("command", ["clean", "fix", "dedupe"])
def test_directory_binary_and_empty_input(command: str, tmp_path: Path) -> None:
    assert jz(command, str(tmp_path)).code == ExitCode.INPUT
    binary = tmp_path / "x.pdf"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    run = jz(command, str(binary))
    assert run.code == ExitCode.INPUT and "binary" in run.stderr
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    run = jz(command, str(empty))
    assert run.code == ExitCode.INPUT and "empty" in run.stderr


def test_no_article_text() -> None:
    run = jz("clean", "-", "-f", "json", input="![]() |\n| | |\n首页 | 新闻 | 评论\n")
    assert run.code == ExitCode.NO_ARTICLE
    assert run.stdout == ""
    assert run.stderr.startswith("jz: error: no article text found")


def test_json_that_is_not_an_article(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    run = jz("clean", str(bad))
    assert run.code == ExitCode.INPUT and "not a jz article" in run.stderr
    broken = tmp_path / "y.json"
    broken.write_text("{not json", encoding="utf-8")
    assert jz("clean", str(broken)).code == ExitCode.INPUT


def test_unwritable_output(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    run = jz("clean", str(SEED), "-f", "txt", "-o", str(target / "sub" / "out.txt"))
    assert run.code == ExitCode.OUTPUT
    assert run.stderr.startswith("jz: error: cannot write")


@pytest.mark.parametrize("under", ["out.txt", "sub/out.txt"])
def test_output_under_a_file_says_that_the_file_is_not_a_folder(tmp_path: Path, under: str) -> None:
    blocker = tmp_path / "page.txt"
    blocker.write_text("x")
    run = jz("clean", str(SEED), "-f", "txt", "-o", str(blocker / under))
    assert run.code == ExitCode.OUTPUT
    assert run.stdout == ""
    assert run.stderr == (
        f"jz: error: cannot write {blocker / under}: {blocker} is a file, not a folder. "
        "Choose another path, or move that file away\n"
    )
    assert blocker.read_text() == "x"


def test_output_that_is_a_folder_says_so(tmp_path: Path) -> None:
    run = jz("clean", str(SEED), "-f", "txt", "-o", str(tmp_path))
    assert run.code == ExitCode.OUTPUT
    assert run.stderr == (
        f"jz: error: cannot write {tmp_path}: it is a folder. Give -o a file name inside it\n"
    )


def test_output_makes_missing_folders_as_readme_says(tmp_path: Path) -> None:
    out = tmp_path / "new" / "deeper" / "a.md"
    run = jz("clean", str(SEED), "-o", str(out))
    assert (run.code, run.stdout, run.stderr) == (0, "", "")
    assert out.read_text("utf-8").startswith("---\n")


def test_usage_error_exit_code() -> None:
    run = jz("clean", str(SEED), "--format", "pdf")
    assert run.code == ExitCode.USAGE


def test_debug_shows_traceback_in_a_real_process() -> None:
    plain = jz_process("clean", "/nonexistent")
    assert plain.code == ExitCode.INPUT and "Traceback" not in plain.stderr
    debug = jz_process("--debug", "clean", "/nonexistent")
    assert debug.code == ExitCode.INPUT and "Traceback" in debug.stderr


def test_broken_pipe_is_quiet() -> None:
    import subprocess
    import sys

    big = ("城市管理的力量在人民。" * 40 + "\n") * 3000
    proc = subprocess.run(
        f"{sys.executable} -m jzcli fix - | head -c 10 > /dev/null",
        shell=True,
        input=big.encode(),
        capture_output=True,
        timeout=120,
    )
    assert b"Traceback" not in proc.stderr
    assert b"BrokenPipe" not in proc.stderr


def test_clean_html_file_uses_the_html_extractor(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    sentences = [
        "城市管理的力量在人民，只有俯下身去倾听，才能听得见群众的真实心声。",
        "连日来，城区多个菜市场完成了提升改造，地面干净整洁，摊位划分清楚。",
        "夜跑的人越来越多，城市的步道却常常不够用，有的路段照明不足。",
        "文化节只是一个开端，把共商共建的做法延伸到垃圾分类和停车管理上。",
    ]
    body = "".join(f"<p>{s}</p>" for s in sentences)
    page.write_text(
        f"<html><head><title>城管进社区_焦作网</title></head><body>"
        f"<div class='nav'><a href='/'>首页</a></div><article>{body}</article></body></html>",
        encoding="utf-8",
    )
    art = json.loads(jz("clean", str(page), "-f", "json").stdout)
    assert art["provenance"]["input_kind"] == "html"
    assert len(art["paragraphs"]) == 4


def test_several_inputs_one_failing_keeps_the_others() -> None:
    run = jz("clean", str(SEED), "/nonexistent.txt", "-f", "jsonl")
    assert run.code == ExitCode.PARTIAL
    assert len(run.stdout.splitlines()) == 1
    assert json.loads(run.stdout)["site_name"] == "焦作网"
    assert run.stderr.startswith("jz: error: /nonexistent.txt: cannot read")
    both_bad = jz("clean", "/nonexistent.txt", "/nonexistent2.txt")
    assert both_bad.code == ExitCode.INPUT and both_bad.stdout == ""


def test_fix_reaches_a_fixed_point_on_mixed_damage() -> None:
    # Issue 9: pinyin/Traditional damage beside UTF-8 read as cp1252 needed two passes.
    once = jz("fix", "-", input="註處(chù)ç»“\n").stdout
    assert "ç»“" not in once and "结" in once
    assert jz("fix", "-", input=once).stdout == once


def test_fix_keeps_line_separators_as_they_came(tmp_path: Path) -> None:
    # A lone CR ends a line (a CR-only file keeps its lines); form feed, NEL and U+2028
    # inside a line stay what they were.
    src = tmp_path / "seps.txt"
    text = "新聞(wén)一\r第二行\x0c中間\x85再\u2028後\r\n末(mò)行\n無換行"
    src.write_bytes(text.encode("utf-8"))
    out = tmp_path / "out.txt"
    for args in ([], ["--per-line"]):
        assert jz("fix", str(src), "-o", str(out), *args).code == 0
        fixed = out.read_bytes().decode("utf-8")
        assert fixed.count("\r") == 2 and fixed.count("\n") == 2 and fixed.count("\r\n") == 1
        for keep in ("\x0c", "\x85", "\u2028"):
            assert keep in fixed
        assert not fixed.endswith("\n")
    cr_only = tmp_path / "cr.txt"
    cr_only.write_bytes("第一行\r第二行\r第三行\r".encode())
    assert jz("fix", str(cr_only), "-o", str(out)).code == 0
    assert out.read_bytes() == "第一行\r第二行\r第三行\r".encode()


def test_fix_decides_per_document_or_per_line() -> None:
    # Pinyin on one line is evidence for the whole document by default; --per-line decides
    # each line alone, so a genuine Traditional line of a headline list stays.
    lines = "新聞(wén)中心首頁(yè)\n立法會選舉九月舉行。\n"
    assert jz("fix", "-", input=lines).stdout == "新闻中心首页\n立法会选举九月举行。\n"
    run = jz("fix", "--per-line", "-", input=lines)
    assert run.code == 0
    assert run.stdout == "新闻中心首页\n立法會選舉九月舉行。\n"


def test_fix_per_line_streams_a_pipe() -> None:
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "jzcli", "fix", "--per-line", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("網(wǎng)頁(yè)\n".encode())
    proc.stdin.flush()
    # The first line comes out before the input ends.
    assert proc.stdout.readline().decode("utf-8") == "网页\n"
    proc.stdin.write("第二(èr)行\n".encode())
    proc.stdin.close()
    assert proc.stdout.read().decode("utf-8") == "第二(èr)行\n"
    assert proc.wait(timeout=30) == 0


def test_fix_decodes_a_tiny_latin1_file_as_windows_1252(tmp_path: Path) -> None:
    src = tmp_path / "latin1.txt"
    src.write_bytes(b"caf\xe9 na\xefve r\xe9sum\xe9\n")
    assert jz("fix", str(src)).stdout == "café naïve résumé\n"


@pytest.mark.parametrize(
    "command",
    [
        ("clean", "-"),
        ("fix", "-"),
        ("fix", "--per-line", "-"),
        ("dedupe", "-"),
        ("batch", "-"),
        ("warc", "-"),
    ],
)
def test_closed_stdin_is_an_input_error(command: tuple[str, ...]) -> None:
    """`jz fix - <&-`: the shell closed standard input; one line and exit 3."""
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "jzcli", *command],
        capture_output=True,
        preexec_fn=lambda: os.close(0),
        env={**os.environ, "JZ_CONFIG": os.devnull},
        timeout=120,
    )
    assert result.returncode == 3, result.stderr
    assert result.stdout == b""
    assert (
        result.stderr == b"jz: error: standard input is closed. Give a file, or pipe the input in\n"
    )


def test_closed_stderr_keeps_the_exit_code(tmp_path: Path) -> None:
    """`jz fix FILE 2>&-`: the error cannot be printed, the exit code still says which."""
    import os
    import subprocess
    import sys

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "jzcli", "fix", str(empty)],
        stdout=subprocess.PIPE,
        preexec_fn=lambda: os.close(2),
        env={**os.environ, "JZ_CONFIG": os.devnull},
        timeout=120,
    )
    assert result.returncode == 3


PAGE_16_32 = (
    "<!doctype html><html><head><title>市政府召开常务会议</title></head><body>"
    "<h1>市政府召开常务会议</h1><div class=article>"
    + "<p>市政府召开常务会议，研究部署经济运行、安全生产和民生保障等重点工作。</p>" * 4
    + "</div></body></html>"
)


@pytest.mark.parametrize(
    "bom, codec",
    [
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
    ],
)
def test_utf16_and_utf32_with_a_bom_read_alike_from_a_file_stdin_and_a_server(
    tmp_path: Path, server: LocalServer, bom: bytes, codec: str
) -> None:
    # All four are text the decoder reads: the page is HTML whether it comes from a .html
    # file, a file without extension, standard input or a server that says nothing of it.
    # (Before, UTF-32BE was refused as binary, and without an extension the markup of all
    # four was read as text: `<html><body>…` in the output.)
    data = bom + PAGE_16_32.encode(codec)
    named = tmp_path / "page.html"
    named.write_bytes(data)
    plain = tmp_path / "page"
    plain.write_bytes(data)
    server.route("/bom", Reply(body=data, headers={"Content-Type": "application/octet-stream"}))
    runs = [
        jz("clean", str(named), "-f", "txt"),
        jz("clean", str(plain), "-f", "txt"),
        jz("clean", "-", "-f", "txt", input=data),
        jz("fetch", server.url("/bom"), "-f", "txt"),
    ]
    for run in runs:
        assert run.code == 0, run.stderr
        assert run.stdout.startswith("市政府召开常务会议\n") and "<" not in run.stdout
        assert run.stdout.count("民生保障") == 1
    # A wide BOM before bytes of another encoding is binary, from a file as from stdin.
    wrong = bom + PAGE_16_32.encode("utf-8")
    plain.write_bytes(wrong)
    for run in (jz("clean", str(plain)), jz("clean", "-", input=wrong)):
        assert run.code == ExitCode.INPUT and "binary" in run.stderr
        assert run.stderr.startswith("jz: error: ") and run.stderr.count("\n") == 1
