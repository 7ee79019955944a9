"""DIR/manifest.jsonl: one line per URL, regenerated from the state store (never appended)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from jzcli.batch.files import write_atomic
from jzcli.batch.store import Row

MANIFEST_FILE = "manifest.jsonl"


def manifest_record(row: Row) -> dict[str, Any]:
    """The manifest line of one URL."""
    return {
        "url": row.url,
        "final_url": row.final_url or None,
        "status": row.status,
        "http_status": row.http_status,
        "title": row.title or row.listing_title or None,
        "date": (row.published or row.listing_date or "")[:10] or None,
        "authors": list(row.authors),
        "column": row.column or None,
        "path": row.path if row.status == "done" else None,
        "sha256": row.sha256 or None,
        "charset": dict(row.charset) if row.charset else None,
        "error": row.error or None,
        "code": row.error_code,
        "attempts": row.attempts,
        "updated_at": row.updated_at,
    }


def write_manifest(path: Path, rows: Iterable[Row]) -> int:
    """Write the manifest atomically from rows in input order; return the line count."""
    count = 0

    def lines() -> Iterator[bytes]:
        nonlocal count
        for row in rows:
            count += 1
            yield (json.dumps(manifest_record(row), ensure_ascii=False) + "\n").encode("utf-8")

    write_atomic(path, lines())
    return count


__all__ = ["MANIFEST_FILE", "manifest_record", "write_manifest"]
