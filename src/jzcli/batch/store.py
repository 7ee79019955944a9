"""The resume store: one SQLite row per URL, in the output folder (WAL mode).

A row's path is reserved (committed) before its file is written and the row is marked done
only after the file is renamed into place, so after a kill a file without a done row always
belongs to a pending row of the same URL and is simply overwritten on resume.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from jzcli.batch.naming import path_key, with_suffix_id
from jzcli.errors import ExitCode, JzError
from jzcli.models import Article

if sys.platform != "win32":
    import fcntl

STATE_FILE = ".jz-state.sqlite"
LOCK_FILE = ".jz-lock"
Status = Literal["pending", "done", "failed", "skipped"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    final_url TEXT,
    http_status INTEGER,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT,
    path TEXT,
    path_key TEXT UNIQUE,
    output_sha256 TEXT,
    removed_fps TEXT NOT NULL DEFAULT '[]',
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    error_code INTEGER,
    title TEXT,
    published TEXT,
    authors TEXT,
    column_name TEXT,
    listing_title TEXT,
    listing_date TEXT,
    charset TEXT,
    site TEXT,
    article BLOB,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    checked_at TEXT
);
CREATE INDEX IF NOT EXISTS articles_seq ON articles(seq);
CREATE INDEX IF NOT EXISTS articles_final ON articles(final_url);
CREATE TABLE IF NOT EXISTS fingerprints (
    site TEXT NOT NULL,
    fp TEXT NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (site, fp, url)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fingerprints_url ON fingerprints(url);
CREATE TABLE IF NOT EXISTS fp_counts (
    site TEXT NOT NULL,
    fp TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (site, fp)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fp_counts_n ON fp_counts(site, n);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS images (
    url TEXT PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'pending',
    sha256 TEXT,
    path TEXT,
    content_type TEXT,
    size INTEGER,
    error TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS images_sha ON images(sha256);
"""

# Columns added after the first release: added to an older state file on open (additive only,
# so an older jz still reads a newer file).
_ADDED_COLUMNS = (
    ("canonical_url", "TEXT"),
    ("duplicate_of", "TEXT"),
    ("archive_url", "TEXT"),
    ("archive_timestamp", "TEXT"),
    ("images", "TEXT"),
)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Row:
    """One URL's state."""

    url: str
    seq: int
    status: str
    final_url: str
    http_status: int | None
    etag: str
    last_modified: str
    sha256: str
    path: str
    output_sha256: str
    removed_fps: tuple[str, ...]
    attempts: int
    error: str
    error_code: int | None
    title: str
    published: str
    authors: tuple[Mapping[str, Any], ...]
    column: str
    listing_title: str
    listing_date: str
    charset: Mapping[str, Any] | None
    site: str
    created_at: str
    updated_at: str
    checked_at: str
    canonical_url: str = ""
    duplicate_of: str = ""
    """Skipped as the same article as this URL (a redirect or a canonical link)."""
    archive_url: str = ""
    """The archived capture the article was read from ('' when read from its site)."""
    archive_timestamp: str = ""
    images: tuple[Mapping[str, Any], ...] = ()
    """The article's images kept beside it: url, path, sha256 (or error)."""


_ROW_COLUMNS = (
    "url, seq, status, final_url, http_status, etag, last_modified, sha256, path, output_sha256,"
    " removed_fps, attempts, error, error_code, title, published, authors, column_name,"
    " listing_title, listing_date, charset, site, created_at, updated_at, checked_at,"
    " canonical_url, duplicate_of, archive_url, archive_timestamp, images"
)


def _row(r: tuple[Any, ...]) -> Row:
    return Row(
        url=r[0],
        seq=r[1],
        status=r[2],
        final_url=r[3] or "",
        http_status=r[4],
        etag=r[5] or "",
        last_modified=r[6] or "",
        sha256=r[7] or "",
        path=r[8] or "",
        output_sha256=r[9] or "",
        removed_fps=tuple(json.loads(r[10] or "[]")),
        attempts=r[11],
        error=r[12] or "",
        error_code=r[13],
        title=r[14] or "",
        published=r[15] or "",
        authors=tuple(json.loads(r[16] or "[]")),
        column=r[17] or "",
        listing_title=r[18] or "",
        listing_date=r[19] or "",
        charset=json.loads(r[20]) if r[20] else None,
        site=r[21] or "",
        created_at=r[22],
        updated_at=r[23],
        checked_at=r[24] or "",
        canonical_url=r[25] or "",
        duplicate_of=r[26] or "",
        archive_url=r[27] or "",
        archive_timestamp=r[28] or "",
        images=tuple(json.loads(r[29] or "[]")),
    )


