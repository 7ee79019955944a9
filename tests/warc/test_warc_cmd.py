"""`jz warc` through the real CLI on WARC files written by the tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.batch.helpers import jz, manifest
from tests.warc.archives import Rec, article_records, sample_pages, write_warc

from jzcli.errors import ExitCode

PAGES = sample_pages()


def mixed_records() -> list[Rec]:
    """Six articles in every payload form, and one of each thing that must be left out."""
    recs = article_records(PAGES[:6])
    recs[1].encoding = "chunked"
    recs[2].encoding = "gzip"
    recs[3].encoding = "chunked+gzip"
    recs[4].truncated = "length"
    recs += [
        Rec("http://news.example.cn/a/0.html", b"GET /a/0.html HTTP/1.1\r\n\r\n", kind="request"),
        Rec(
            "http://news.example.cn/logo.png",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            "response",
            content_type="image/png",
        ),
        Rec(
            "http://news.example.cn/gone.html", b"<html><p>gone</p></html>", status="404 Not Found"
        ),
        Rec("http://news.example.cn/mirror.html", b"http://news.example.cn/a/0.html", "revisit"),
        Rec("http://news.example.cn/a/0.html", PAGES[7]),  # a second capture: not taken
        Rec("http://news.example.cn/crawl", b"outlinks: none", kind="metadata"),
    ]
    return recs


@pytest.fixture(params=[True, False], ids=["gzip", "plain"])
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / ("mixed.warc.gz" if request.param else "mixed.warc")
    write_warc(path, mixed_records(), gzipped=request.param)
    return path


def jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_records_selected_and_counted_by_reason(archive: Path) -> None:
    result = jz("warc", str(archive), "-j", "1")
    assert result.exit_code == 0, result.stderr
    articles = jsonl(result.stdout)
    urls = [a["url"] for a in articles]
    base = "http://news.example.cn"
    assert urls == [f"{base}/a/{i}.html" for i in range(6)] + [f"{base}/mirror.html"]
    # Chunked and gzip payloads decode to the same article as a plain copy would.
    plain = jsonl(jz("warc", str(archive), "-j", "1", "--url-filter", r"/a/[0-3]\.html").stdout)
    assert [a["title"] for a in plain] == [a["title"] for a in articles[:4]]
    assert all(a["paragraphs"] for a in articles)
    warnings = [a["provenance"]["warnings"] for a in articles]
    assert any("WARC-Truncated: length" in w for w in warnings[4])
    assert not any("truncated" in str(w) for i, w in enumerate(warnings) if i != 4)
    # The revisit carries the original's article under its own URL.
    assert articles[6]["paragraphs"] == articles[0]["paragraphs"]
    assert (
        articles[0]["title"]
        != jsonl(jz("clean", "-", "-f", "jsonl", input=PAGES[7].decode("utf-8", "replace")).stdout)[
            0
        ]["title"]
    )
    for reason in ("request record", "HTTP 404", "duplicate URL", "metadata record", "PNG"):
        assert reason in result.stderr


def test_corrupt_tail_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    write_warc(path, article_records(PAGES[:3]))
    whole = path.stat().st_size
    write_warc(path, article_records(PAGES[:4]))
    with path.open("r+b") as fh:  # the fourth record cut in the middle of its gzip member
        fh.truncate(whole + (path.stat().st_size - whole) // 2)
    result = jz("warc", str(path), "-j", "1")
    assert result.exit_code == 5
    assert len(jsonl(result.stdout)) == 3
    assert "corrupt" in result.stderr and "Traceback" not in result.stderr


def test_filters(tmp_path: Path) -> None:
    path = tmp_path / "hosts.warc.gz"
    recs = article_records(PAGES[:2], "a.example.cn") + article_records(PAGES[2:4], "b.example.cn")
    recs[0].date = "2019-01-05T10:00:00Z"
    write_warc(path, recs)
    only_b = jsonl(jz("warc", str(path), "-j", "1", "--host", "b.example.cn").stdout)
    assert {a["url"].split("/")[2] for a in only_b} == {"b.example.cn"}
    assert len(only_b) == 2
    some = jsonl(jz("warc", str(path), "-j", "1", "--url-filter", r"/a/1\.html$").stdout)
    assert [a["url"] for a in some] == [
        "http://a.example.cn/a/1.html",
        "http://b.example.cn/a/1.html",
    ]
    every = jsonl(jz("warc", str(path), "-j", "1").stdout)
    days = sorted((a["published"] or "")[:10] for a in every)
    cut = days[1]
    later = jsonl(jz("warc", str(path), "-j", "1", "--since", cut).stdout)
    assert all((a["published"] or "9999")[:10] >= cut for a in later)
    assert 0 < len(later) < len(every)


def test_out_folder_manifest_and_resume(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = jz("warc", str(archive), "-j", "1", "-o", str(out))
    assert first.exit_code == 0, first.stderr
    lines = manifest(out)
    assert [r["status"] for r in lines] == ["done"] * 7
    for r in lines:
        assert r["warc_file"] == str(archive.resolve())
        assert isinstance(r["warc_offset"], int) and r["warc_date"]
        assert (out / r["path"]).is_file()
    offsets = [r["warc_offset"] for r in lines]
    assert offsets == sorted(offsets) and len(set(offsets)) == 7
    again = jz("warc", str(archive), "-j", "1", "-o", str(out))
    assert again.exit_code == 0
    assert "0 exported" in again.stderr  # the whole file was done: not even reread
    assert manifest(out) == lines


def test_workers_give_identical_bytes(tmp_path: Path) -> None:
    path = tmp_path / "many.warc.gz"
    recs = [Rec(f"http://news.example.cn/n/{i}.html", PAGES[i % len(PAGES)]) for i in range(48)]
    write_warc(path, recs)
    one = jz("warc", str(path), "-j", "1")
    two = jz("warc", str(path), "-j", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and len(jsonl(one.stdout)) == 48
    for n in ("1", "2"):
        assert jz("warc", str(path), "-j", n, "-o", str(tmp_path / n), "-q").exit_code == 0
    files1 = {p.relative_to(tmp_path / "1"): p.read_bytes() for p in (tmp_path / "1").glob("*.md")}
    files2 = {p.relative_to(tmp_path / "2"): p.read_bytes() for p in (tmp_path / "2").glob("*.md")}
    assert files1 == files2 and len(files1) == 48
    strip = [{k: v for k, v in r.items() if k != "updated_at"} for r in manifest(tmp_path / "1")]
    assert strip == [
        {k: v for k, v in r.items() if k != "updated_at"} for r in manifest(tmp_path / "2")
    ]
    # Shards: at -j 2 they are compressed and written in a thread while the next is made.
    for n in ("1", "2"):
        shards = tmp_path / f"s{n}"
        args = ("--jsonl-shards", str(shards), "--shard-size", "5", "-q")
        assert jz("warc", str(path), "-j", n, *args).exit_code == 0
    names = sorted(p.name for p in (tmp_path / "s1").glob("articles-*.jsonl.gz"))
    assert len(names) == 10
    assert names == sorted(p.name for p in (tmp_path / "s2").glob("articles-*.jsonl.gz"))
    for name in names:
        assert (tmp_path / "s1" / name).read_bytes() == (tmp_path / "s2" / name).read_bytes()


def test_jsonl_shards(tmp_path: Path) -> None:
    path = tmp_path / "s.warc.gz"
    write_warc(path, article_records(PAGES[:7]))
    shards = tmp_path / "shards"
    result = jz("warc", str(path), "-j", "1", "--jsonl-shards", str(shards), "--shard-size", "3")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in shards.glob("articles-*.jsonl.gz"))
    assert names == [
        "articles-00000.jsonl.gz",
        "articles-00001.jsonl.gz",
        "articles-00002.jsonl.gz",
    ]
    import gzip

    urls = [
        json.loads(line)["url"]
        for n in names
        for line in gzip.decompress((shards / n).read_bytes()).splitlines()
    ]
    assert urls == [f"http://news.example.cn/a/{i}.html" for i in range(7)]
    assert [r["shard"] for r in manifest(shards)] == [names[i // 3] for i in range(7)]


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    result = jz("warc", str(tmp_path / "nothing-*.warc.gz"))
    assert result.exit_code == 3
    assert result.stderr.startswith("jz: error: no file matches") and result.stderr.count("\n") == 1


def test_kill_9_then_resume_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "long.warc.gz"
    recs = [Rec(f"http://news.example.cn/k/{i}.html", PAGES[i % len(PAGES)]) for i in range(60)]
    write_warc(path, recs)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "jzcli", "warc", str(path), "-j", "1", "-o", str(out), "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.md"))) < 5:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list(out.glob("*.md")))
    assert 5 <= done_before < 60
    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    lines = manifest(out)
    assert [r["url"] for r in lines] == [r.url for r in recs]
    assert all(r["status"] == "done" for r in lines)
    assert sorted(p.name for p in out.glob("*.md")) == sorted(r["path"] for r in lines)


def _arc(pages: list[bytes]) -> bytes:
    """An ARC (version 1) file: a filedesc block, then one record per page."""
    head = b"1 0 jz\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://test.arc 0.0.0.0 20240501000000 text/plain %d\n" % len(head) + head + b"\n"
    for i, body in enumerate(pages):
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        line = b"http://arc.example.cn/%d.html 127.0.0.1 2024050100000%d text/html %d\n"
        out += line % (i, i, len(http)) + http + b"\n"
    return out


def test_arc_and_whole_file_gzip(tmp_path: Path) -> None:
    import gzip

    arc = tmp_path / "old.arc"
    arc.write_bytes(_arc(PAGES[:2]))
    articles = jsonl(jz("warc", str(arc), "-j", "1").stdout)
    assert [a["url"] for a in articles] == [
        "http://arc.example.cn/0.html",
        "http://arc.example.cn/1.html",
    ]
    out = tmp_path / "out"
    assert jz("warc", str(arc), "-j", "1", "-o", str(out)).exit_code == 0
    assert [r["warc_date"] for r in manifest(out)] == [
        "2024-05-01T00:00:00Z",
        "2024-05-01T00:00:01Z",
    ]
    # One gzip stream over the whole file (not one member per record) is read too.
    plain = tmp_path / "whole.warc"
    write_warc(plain, article_records(PAGES[:3]), gzipped=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    result = jz("warc", str(whole), "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == jz("warc", str(plain), "-j", "1").stdout


def relative_date_page() -> bytes:
    body = "".join(
        f"<p>第{i}段：记者在现场采访了多位市民，他们表示对这项新政策非常关注，"
        "希望相关部门尽快落实，让更多家庭受益。</p>"
        for i in range(6)
    )
    return (
        "<html><head><meta charset='utf-8'><title>市民关注新政策</title></head><body><article>"
        f"<h1>市民关注新政策</h1><div class='date'>发布时间：3小时前</div>{body}"
        "</article></body></html>"
    ).encode()


def test_relative_dates_are_read_against_the_capture_time(tmp_path: Path) -> None:
    page = relative_date_page()
    base = "http://news.example.cn"
    path = tmp_path / "dates.warc.gz"
    write_warc(
        path,
        [
            # The archived server Date is a month off: WARC-Date decides.
            Rec(
                f"{base}/a.html",
                page,
                date="2024-05-01T02:30:00Z",
                http_date=("Mon, 01 Apr 2024 12:00:00 GMT"),
            ),
            Rec(
                f"{base}/b.html",
                page.replace("新政策".encode(), "新规定".encode()),
                date="2024-06-01T10:00:00Z",
            ),
            # A revisit shows the original's payload: its capture time is the original's.
            Rec(
                f"{base}/c.html", f"{base}/a.html".encode(), "revisit", date="2024-07-01T00:00:00Z"
            ),
        ],
    )
    result = jz("warc", str(path), "-j", "1")
    assert result.exit_code == 0, result.stderr
    dates = {a["url"]: a["published"] for a in jsonl(result.stdout)}
    assert dates == {
        f"{base}/a.html": "2024-04-30",
        f"{base}/b.html": "2024-06-01",
        f"{base}/c.html": "2024-04-30",
    }


def _held_by_another(folder: Path) -> int:
    """Lock `folder` as another process would (a flock on its own open file); the fd."""
    import fcntl

    from jzcli.batch.store import LOCK_FILE

    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.pwrite(fd, b"4242\n", 0)
    return fd


def test_a_shards_folder_in_use_stops_a_second_run(tmp_path: Path) -> None:
    """--jsonl-shards folders are locked like --out folders: a second run stops at once,
    before it touches the first one's state or shards."""
    path = tmp_path / "s.warc.gz"
    write_warc(path, article_records(PAGES[:3]))
    shards = tmp_path / "shards"
    fd = _held_by_another(shards)
    try:
        result = jz("warc", str(path), "-j", "1", "--jsonl-shards", str(shards))
        assert result.exit_code == ExitCode.BUSY, result.stderr
        assert result.stderr == (
            f"jz: error: {shards} is in use by another jz run (PID 4242). "
            "Wait for it to finish, or give another --out.\n"
        )
        assert not list(shards.glob("articles-*")) and not (shards / "manifest.jsonl").exists()
    finally:
        os.close(fd)
    result = jz("warc", str(path), "-j", "1", "--jsonl-shards", str(shards), "-q")
    assert result.exit_code == 0, result.stderr
    assert len(manifest(shards)) == 3


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzip", "plain"])
@pytest.mark.parametrize("share", [0.1, 0.4, 0.7, 0.9])
def test_a_file_cut_inside_a_record_it_leaves_out_says_so(
    tmp_path: Path, gzipped: bool, share: float
) -> None:
    """A cut inside a record jz does not extract (a request) is reported, not passed over."""
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    articles = article_records(PAGES[:3])
    write_warc(path, articles, gzipped=gzipped)
    whole = path.stat().st_size
    request = Rec("http://news.example.cn/a/9.html", b"GET /a/9.html HTTP/1.1\r\n" * 40, "request")
    write_warc(path, [*articles, request], gzipped=gzipped)
    end = path.stat().st_size - 8  # before the gzip trailer or the closing blank lines
    with path.open("r+b") as fh:
        fh.truncate(whole + int((end - whole) * share))
    result = jz("warc", str(path), "-j", "1")
    assert result.exit_code == ExitCode.PARTIAL, result.stderr
    assert len(jsonl(result.stdout)) == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("jz: error: ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"jz: error: {path}: corrupt: ")
    assert all(line.startswith("jz: ") for line in result.stderr.splitlines())


def test_damaged_record_headers_are_one_line_not_an_internal_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc"
    write_warc(path, article_records(PAGES[:2]), gzipped=False)
    with path.open("ab") as fh:  # no Target-URI, an absurd Content-Length, a cut payload
        fh.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\nabc")
    result = jz("warc", str(path), "-j", "1")
    assert result.exit_code == ExitCode.PARTIAL, result.stderr
    assert len(jsonl(result.stdout)) == 2
    assert "internal error" not in result.stderr
    assert all(line.startswith("jz: ") for line in result.stderr.splitlines())


def test_a_wrong_content_length_is_one_line_not_warcio_s_warning(tmp_path: Path) -> None:
    path = tmp_path / "long.warc"
    write_warc(path, article_records(PAGES[:3]), gzipped=False)
    data = path.read_bytes()
    # The second record claims 40 bytes fewer than it holds: its end is not where it says.
    second = data.index(b"WARC/1.0", 10)
    at = data.index(b"Content-Length: ", second) + len(b"Content-Length: ")
    end = data.index(b"\r\n", at)
    wrong = str(int(data[at:end]) - 40).encode()
    path.write_bytes(data[:at] + wrong + data[end:])
    result = jz("warc", str(path), "-j", "1")
    assert result.exit_code == ExitCode.PARTIAL, result.stderr
    assert all(line.startswith("jz: ") for line in result.stderr.splitlines()), result.stderr
    assert "Content-Length" in result.stderr


@pytest.mark.skipif(os.name != "posix", reason="symlinks and pipes")
@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_a_link_or_pipe_at_an_article_s_name_is_replaced_never_followed(
    tmp_path: Path, kind: str
) -> None:
    """What sits at an article's name in the output folder is replaced by a regular file:
    a link there never writes the file it points to, a pipe there never blocks the run."""
    path = tmp_path / "one.warc.gz"
    write_warc(path, article_records(PAGES[:1]))
    first = tmp_path / "first"
    cmd = [sys.executable, "-m", "jzcli", "warc", str(path), "-j", "1", "-q", "-o"]
    assert subprocess.run([*cmd, str(first)], capture_output=True, timeout=120).returncode == 0
    (name,) = [row["path"] for row in manifest(first)]
    secret = tmp_path / "secret.txt"
    secret.write_text("my private notes\n", "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    if kind == "symlink":
        (out / name).symlink_to(secret)
    else:
        os.mkfifo(out / name)
    # A pipe opened for writing would wait for a reader for ever: the timeout ends the test.
    result = subprocess.run([*cmd, str(out)], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    assert secret.read_text("utf-8") == "my private notes\n"
    written = out / name
    assert not written.is_symlink() and written.is_file()
    assert written.read_bytes() == (first / name).read_bytes()
    assert [row["path"] for row in manifest(out)] == [name]


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("jz: error: ")]


@pytest.mark.parametrize("gzipped", [False, True], ids=["text", "gzipped-html"])
def test_a_file_that_is_not_a_warc_is_an_input_error_in_house_form(
    tmp_path: Path, gzipped: bool
) -> None:
    import gzip

    page = "□郭 劍\n这是一页普通的文字，不是网页档案。\n".encode()
    path = tmp_path / ("page.html.gz" if gzipped else "page.txt")
    path.write_bytes(gzip.compress(page) if gzipped else page)
    result = jz("warc", str(path), "-j", "1")
    assert result.exit_code == ExitCode.INPUT
    assert result.stdout == ""
    assert _errors(result.stderr) == [
        f"jz: error: {path}: not a WARC or ARC file (it does not start with a WARC/1.x or "
        "ARC header). Give a .warc, .warc.gz, .arc or .arc.gz file"
    ]


def test_a_non_warc_among_warcs_keeps_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.warc.gz"
    write_warc(good, article_records(PAGES[:2]))
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes\n", "utf-8")
    result = jz("warc", str(good), str(bad), "-j", "1")
    assert result.exit_code == ExitCode.PARTIAL
    assert len(jsonl(result.stdout)) == 2
    assert _errors(result.stderr) == [
        f"jz: error: {bad}: not a WARC or ARC file (it does not start with a WARC/1.x or "
        "ARC header). Give a .warc, .warc.gz, .arc or .arc.gz file"
    ]


def test_junk_after_the_records_is_corrupt_in_house_form(tmp_path: Path) -> None:
    path = tmp_path / "tail.warc"
    write_warc(path, article_records(PAGES[:2]), gzipped=False)
    with path.open("ab") as fh:
        fh.write("这一行不是记录头\r\n\r\n".encode())
    result = jz("warc", str(path), "-j", "1")
    assert result.exit_code == ExitCode.PARTIAL
    assert len(jsonl(result.stdout)) == 2
    (error,) = _errors(result.stderr)
    assert error == (
        f"jz: error: {path}: corrupt: a record that does not start with a WARC header "
        "(damaged, or other data appended). The records before it were read; "
        "get an undamaged copy of the file for the rest"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nosuch.warc.gz", "cannot read {path}: no such file. Check the path"),
        ("nosuch-*.warc.gz", "no file matches {path}. Check the path and the pattern"),
        ("", "cannot read {path}: it is a folder. Give the WARC files in it ({path}/*.warc.gz)"),
    ],
    ids=["missing", "no-match", "folder"],
)
def test_missing_inputs_are_input_errors_in_house_form(
    tmp_path: Path, name: str, message: str
) -> None:
    path = tmp_path / name if name else tmp_path
    result = jz("warc", str(path), "-j", "1")
    assert result.exit_code == ExitCode.INPUT
    assert (result.stdout, result.stderr) == ("", f"jz: error: {message.format(path=path)}\n")


FEW_SITE = "http://www.jzw.example.cn"


def _few_url(i: int) -> str:
    return f"{FEW_SITE}/news/202406/t202406{i:02d}_{1000 + i}.html"


def _few_listing(column: str, ids: list[int]) -> bytes:
    items = "".join(
        f'<li><a href="{_few_url(i)}">城市新闻第{i}号：民生改善稳步推进</a> '
        f"<span>2024-06-{i:02d}</span></li>"
        for i in ids
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{column}_焦作网</title></head>"
        f"<body><div class='main'><ul class='list'>{items}</ul></div></body></html>"
    ).encode()


def _few_article(i: int, paragraphs: int = 4, related: list[int] | None = None) -> bytes:
    body = "".join(
        f"<p>第{n}段：市政府今天召开新闻发布会，介绍了第{i}号工程的最新进展，"
        "记者在现场了解到多项工程已经按期完工并投入使用。</p>"
        for n in range(paragraphs)
    )
    links = "".join(
        f'<li><a href="{_few_url(r)}">城市新闻第{r}号：民生改善稳步推进</a></li>'
        for r in related or []
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>城市新闻第{i}号_焦作网</title>"
        f"</head><body><div class='article'><h1>城市新闻第{i}号：民生改善稳步推进</h1>"
        f"<div class='content'>{body}</div></div>"
        f"<div class='related'><h3>相关新闻</h3><ul>{links}</ul></div></body></html>"
    ).encode()


def test_listings_of_two_or_three_links_are_listings_not_articles(tmp_path: Path) -> None:
    """A list of a few links is no article (nothing on it is text of its own); a short
    article with as many related links is still an article."""
    path = tmp_path / "few.warc.gz"
    records = [
        Rec(f"{FEW_SITE}/news/shizheng/index.html", _few_listing("时政", [1, 2])),
        Rec(f"{FEW_SITE}/news/minsheng/index.html", _few_listing("民生", [3, 4, 5])),
        *(Rec(_few_url(i), _few_article(i)) for i in range(1, 6)),
        Rec(_few_url(6), _few_article(6, paragraphs=1, related=[1, 2, 3])),  # a short brief
    ]
    write_warc(path, records)
    out = tmp_path / "out"
    result = jz("warc", str(path), "-j", "1", "-o", str(out), "-f", "json", "-q")
    assert result.exit_code == 0, result.stderr
    rows = {r["url"]: r for r in manifest(out)}
    exported = {u for u, r in rows.items() if r["status"] == "done"}
    assert exported == {_few_url(i) for i in range(1, 7)}
    for url in (f"{FEW_SITE}/news/shizheng/index.html", f"{FEW_SITE}/news/minsheng/index.html"):
        assert rows[url]["status"] == "skipped", rows[url]
    columns = {
        (data := json.loads((out / rows[u]["path"]).read_text("utf-8")))["url"]: data["column"]
        for u in exported
    }
    assert [columns[_few_url(i)] for i in range(1, 6)] == ["时政"] * 2 + ["民生"] * 3


NO_CAPTURE_ERROR = (
    ": holds no captured page (no response, resource or revisit record: an empty file, or "
    "only warcinfo, request or metadata records). Give a WARC or ARC file that a crawl wrote"
)


def _warcinfo_only(path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "crawler"}))
        request = Rec("http://news.example.cn/a.html", b"GET /a.html HTTP/1.1\r\n\r\n", "request")
    with path.open("ab") as fh:
        fh.write(_one_record_bytes(request))


