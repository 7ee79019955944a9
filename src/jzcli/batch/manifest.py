"""DIR/manifest.jsonl and DIR/manifest.csv: one line per URL, regenerated from the state store.

Both files come from the same rows in one pass and are renamed into place together, so they
always agree. The CSV has the same fields in the same order, is UTF-8 with a BOM (spreadsheet
programs then read Chinese titles right) and writes list and object fields as JSON.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from jzcli.batch.files import TEMP_PREFIX, _fsync_dir, _target_mode, write_error
from jzcli.batch.store import Row

MANIFEST_FILE = "manifest.jsonl"
MANIFEST_CSV = "manifest.csv"

FIELDS = (
    "url",
    "final_url",
    "status",
    "http_status",
    "title",
    "date",
    "authors",
    "column",
    "path",
    "sha256",
    "charset",
    "error",
    "code",
    "attempts",
    "updated_at",
    "canonical_url",
    "also",
    "duplicate_of",
    "archive_url",
    "archive_timestamp",
    "images",
)


def manifest_record(row: Row, also: Iterable[str] = ()) -> dict[str, Any]:
    """The manifest line of one URL; `also`: other URLs skipped as the same article."""
    record = {
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
        "canonical_url": row.canonical_url or None,
        "also": list(also),
        "duplicate_of": row.duplicate_of or None,
        "archive_url": row.archive_url or None,
        "archive_timestamp": row.archive_timestamp or None,
        "images": [dict(i) for i in row.images] if row.status == "done" else [],
    }
    assert tuple(record) == FIELDS
    return record


def csv_cells(record: Mapping[str, Any]) -> list[str]:
    """One CSV line's cells: strings as they are, numbers as digits, None empty, else JSON."""
    cells: list[str] = []
    for name in FIELDS:
        value = record[name]
        if value is None:
            cells.append("")
        elif isinstance(value, str):
            cells.append(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            cells.append(str(value))
        else:
            cells.append(json.dumps(value, ensure_ascii=False))
    return cells


def write_manifest(
    path: Path,
    rows: Iterable[Row],
    aliases: Mapping[str, list[str]] | None = None,
    extra: Callable[[Row], Mapping[str, Any]] | None = None,
) -> int:
    """Write manifest.jsonl (`path`) and manifest.csv beside it; return the line count.

    `extra(row)` adds fields to a row's JSON line (a WARC run: the record it came from).

    Both are written to temp files in one pass over the rows, synced, then renamed.
    """
    csv_path = path.with_name(MANIFEST_CSV)
    aliases = aliases or {}
    temps: list[str] = []
    count = 0
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handles: list[IO[bytes]] = []
        for target in (path, csv_path):
            mode = _target_mode(target)
            fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=path.parent)
            temps.append(tmp)
            os.chmod(tmp, mode)  # as a plain write would make it (mkstemp makes 0600)
            handles.append(os.fdopen(fd, "wb"))
        jsonl, table = handles
        try:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(FIELDS)
            table.write(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
            for row in rows:
                count += 1
                record = manifest_record(row, aliases.get(row.url, ()))
                if extra is not None:
                    record.update(extra(row))
                jsonl.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
                buffer.seek(0)
                buffer.truncate()
                writer.writerow(csv_cells(record))
                table.write(buffer.getvalue().encode("utf-8"))
            for handle in handles:
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            for handle in handles:
                handle.close()
        os.replace(temps[0], path)
        os.replace(temps[1], csv_path)
        temps = []
        _fsync_dir(path.parent)
    except OSError as exc:
        raise write_error(path, exc) from None
    finally:
        for tmp in temps:
            Path(tmp).unlink(missing_ok=True)
    return count


__all__ = [
    "FIELDS",
    "MANIFEST_CSV",
    "MANIFEST_FILE",
    "csv_cells",
    "manifest_record",
    "write_manifest",
]
