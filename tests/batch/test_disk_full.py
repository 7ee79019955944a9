"""A full disk stops the run with the OUTPUT code and one line; a rerun finishes the job.

A full disk is simulated with a file size limit (RLIMIT_FSIZE) on the jz process: the
kernel refuses writes past it as it would on a full file system, with no special device.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from jzcli.errors import ExitCode
from tests.batch.helpers import article_files, check_consistent, db_rows
from tests.batch.site import NewsSite
from tests.support.server import LocalServer

N = 60


def _limit(size: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return apply


def _jz(*args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jzcli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1"},
        preexec_fn=_limit(limit) if limit is not None else None,
        timeout=300,
        check=False,
    )


def test_full_disk_stops_the_column_and_a_rerun_loses_nothing(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=N, gbk_count=0)
    out = tmp_path / "out"
    url = site.listing_url("local")
    # The state database's write-ahead log passes 2 MB after a few dozen articles.
    full = _jz("column", url, "-o", str(out), "-q", limit=2_000_000)
    assert full.returncode == ExitCode.OUTPUT, full.stderr
    listed = full.stdout.splitlines()  # streamed as written, before the disk filled
    lines = full.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"jz: error: cannot write to {out} (")
    assert lines[0].endswith(
        "Free some space (or give another --out) and rerun the same command: "
        "the articles exported so far are kept"
    )
    done = {u: r for u, r in db_rows(out).items() if r["status"] == "done"}
    assert 0 < len(done) < N
    assert all((out / r["path"]).is_file() for r in done.values())
    assert set(listed) <= {str(out / r["path"]) for r in done.values()}

    again = _jz("column", url, "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert f"{N - len(done)} exported, {len(done)} already done, 0 failed" in again.stderr
    rows = check_consistent(out)
    assert len(rows) == N and all(r["status"] == "done" for r in rows.values())
    assert len(article_files(out)) == N  # nothing written twice under another name


def test_full_disk_on_an_output_file(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=1, gbk_count=0)
    target = tmp_path / "article.md"
    result = _jz("fetch", site.article_url("local", 0), "-o", str(target), limit=100)
    assert result.returncode == ExitCode.OUTPUT
    assert result.stderr == (
        f"jz: error: cannot write {target}: File too large. Free some space and try again\n"
    )
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_full_disk_under_the_warc_file_stops_the_run(server: LocalServer, tmp_path: Path) -> None:
    """`--warc` on a full device: exit 14 naming the WARC file, not an internal error."""
    site = NewsSite(server, local_count=3, gbk_count=0)
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(site.all_article_urls("local")) + "\n", "utf-8")
    out = tmp_path / "out"
    full = _jz("batch", str(listing), "-o", str(out), "--warc", "/dev/full", "-q")
    assert full.returncode == ExitCode.OUTPUT, full.stderr
    assert full.stderr == (
        f"jz: error: cannot write to {out} (/dev/full: No space left on device). Free some "
        "space (or give another --out) and rerun the same command: the articles exported so "
        "far are kept\n"
    )
    warc = tmp_path / "run.warc.gz"
    again = _jz("batch", str(listing), "-o", str(out), "--warc", str(warc), "-q")
    assert again.returncode == 0, again.stderr
    assert len(check_consistent(out)) == 3
    assert warc.stat().st_size > 0