def _one_record_bytes(rec: Rec) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.warc.gz"
        write_warc(one, [rec])
        return one.read_bytes()


@pytest.mark.parametrize("kind", ["zero bytes", "gzip of nothing", "warcinfo and request"])
def test_a_warc_without_captures_is_empty_input_as_an_empty_list_is(
    tmp_path: Path, kind: str
) -> None:
    # `jz batch` given an empty list exits 3 (INPUT); so does a WARC with nothing to read,
    # instead of "0 articles found" and 0, which a cron job took for success.
    import gzip

    path = tmp_path / "crawl.warc.gz"
    if kind == "zero bytes":
        path.write_bytes(b"")
    elif kind == "gzip of nothing":
        path.write_bytes(gzip.compress(b""))
    else:
        _warcinfo_only(path)
    out = tmp_path / "out"
    result = jz("warc", str(path), "-j", "1", "-o", str(out))
    assert result.exit_code == ExitCode.INPUT, result.stderr
    assert _errors(result.stderr) == [f"jz: error: {path}{NO_CAPTURE_ERROR}"]
    assert manifest(out) == []
    # Not marked finished: a rerun reads the file again (it may have been written since).
    again = jz("warc", str(path), "-j", "1", "-o", str(out))
    assert again.exit_code == ExitCode.INPUT
    empty_list = tmp_path / "urls.txt"
    empty_list.write_text("", "utf-8")
    assert jz("batch", str(empty_list)).exit_code == result.exit_code


def test_an_empty_warc_beside_a_full_one_is_a_partial_run(tmp_path: Path) -> None:
    good = tmp_path / "good.warc.gz"
    write_warc(good, article_records(PAGES[:2]))
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    result = jz("warc", str(good), str(empty), "-j", "1")
    assert result.exit_code == ExitCode.PARTIAL
    assert len(jsonl(result.stdout)) == 2
    assert _errors(result.stderr) == [f"jz: error: {empty}{NO_CAPTURE_ERROR}"]


def test_a_warc_of_left_out_captures_only_is_not_empty(tmp_path: Path) -> None:
    # A 404 and an image are captures jz leaves out, not an empty archive: exit 0 as before.
    path = tmp_path / "rest.warc.gz"
    write_warc(path, mixed_records()[6:8])
    result = jz("warc", str(path), "-j", "1")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert _errors(result.stderr) == []


def test_empty_standard_input_to_jz_warc_is_an_input_error() -> None:
    result = jz("warc", "-", "-j", "1", input="")
    assert result.exit_code == ExitCode.INPUT
    assert _errors(result.stderr) == [f"jz: error: -{NO_CAPTURE_ERROR}"]