def pack_article(article: Article) -> bytes:
    """The article as compressed JSON, for the store."""
    data = json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":"))
    # Level 1: a third of level 6's time for 10 % more bytes (every article is packed once).
    return zlib.compress(data.encode("utf-8"), 1)


def unpack_article(blob: bytes) -> Article:
    """Inverse of pack_article."""
    return Article.from_dict(unpack_data(blob))


def unpack_data(blob: bytes) -> dict[str, Any]:
    """The stored article as the dict `Article.to_dict()` gave."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob).decode("utf-8"))
    return data


class StateStore:
    """SQLite state of one output folder; every method commits before returning."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # SQLite follows links: one planted in a shared folder would have jz write its state
        # (and its -wal and -shm files) into the file it points to. Refused as the lock is.
        for name in (path.name, *(path.name + s for s in ("-wal", "-shm", "-journal"))):
            if (path.parent / name).is_symlink():
                raise JzError(
                    f"cannot open the state of {path.parent}: its {name} is a symbolic link, "
                    "which jz does not follow. Remove the link (jz makes its own state file).",
                    ExitCode.OUTPUT,
                )
        self.path = path
        self._db = sqlite3.connect(str(path), isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable against a killed process (only a power cut can lose the tail).
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)
        self._migrate()
        top = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()
        self._next_seq = int(top[0]) + 1
        self._depth = 0

    def _migrate(self) -> None:
        have = {str(r[1]) for r in self._db.execute("PRAGMA table_info(articles)")}
        for name, kind in _ADDED_COLUMNS:
            if name not in have:
                self._db.execute(f"ALTER TABLE articles ADD COLUMN {name} {kind}")
        self._db.execute("CREATE INDEX IF NOT EXISTS articles_canonical ON articles(canonical_url)")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- rows -----------------------------------------------------------------------------

    def add(self, url: str, *, listing_title: str = "", listing_date: str = "") -> Row:
        """Insert a URL as pending unless known; return its row."""
        now = _now()
        cur = self._db.execute(
            "INSERT OR IGNORE INTO articles (url, seq, listing_title, listing_date, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            (url, self._next_seq, listing_title, listing_date, now, now),
        )
        if cur.rowcount:
            self._next_seq += 1
        elif listing_date or listing_title:
            self._db.execute(
                "UPDATE articles SET listing_date = COALESCE(NULLIF(?, ''), listing_date),"
                " listing_title = COALESCE(NULLIF(?, ''), listing_title) WHERE url = ?",
                (listing_date, listing_title, url),
            )
        row = self.get(url)
        assert row is not None
        return row

    def get(self, url: str) -> Row | None:
        r = self._db.execute(f"SELECT {_ROW_COLUMNS} FROM articles WHERE url = ?", (url,))
        found = r.fetchone()
        return _row(found) if found else None

    def rows(self) -> Iterator[Row]:
        """Every row in input order (streamed)."""
        cur = self._db.execute(f"SELECT {_ROW_COLUMNS} FROM articles ORDER BY seq")
        for r in cur:
            yield _row(r)

    def done_with_final_url(self, final_url: str, other_than: str) -> str | None:
        """Another URL already exported from the same address: its own URL, the one it
        redirected to, or its canonical link."""
        r = self._db.execute(
            "SELECT url FROM articles WHERE status = 'done' AND url != ?"
            " AND (final_url = ? OR canonical_url = ? OR url = ?) ORDER BY seq LIMIT 1",
            (other_than, final_url, final_url, final_url),
        ).fetchone()
        return str(r[0]) if r else None

    def mark_duplicate(self, url: str, of: str) -> None:
        """Skip a URL as another address of an exported article."""
        self._db.execute(
            "UPDATE articles SET status = 'skipped', error = ?, error_code = NULL,"
            " duplicate_of = ?, updated_at = ? WHERE url = ? AND status != 'done'",
            (f"same article as {of}", of, _now(), url),
        )

    def aliases(self) -> dict[str, list[str]]:
        """Exported URL -> the other URLs skipped as the same article, in input order."""
        out: dict[str, list[str]] = {}
        cur = self._db.execute(
            "SELECT url, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL"
            " AND status = 'skipped' ORDER BY seq"
        )
        for url, of in cur:
            out.setdefault(str(of), []).append(str(url))
        return out

    def set_archive(self, url: str, archive_url: str, timestamp: str) -> None:
        self._db.execute(
            "UPDATE articles SET archive_url = ?, archive_timestamp = ? WHERE url = ?",
            (archive_url or None, timestamp or None, url),
        )

    def set_canonical(self, url: str, canonical_url: str) -> None:
        self._db.execute(
            "UPDATE articles SET canonical_url = ? WHERE url = ?", (canonical_url or None, url)
        )

    def set_images(self, url: str, images: Iterable[Mapping[str, Any]]) -> None:
        self._db.execute(
            "UPDATE articles SET images = ? WHERE url = ?",
            (json.dumps(list(images), ensure_ascii=False), url),
        )

    # -- images ----------------------------------------------------------------------------

    def image(self, url: str) -> dict[str, Any] | None:
        """The stored download of an image URL: status, sha256, path, content_type, error."""
        r = self._db.execute(
            "SELECT status, sha256, path, content_type, size, error FROM images WHERE url = ?",
            (url,),
        ).fetchone()
        if r is None:
            return None
        keys = ("status", "sha256", "path", "content_type", "size", "error")
        return {k: (v if v is not None else "") for k, v in zip(keys, r)}

    def image_with_sha(self, sha256: str) -> str | None:
        """The path of an image already kept with these bytes."""
        r = self._db.execute(
            "SELECT path FROM images WHERE sha256 = ? AND status = 'done' LIMIT 1", (sha256,)
        ).fetchone()
        return str(r[0]) if r else None

    def mark_image(
        self,
        url: str,
        *,
        status: str,
        sha256: str = "",
        path: str = "",
        content_type: str = "",
        size: int | None = None,
        error: str = "",
    ) -> None:
        self._db.execute(
            "INSERT INTO images (url, status, sha256, path, content_type, size, error, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
            " status = excluded.status, sha256 = excluded.sha256, path = excluded.path,"
            " content_type = excluded.content_type, size = excluded.size,"
            " error = excluded.error, updated_at = excluded.updated_at",
            (url, status, sha256 or None, path or None, content_type, size, error or None, _now()),
        )

    def urls_with_status(self, *statuses: str) -> list[str]:
        marks = ",".join("?" * len(statuses))
        cur = self._db.execute(
            f"SELECT url FROM articles WHERE status IN ({marks}) ORDER BY seq", statuses
        )
        return [r[0] for r in cur]

    def counts(self) -> dict[str, int]:
        cur = self._db.execute("SELECT status, COUNT(*) FROM articles GROUP BY status")
        return {str(s): int(n) for s, n in cur}

    def start_attempt(self, url: str) -> None:
        self._db.execute(
            "UPDATE articles SET attempts = attempts + 1, updated_at = ? WHERE url = ?",
            (_now(), url),
        )

    def mark_failed(self, url: str, error: str, code: int, http_status: int | None) -> None:
        """A failed attempt; a done row keeps its export and stays done."""
        self._db.execute(
            "UPDATE articles SET status = CASE status WHEN 'done' THEN 'done' ELSE 'failed' END,"
            " error = ?, error_code = ?, http_status = COALESCE(?, http_status), updated_at = ?"
            " WHERE url = ?",
            (error, code, http_status, _now(), url),
        )

    def mark_skipped(self, url: str, reason: str) -> None:
        self._db.execute(
            "UPDATE articles SET status = 'skipped', error = ?, error_code = NULL, updated_at = ?"
            " WHERE url = ? AND status != 'done'",
            (reason, _now(), url),
        )

    def mark_unchanged(self, url: str, http_status: int | None) -> None:
        now = _now()
        self._db.execute(
            "UPDATE articles SET checked_at = ?, updated_at = ?, error = NULL, error_code = NULL,"
            " http_status = COALESCE(?, http_status) WHERE url = ?",
            (now, now, http_status, url),
        )

    def reserve_path(self, url: str, wanted: str, current: str | None = None) -> str:
        """Claim a relative output path for a URL: its old one, `wanted`, or wanted-<hash>.

        The claim is committed before the file is written, so a rerun reuses it. `current`
        is the row's path when the caller has just read the row ('' for none).
        """
        if current is None:
            row = self.get(url)
            current = row.path if row is not None else ""
        if current:
            return current
        for path in _candidates(wanted, url):
            try:
                self._db.execute(
                    "UPDATE articles SET path = ?, path_key = ?, updated_at = ? WHERE url = ?",
                    (path, path_key(path), _now(), url),
                )
                return path
            except sqlite3.IntegrityError:
                continue
        raise RuntimeError(f"no free file name for {url}")

    def mark_done(
        self,
        url: str,
        *,
        article: Article,
        final_url: str,
        http_status: int | None,
        etag: str,
        last_modified: str,
        sha256: str,
        output_sha256: str,
        removed_fps: Iterable[str],
        site: str,
        fingerprints: Iterable[str],
        packed: bytes | None = None,
    ) -> None:
        """Record an exported article and its paragraph fingerprints in one transaction.

        `packed`: `pack_article(article)` when the caller has it already (made in a worker)."""
        now = _now()
        charset = article.provenance.charset
        authors = [{"name": a.normalized or a.name, "role": a.role} for a in article.authors]
        with self._transaction():
            self._db.execute(
                "UPDATE articles SET status = 'done', final_url = ?, http_status = ?, etag = ?,"
                " last_modified = ?, sha256 = ?, output_sha256 = ?, removed_fps = ?, error = NULL,"
                " error_code = NULL, title = ?, published = ?, authors = ?, column_name = ?,"
                " charset = ?, site = ?, article = ?, updated_at = ?, checked_at = ? WHERE url = ?",
                (
                    final_url,
                    http_status,
                    etag,
                    last_modified,
                    sha256,
                    output_sha256,
                    json.dumps(sorted(removed_fps)),
                    article.title,
                    article.published,
                    json.dumps(authors, ensure_ascii=False),
                    article.column,
                    json.dumps(_plain_charset(article), ensure_ascii=False) if charset else None,
                    site,
                    pack_article(article) if packed is None else packed,
                    now,
                    now,
                    url,
                ),
            )
            # fp_counts keeps, per site, how many exported articles hold each fingerprint.
            self._db.execute(
                "UPDATE fp_counts SET n = n - 1"
                " WHERE (site, fp) IN (SELECT site, fp FROM fingerprints WHERE url = ?)",
                (url,),
            )
            self._db.execute("DELETE FROM fingerprints WHERE url = ?", (url,))
            pairs = [(site, fp, url) for fp in set(fingerprints)]
            self._db.executemany("INSERT INTO fingerprints (site, fp, url) VALUES (?, ?, ?)", pairs)
            self._db.executemany(
                "INSERT INTO fp_counts (site, fp, n) VALUES (?, ?, 1)"
                " ON CONFLICT(site, fp) DO UPDATE SET n = n + 1",
                [(site, fp) for site, fp, _ in pairs],
            )

    def set_output(self, url: str, output_sha256: str, removed_fps: Iterable[str]) -> None:
        self._db.execute(
            "UPDATE articles SET output_sha256 = ?, removed_fps = ?, updated_at = ? WHERE url = ?",
            (output_sha256, json.dumps(sorted(removed_fps)), _now(), url),
        )

    def article(self, url: str) -> Article | None:
        r = self._db.execute("SELECT article FROM articles WHERE url = ?", (url,)).fetchone()
        return unpack_article(r[0]) if r and r[0] else None

    def article_json(self, url: str) -> str | None:
        """The stored article as the JSON text `pack_article` packed (compact, not ASCII)."""
        r = self._db.execute("SELECT article FROM articles WHERE url = ?", (url,)).fetchone()
        return zlib.decompress(r[0]).decode("utf-8") if r and r[0] else None

    def article_data(self, url: str) -> dict[str, Any] | None:
        """The stored article as a dict (`Article.to_dict()`), without building the model."""
        r = self._db.execute("SELECT article FROM articles WHERE url = ?", (url,)).fetchone()
        return unpack_data(r[0]) if r and r[0] else None

    # -- cross-article boilerplate ---------------------------------------------------------

    def site_sizes(self) -> dict[str, int]:
        """Exported articles per site."""
        cur = self._db.execute(
            "SELECT site, COUNT(*) FROM articles WHERE status = 'done' GROUP BY site"
        )
        return {str(s): int(n) for s, n in cur}

    def repeated_fingerprints(self, site: str, at_least: int) -> list[tuple[str, int]]:
        """(fingerprint, article count) of a site's paragraphs shared by `at_least` articles."""
        cur = self._db.execute(
            "SELECT fp, n FROM fp_counts WHERE site = ? AND n >= ?", (site, at_least)
        )
        return [(str(fp), int(n)) for fp, n in cur]

    def urls_with_fingerprints(self, site: str, fps: Iterable[str]) -> set[str]:
        """URLs of a site holding any of the fingerprints."""
        found: set[str] = set()
        chunk: list[str] = []
        for fp in [*fps, None]:
            if fp is not None:
                chunk.append(fp)
            if chunk and (fp is None or len(chunk) >= 500):
                marks = ",".join("?" * len(chunk))
                cur = self._db.execute(
                    f"SELECT DISTINCT url FROM fingerprints WHERE site = ? AND fp IN ({marks})",
                    (site, *chunk),
                )
                found.update(r[0] for r in cur)
                chunk = []
        return found

    def urls_with_removals(self) -> list[str]:
        cur = self._db.execute(
            "SELECT url FROM articles WHERE status = 'done' AND removed_fps != '[]'"
        )
        return [r[0] for r in cur]

    def fingerprints_of(self, url: str) -> set[str]:
        cur = self._db.execute("SELECT fp FROM fingerprints WHERE url = ?", (url,))
        return {r[0] for r in cur}

    # -- meta ------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        r = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(r[0]) if r else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def batch(self) -> _Transaction:
        """Group many calls into one transaction (one commit); the calls inside join it."""
        return _Transaction(self)

    def _transaction(self) -> _Transaction:
        return _Transaction(self)


