"""A page of a million tiny <p> (9 MB) is read in bounded memory (the real CLI, a subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Runs jz as `python -m jzcli` does and reports its own peak RSS on stderr when it exits.
_MEASURED = (
    "import atexit, resource, runpy, sys\n"
    "def peak():\n"
    "    # VmHWM: this program's own peak (ru_maxrss also counts the parent's pages at fork)\n"
    "    try:\n"
    "        for line in open('/proc/self/status'):\n"
    "            if line.startswith('VmHWM:'):\n"
    "                return int(line.split()[1])\n"
    "    except OSError:\n"
    "        pass\n"
    "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "atexit.register(lambda: sys.stderr.write(f'\\nmaxrss_kb={peak()}\\n'))\n"
    "sys.argv = ['jz', *sys.argv[1:]]\n"
    "runpy.run_module('jzcli', run_name='__main__')\n"
)


def test_million_paragraph_page_stays_within_bounds(tmp_path: Path) -> None:
    page = tmp_path / "million.html"
    body = "".join(f"<p>{i % 10}</p>\n" for i in range(1_000_000))
    page.write_text(f"<html><head><title>t</title></head><body>{body}</body></html>", "utf-8")
    size = page.stat().st_size
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURED, "clean", str(page), "--format", "json"],
        capture_output=True,
        timeout=600,
        env=env,
    )
    stderr = proc.stderr.decode("utf-8")
    # One-digit paragraphs make no article; what matters is a clean refusal in bounded memory.
    assert proc.returncode == 4, stderr
    assert stderr.startswith("jz: error: no article text found")
    maxrss = int(stderr.rsplit("maxrss_kb=", 1)[1].split()[0]) * 1024
    # It was 115x the page size; the bound is about 20x (benchmarks/robustness/README.md).
    assert maxrss < 25 * size, f"{maxrss / size:.0f}x the page size"
