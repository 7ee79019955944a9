"""Kill `jz column` with SIGKILL mid-run (a real subprocess), rerun, lose and duplicate nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.batch.helpers import article_files, check_consistent, manifest, marker_counts
from tests.batch.site import NewsSite, marker
from tests.support.server import LocalServer

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _start(url: str, out: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "jzcli", "column", url, "-o", str(out), "--per-host", "4", "-q"]
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _kill_after(proc: subprocess.Popen[bytes], out: Path, files: int) -> None:
    """SIGKILL the process once `files` article files exist (or when it ends by itself)."""
    while proc.poll() is None and len(article_files(out)) < files:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()


def test_sigkill_then_rerun_loses_and_duplicates_nothing(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=96, gbk_count=0, delay=0.02)
    out = tmp_path / "out"
    url = site.listing_url("local")

    first = _start(url, out)
    _kill_after(first, out, 15)
    assert first.returncode == -signal.SIGKILL
    partial = len(article_files(out))
    assert 0 < partial < 96

    second = _start(url, out)
    _kill_after(second, out, 50)

    site.delay = 0.0
    last = subprocess.run(
        [sys.executable, "-m", "jzcli", "column", url, "-o", str(out), "--per-host", "4"],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert last.returncode == 0, last.stderr.decode()
    assert b"96 exported" not in last.stderr  # the earlier runs' work was kept
    rows = check_consistent(out)
    assert len(rows) == 96 and all(r["status"] == "done" for r in rows.values())
    assert len(article_files(out)) == 96
    counts = marker_counts(out, [marker(site, "local", i) for i in range(96)])
    assert set(counts.values()) == {1}
    assert len({line["path"] for line in manifest(out)}) == 96
