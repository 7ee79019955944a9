"""Byte ranges of a WARC file that start at record boundaries, and reading one range."""

from __future__ import annotations

import gzip
import itertools
import json
import random
from pathlib import Path

import pytest
from tests.warc.archives import Rec, article_records, sample_pages, write_warc
from warcio.archiveiterator import ArchiveIterator

from jzcli.warc.ranges import Part, layout, open_seekable, record_start, split
from jzcli.warc.run import WarcOptions, run_warc

PAGES = sample_pages()

# Payloads that hold what a record start looks like, in part: a page about the format, a
# gzip member of a WARC header inside noise that does not compress (stored as it is).
ABOUT_WARC = (
    b"<html><body><pre>\r\n\r\nWARC/1.0\r\nWARC-Type: response\r\n\r\n"
    b"WARC/1.1\r\nContent-Length: 12\r\n\r\nnot a record</pre></body></html>"
)
NOISE = random.Random(7).randbytes(30_000)
MEMBER = gzip.compress(b"WARC/1.0\r\nWARC-Type: resource\r\n\r\n", mtime=0)


def records() -> list[Rec]:
    recs = article_records(PAGES[:8])
    recs.insert(3, Rec("http://news.example.cn/about-warc.html", ABOUT_WARC))
    recs.insert(
        5,
        Rec(
            "http://news.example.cn/blob.bin",
            NOISE[:20_000] + MEMBER + NOISE[20_000:],
            content_type="application/octet-stream",
        ),
    )
    recs.append(Rec("http://news.example.cn/last.html", PAGES[9], encoding="chunked"))
    return recs


def offsets(path: Path) -> list[int]:
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        found = []
        for _ in it:
            found.append(it.get_record_offset())
    return found


@pytest.fixture(params=[True, False], ids=["gzip", "plain"])
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / ("a.warc.gz" if request.param else "a.warc")
    write_warc(path, records(), gzipped=request.param)
    return path


def test_every_cut_finds_the_next_record_start(archive: Path) -> None:
    starts = offsets(archive)
    assert len(starts) == 11
    assert MEMBER in archive.read_bytes()  # the noise kept it as it is, in both files
    with open_seekable(str(archive)) as (fh, size):
        kind = layout(fh)
        assert kind == ("members" if archive.suffix == ".gz" else "plain")
        for cut in [*range(1, size, 509), *(s + d for s in starts[1:] for d in (-1, 0, 1))]:
            expected = min((s for s in starts if s >= cut), default=None)
            assert record_start(fh, cut, size, kind) == expected, cut


def test_parts_cover_the_file_at_record_starts(archive: Path) -> None:
    starts = offsets(archive)
    size = archive.stat().st_size
    parts = split(str(archive), size // 4)
    assert 3 <= len(parts) <= 5
    assert parts[0].start == 0 and parts[-1].end is None
    for before, after in itertools.pairwise(parts):
        assert before.end == after.start and after.start in starts
    assert split(str(archive), size) == [Part(str(archive))]


def test_files_that_cannot_be_split_are_one_part(tmp_path: Path) -> None:
    plain = tmp_path / "a.warc"
    write_warc(plain, article_records(PAGES[:6]), gzipped=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    arc = tmp_path / "a.arc"
    arc.write_bytes(b"filedesc://a.arc 0.0.0.0 20240501000000 text/plain 10\n" + b"x" * 5000)
    for path in (whole, arc):
        assert split(str(path), 100) == [Part(str(path))]


def test_reading_part_by_part_gives_the_whole_file(archive: Path, tmp_path: Path) -> None:
    whole_out = tmp_path / "whole"
    run_warc([str(archive)], WarcOptions(shard_dir=whole_out))
    parts = split(str(archive), archive.stat().st_size // 3)
    assert len(parts) >= 3
    urls: list[str] = []
    offsets_seen: list[int] = []
    for i, part in enumerate(parts):
        out = tmp_path / f"part{i}"
        stats = run_warc(
            [str(archive)], WarcOptions(shard_dir=out, byte_range=(part.start, part.end))
        )
        assert not stats.failed
        for line in (out / "manifest.jsonl").read_text("utf-8").splitlines():
            row = json.loads(line)
            urls.append(row["url"])
            offsets_seen.append(row["warc_offset"])
            assert part.start <= row["warc_offset"] and (
                part.end is None or row["warc_offset"] < part.end
            )
    whole = [json.loads(line) for line in (whole_out / "manifest.jsonl").read_text().splitlines()]
    assert urls == [row["url"] for row in whole]
    assert offsets_seen == [row["warc_offset"] for row in whole]
