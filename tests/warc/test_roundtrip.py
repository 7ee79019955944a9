"""column --warc, then jz warc over the recorded archive: the same articles, file for file."""

from __future__ import annotations

from pathlib import Path

from tests.batch.helpers import jz, manifest
from tests.batch.site import NewsSite
from tests.support.server import LocalServer


def test_column_to_warc_to_articles(server: LocalServer, tmp_path: Path) -> None:
    site = NewsSite(server, local_count=24, gbk_count=6, multipage_every=0)
    a = tmp_path / "A"
    fetched = jz("column", site.listing_url("local"), "-o", str(a), "--warc", str(a / "x.warc.gz"))
    assert fetched.exit_code == 0, fetched.stderr
    b = tmp_path / "B"
    result = jz("warc", *map(str, a.glob("*.warc.gz")), "-o", str(b), "-j", "2")
    assert result.exit_code == 0, result.stderr
    files_a = {p.name: p.read_bytes() for p in a.glob("*.md")}
    files_b = {p.name: p.read_bytes() for p in b.glob("*.md")}
    assert len(files_a) == 24
    assert files_b == files_a
    # The listing pages are archived too: they are found and counted, not exported as articles.
    listed = {r["url"] for r in manifest(a)}
    assert {r["url"] for r in manifest(b) if r["status"] == "done"} == listed
