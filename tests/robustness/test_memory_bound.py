"""A page of a million tiny <p> (9 MB) is read in bounded memory (the real CLI, a subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.robustness.pages import MEASURED_JZ


def test_million_paragraph_page_stays_within_bounds(tmp_path: Path) -> None:
    page = tmp_path / "million.html"
    body = "".join(f"<p>{i % 10}</p>\n" for i in range(1_000_000))
    page.write_text(f"<html><head><title>t</title></head><body>{body}</body></html>", "utf-8")
    size = page.stat().st_size
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-c", MEASURED_JZ, "clean", str(page), "--format", "json"],
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
