"""Two runs on one output folder: the second stops at once; a killed holder's lock is taken."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jzcli.batch.store import LOCK_FILE, STATE_FILE
from jzcli.errors import ExitCode
from tests.batch.helpers import check_consistent, jz
from tests.batch.site import NewsSite
from tests.support.server import LocalServer


def _wait_for_holder(proc: subprocess.Popen[bytes], out: Path) -> None:
    """Wait until `proc` holds the folder's lock (its PID is in the lock file)."""
    lock = out / LOCK_FILE
    for _ in range(3000):
        if proc.poll() is not None:
            raise AssertionError(proc.communicate()[1].decode())
        if lock.exists() and lock.read_text().strip() == str(proc.pid):
            return
        time.sleep(0.01)
    raise AssertionError("the first run never took the lock")


def test_second_run_on_one_folder_stops_and_a_killed_holder_is_replaced(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=24, gbk_count=0, delay=0.2)
    out = tmp_path / "out"
    url = site.listing_url("local")
    cmd = [sys.executable, "-m", "jzcli", "column", url, "-o", str(out), "--concurrency", "1", "-q"]
    first = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"}
    )
    try:
        _wait_for_holder(first, out)
        second = jz("column", url, "-o", str(out), "--retries", "0")
        assert second.exit_code == ExitCode.BUSY
        assert second.stdout == ""
        assert second.stderr == (
            f"jz: error: {out} is in use by another jz run (PID {first.pid}). "
            "Wait for it to finish, or give another --out.\n"
        )
        batch = jz("batch", "-", "-o", str(out), input=site.article_url("local", 0) + "\n")
        assert batch.exit_code == ExitCode.BUSY
        assert first.poll() is None  # the holder was not disturbed
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate()

    # The kernel released the dead run's lock: the next run takes it and finishes the job.
    site.delay = 0.0
    third = jz("column", url, "-o", str(out), "--retries", "0", "-q")
    assert third.exit_code == 0, third.stderr
    rows = check_consistent(out)
    assert len(rows) == 24 and all(r["status"] == "done" for r in rows.values())
    assert (out / LOCK_FILE).read_text() == ""  # released at the end of the run


def test_a_second_lock_in_this_process_is_busy_and_a_handed_lock_stays_held(
    tmp_path: Path,
) -> None:
    """No re-entry: another thread (or a second run in this process) gets BUSY as another
    process would. A holder hands its lock to what it runs (lock_folder), which takes none
    and leaves it held; the lock is free only once the holder itself leaves it."""
    import threading

    from jzcli.batch.store import FolderLock, lock_folder
    from jzcli.errors import JzError

    out = tmp_path / "out"
    out.mkdir()
    codes: list[object] = []

    def take() -> None:
        try:
            with FolderLock(out):
                codes.append("taken")
        except JzError as exc:
            codes.append(exc.code)

    with FolderLock(out) as held:
        thread = threading.Thread(target=take)
        thread.start()
        thread.join()
        take()  # this thread, too
        assert codes == [ExitCode.BUSY, ExitCode.BUSY]
        with lock_folder(out, held):
            take()
        take()  # the handed-on use has left: still held
        assert codes == [ExitCode.BUSY] * 4
        assert (out / LOCK_FILE).read_text() == f"{os.getpid()}\n"
        with pytest.raises(RuntimeError):  # one FolderLock is held once
            held.__enter__()
    assert (out / LOCK_FILE).read_text() == ""
    take()
    assert codes[-1] == "taken"
    assert not held.holds(out)


def test_a_link_planted_at_the_lock_file_is_not_followed(
    server: LocalServer, tmp_path: Path
) -> None:
    # An output folder others can write to (/tmp/out): a link there named .jz-lock must not
    # make jz truncate, and write its PID into, the file it points to.
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_FILE).symlink_to(victim)
    site = NewsSite(server, local_count=1, gbk_count=0)
    listing = tmp_path / "urls.txt"
    listing.write_text(site.all_article_urls("local")[0] + "\n", "utf-8")
    result = jz("batch", str(listing), "-o", str(out), "-q", "--ignore-robots")
    assert victim.read_text("utf-8") == "precious\n"
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr.startswith("jz: error: ") and result.stderr.count("\n") == 1
    assert LOCK_FILE in result.stderr and "link" in result.stderr


@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_a_link_planted_at_the_state_file_is_not_followed(
    server: LocalServer, tmp_path: Path, suffix: str
) -> None:
    # As for the lock: SQLite would open the link's target and write jz's state there.
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / (STATE_FILE + suffix)).symlink_to(victim)
    site = NewsSite(server, local_count=1, gbk_count=0)
    listing = tmp_path / "urls.txt"
    listing.write_text(site.all_article_urls("local")[0] + "\n", "utf-8")
    result = jz("batch", str(listing), "-o", str(out), "-q", "--ignore-robots")
    assert victim.read_text("utf-8") == "precious\n"
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr.startswith("jz: error: ") and result.stderr.count("\n") == 1
    assert STATE_FILE + suffix in result.stderr and "link" in result.stderr
    assert not (out / LOCK_FILE).read_text()  # the lock was released
    (out / (STATE_FILE + suffix)).unlink()
    assert jz("batch", str(listing), "-o", str(out), "-q", "--ignore-robots").exit_code == 0