class FolderLock:
    """An exclusive lock on an output folder for one run (flock on LOCK_FILE, holder's PID in it).

    The kernel drops a flock when its holder exits, so a lock left by a killed run is simply
    taken by the next one. A second run on the same folder fails at once with BUSY, in this
    process too (each FolderLock opens the lock file anew, and flock refuses a second open of
    it): a caller that prepares a folder under the lock (the cluster driver clears its state)
    and then runs a batch there hands its held lock to the run (see `lock_folder`).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fd: int | None = None
        self._entered = False

    def holds(self, folder: Path) -> bool:
        """Whether this lock is held now (entered, not left) and is the lock of `folder`."""
        return self._entered and os.path.realpath(self.folder) == os.path.realpath(folder)

    def __enter__(self) -> FolderLock:
        if self._entered:
            raise RuntimeError(f"the lock of {self.folder} is held already")
        if sys.platform != "win32":  # no flock there: runs are not guarded
            self._take(self.folder / LOCK_FILE)
        self._entered = True
        return self

    def _take(self, path: Path) -> None:
        try:
            # Never through a link: one planted in a shared folder would have its target
            # truncated and given jz's PID.
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as exc:
            if path.is_symlink():
                raise JzError(
                    f"cannot lock {self.folder}: its {path.name} is a symbolic link, which jz "
                    "does not follow. Remove the link (jz makes its own lock file).",
                    ExitCode.OUTPUT,
                ) from None
            raise JzError(
                f"cannot create {path}: {exc.strerror or exc}. Check the folder's permissions.",
                ExitCode.OUTPUT,
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise JzError(
                f"{self.folder} is in use by another jz run (PID {holder}). Wait for it to "
                "finish, or give another --out.",
                ExitCode.BUSY,
            ) from None
        except OSError as exc:  # a file system without locks
            os.close(fd)
            raise JzError(
                f"cannot lock {path}: {exc.strerror or exc}. Give an --out on a local disk.",
                ExitCode.OUTPUT,
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def __exit__(self, *exc: object) -> None:
        self._entered = False
        if self._fd is not None and sys.platform != "win32":
            # The PID goes before the lock, so no reader sees a live holder that has left.
            fd, self._fd = self._fd, None
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def lock_folder(folder: Path, held: FolderLock | None = None) -> AbstractContextManager[object]:
    """The lock a run takes on its output folder: none where the caller holds it (`held`)."""
    if held is not None and held.holds(folder):
        return contextlib.nullcontext()
    return FolderLock(folder)


def _candidates(wanted: str, url: str) -> Iterator[str]:
    """The wanted path, then deterministic variants with a hash of the URL."""
    yield wanted
    yield with_suffix_id(wanted, url)
    yield with_suffix_id(wanted, url, 16)
    for i in range(1, 50):
        yield with_suffix_id(wanted, f"{url}#{i}", 16)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error); nested ones join the outermost."""

    def __init__(self, store: StateStore) -> None:
        self._store = store

    def __enter__(self) -> None:
        if self._store._depth == 0:
            self._store._db.execute("BEGIN IMMEDIATE")
        self._store._depth += 1

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._store._depth -= 1
        if self._store._depth == 0:
            self._store._db.execute("ROLLBACK" if exc_type else "COMMIT")


def _plain_charset(article: Article) -> dict[str, Any]:
    charset = article.provenance.charset
    if charset is None:
        return {}
    return {
        "encoding": charset.encoding,
        "source": charset.source,
        "confidence": charset.confidence,
        "replacements": charset.replacements,
    }


__all__ = [
    "LOCK_FILE",
    "STATE_FILE",
    "FolderLock",
    "Row",
    "StateStore",
    "lock_folder",
    "pack_article",
    "unpack_article",
]
