"""Shared checks for batch tests: run the CLI, read the output folder, compare with the DB."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from jzcli.cli.app import app

STATE = ".jz-state.sqlite"


def jz(*args: str, input: str | None = None) -> Any:
    """Run `jz ARGS` in-process; the result has exit_code, stdout and stderr."""
    return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)


def manifest(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]


def db_rows(out: Path) -> dict[str, dict[str, Any]]:
    con = sqlite3.connect(out / STATE)
    con.row_factory = sqlite3.Row
    try:
        return {r["url"]: dict(r) for r in con.execute("SELECT * FROM articles")}
    finally:
        con.close()


def article_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and p.suffix in (".md", ".json", ".txt"))


def check_consistent(out: Path) -> dict[str, dict[str, Any]]:
    """Manifest, DB and files agree; no stray or temp files. Returns the DB rows."""
    rows = db_rows(out)
    lines = manifest(out)
    assert [line["url"] for line in lines] == sorted(rows, key=lambda u: rows[u]["seq"])
    by_url = {line["url"]: line for line in lines}
    for url, row in rows.items():
        line = by_url[url]
        assert line["status"] == row["status"]
        if row["status"] == "done":
            assert line["path"] == row["path"]
            assert (out / row["path"]).is_file(), row["path"]
            assert line["sha256"] == row["sha256"]
        else:
            assert line["path"] is None
    done_paths = {row["path"] for row in rows.values() if row["status"] == "done"}
    on_disk = {p.relative_to(out).as_posix() for p in article_files(out)}
    assert on_disk == done_paths, on_disk ^ done_paths
    assert not list(out.rglob("*.tmp"))
    return rows


def marker_counts(out: Path, markers: list[str]) -> Counter[str]:
    """How many article files contain each marker phrase."""
    texts = [p.read_text("utf-8") for p in article_files(out)]
    return Counter({m: sum(1 for t in texts if m in t) for m in markers})
