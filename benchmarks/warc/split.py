"""Time the planning of byte ranges (`jzcli.warc.ranges.split`) on large WARC files.

    python benchmarks/warc/split.py FILE... [--size 64M]

For each file: its size, the ranges found, the time taken, and a check that every range
starts at a record (read with warcio from that offset).
"""

from __future__ import annotations

import argparse
import os
import time

from warcio.archiveiterator import ArchiveIterator

from jzcli.cli.common import parse_size
from jzcli.warc.ranges import split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--size", default="64M")
    args = parser.parse_args()
    size = parse_size(args.size)
    for name in args.files:
        start = time.perf_counter()
        parts = split(name, size)
        took = time.perf_counter() - start
        for part in parts:
            with open(name, "rb") as fh:
                fh.seek(part.start)
                record = next(iter(ArchiveIterator(fh)))
                assert record.rec_type, f"no record at {part.start}"
        print(
            f"{name}: {os.path.getsize(name) / 1e6:.0f} MB, {len(parts)} ranges in "
            f"{1000 * took:.0f} ms, each starting at a record"
        )


if __name__ == "__main__":
    main()
