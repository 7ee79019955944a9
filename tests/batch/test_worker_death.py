"""`jz batch -j 2` and `jz column -j 2` where one page kills the worker process that
extracts it (SIGSEGV, as a crash in a C parser would): that article alone fails, with its
reason; every other is exported once, and reruns resume."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jzcli.errors import ExitCode
from tests.batch.helpers import check_consistent, marker_counts
from tests.batch.site import NewsSite, marker
from tests.support.server import LocalServer, Reply, Request
from tests.support.worker_crash.sitecustomize import CRASH_MARK

CRASH_DIR = Path(__file__).resolve().parents[1] / "support" / "worker_crash"
COUNT = 16
CULPRIT = 5


def _jz(what: list[str], out: Path) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(p for p in (str(CRASH_DIR), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path, "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "jzcli", *what, "-o", str(out)]
    cmd += ["-j", "2", "--per-host", "8", "--timeout", "5", "--retries", "0"]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


@pytest.mark.parametrize("command", ["batch", "column"])
def test_a_page_that_kills_its_worker_fails_alone(
    server: LocalServer, tmp_path: Path, command: str
) -> None:
    site = NewsSite(server, local_count=COUNT, gbk_count=0, multipage_every=0)
    col = site.columns["local"]
    culprit_path = site.article_path(col, CULPRIT)
    crashing = True

    def crash(_: Request) -> Reply | None:
        if not crashing:
            return None
        html = site._article_html(col, CULPRIT, 1, 1)
        return site._encode(col, html.replace("</body>", CRASH_MARK.decode() + "</body>"))

    site.faults[culprit_path] = crash
    urls = site.all_article_urls("local")
    culprit = urls[CULPRIT]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n", "utf-8")
    what = ["batch", str(listing)] if command == "batch" else ["column", site.listing_url("local")]
    out = tmp_path / "out"
    markers = [marker(site, "local", i) for i in range(COUNT)]
    others = [m for i, m in enumerate(markers) if i != CULPRIT]

    first = _jz(what, out)
    assert first.returncode == ExitCode.PARTIAL, first.stderr
    rows = check_consistent(out)
    assert {u for u, r in rows.items() if r["status"] != "done"} == {culprit}
    assert rows[culprit]["status"] == "failed" and rows[culprit]["error_code"] == ExitCode.ERROR
    assert "worker process died" in rows[culprit]["error"]
    assert "retried alone" in rows[culprit]["error"]
    counts = marker_counts(out, markers)
    assert all(counts[m] == 1 for m in others) and counts[markers[CULPRIT]] == 0
    errors = [line for line in first.stderr.splitlines() if line.startswith("jz: error: ")]
    assert len(errors) == 1 and culprit in errors[0] and "worker process died" in errors[0]
    assert "Traceback" not in first.stderr
    files = {p: p.read_bytes() for p in out.rglob("*.md")}

    # The rerun retries only the failed article; it kills a worker again and fails again.
    again = _jz(what, out)
    assert again.returncode == ExitCode.PARTIAL, again.stderr  # "already done" succeeded
    rows = check_consistent(out)
    assert rows[culprit]["status"] == "failed" and rows[culprit]["attempts"] == 2
    assert all(r["attempts"] == 1 for u, r in rows.items() if u != culprit)
    assert {p: p.read_bytes() for p in out.rglob("*.md")} == files

    # Once the page is harmless, it is exported, and nothing is duplicated.
    crashing = False
    last = _jz(what, out)
    assert last.returncode == ExitCode.OK, last.stderr
    rows = check_consistent(out)
    assert all(r["status"] == "done" for r in rows.values()) and len(rows) == COUNT
    assert marker_counts(out, markers) == {m: 1 for m in markers}


_SPAWNED = """
import multiprocessing, sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
import jzcli.pipeline
from jzcli.errors import JzError
from jzcli.models import Page
from jzcli.settings import Settings

page = Page("http://a.example/1.html", b"<html><body><p>x</p>MARK</body></html>")
page = Page(page.url, page.content.replace(b"MARK", CRASH_MARK))
if __name__ == "__main__":
    try:  # the main process does not crash
        jzcli.pipeline.process_pages([page], Settings())
    except JzError:  # too short to be an article
        pass
    print("main went on")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(sys.argv[1])) as pool:
        try:
            pool.submit(jzcli.pipeline.process_pages, [page], Settings()).result()
        except BrokenProcessPool:
            print("worker died")
"""


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_the_crash_helper_crashes_workers_only(tmp_path: Path, method: str) -> None:
    """Under spawn (macOS, Windows) each worker is the first process of its interpreter:
    the helper tells workers by their parent process, not by which process came first."""
    script = tmp_path / "spawned.py"
    script.write_text(f"CRASH_MARK = {CRASH_MARK!r}\n" + _SPAWNED, "utf-8")
    path = os.pathsep.join(p for p in (str(CRASH_DIR), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    cmd = [sys.executable, str(script), method]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["main went on", "worker died"]


def test_the_crash_helper_runs_the_sitecustomize_it_hides(tmp_path: Path) -> None:
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / "sitecustomize.py").write_text("import os\nos.environ['JZ_HIDDEN_RAN'] = '1'\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(CRASH_DIR), str(hidden)])}
    code = "import os, jzcli.pipeline as p; print(os.environ.get('JZ_HIDDEN_RAN'), end=' ')\n"
    code += "print(hasattr(p.process_pages, '__wrapped__'))"
    cmd = [sys.executable, "-c", code]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["1", "True"]  # both modules ran
