"""A state file from before the canonical/archive/image columns opens and gains them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from jzcli.batch.manifest import manifest_record
from jzcli.batch.store import StateStore

ADDED = ("canonical_url", "duplicate_of", "archive_url", "archive_timestamp", "images")


def test_an_older_state_file_gains_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / ".jz-state.sqlite"
    with StateStore(path) as store:
        store.add("http://example.cn/a.html", listing_title="旧标题")
    con = sqlite3.connect(path)
    con.execute("DROP INDEX articles_canonical")
    for name in ADDED:
        con.execute(f"ALTER TABLE articles DROP COLUMN {name}")
    con.commit()
    assert not set(ADDED) & {r[1] for r in con.execute("PRAGMA table_info(articles)")}
    con.close()
    with StateStore(path) as store:  # an older file: the columns are added, the row kept
        (row,) = list(store.rows())
        assert row.listing_title == "旧标题" and row.images == () and row.archive_url == ""
        store.set_archive(row.url, "http://archive.example/web/2024id_/x", "2024-01-01T00:00:00Z")
        record = manifest_record(store.get(row.url) or row)
        assert record["archive_timestamp"] == "2024-01-01T00:00:00Z"
    con = sqlite3.connect(path)
    assert set(ADDED) <= {r[1] for r in con.execute("PRAGMA table_info(articles)")}
    con.close()
