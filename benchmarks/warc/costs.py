"""Where the CPU of `jz warc -j 1` goes, per record: one run, timed by stage.

    python benchmarks/warc/costs.py FILE.warc.gz... [--out DIR] [--trafilatura]

Runs `jz warc FILES -j 1 --jsonl-shards DIR -q` in this process through the real CLI, with
the stages wrapped to add up their CPU time (time.process_time; nested stages are not
counted twice): reading the records (warcio), the per-article pipeline (`process_pages`),
listing detection (`listing_of`), settling each result in the state store (dedupe by
address, fingerprints, the stored article), and the end of the run (boilerplate decision,
shards, manifest). "the rest" is the event loop, the queue and the per-record bookkeeping.
With --trafilatura, trafilatura's `extract` then runs over the same records in the same
process, timed the same way, for a CPU-per-record ratio on the same machine and load.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jzcli.warc import pages, run

spent: Counter[str] = Counter()
_stack: list[str] = []


def _enter(name: str) -> float:
    _stack.append(name)
    return time.process_time()


def _leave(start: float) -> None:
    took = time.process_time() - start
    name = _stack.pop()
    spent[name] += took
    if _stack:
        spent[_stack[-1]] -= took  # counted in the inner stage only


def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = _enter(name)
        try:
            return func(*args, **kwargs)
        finally:
            _leave(start)

    return wrapper


def timed_async(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    # Sound at -j 1 only: the stage runs to its end without another task's work in between.
    @functools.wraps(func)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = _enter(name)
        try:
            return await func(*args, **kwargs)
        finally:
            _leave(start)

    return wrapper


def timed_iter(name: str, func: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        records = func(*args, **kwargs)
        while True:
            start = _enter(name)
            try:
                record = next(records)
            except StopIteration:
                return
            finally:
                _leave(start)
            yield record

    return wrapper


def trafilatura_cpu(files: list[str]) -> tuple[float, int, int]:
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    articles = records = 0
    start = time.process_time()
    for path in files:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                records += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                html = record.content_stream().read()
                text = trafilatura.extract(html, url=url, with_metadata=True)
                articles += bool(text and text.strip())
    return time.process_time() - start, records, articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--out", type=Path, default=Path("/tmp/jz-warc-costs"))
    parser.add_argument("--trafilatura", action="store_true")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)

    pages.process_pages = timed("pipeline (process_pages)", pages.process_pages)
    pages.listing_of = timed("listing detection (listing_of)", pages.listing_of)
    run.read_records = timed_iter("reading records (warcio)", run.read_records)
    run.WarcRun._settle = timed_async("settling a result (store)", run.WarcRun._settle)
    run.WarcRun._finish = timed("end: boilerplate, shards, manifest", run.WarcRun._finish)

    from jzcli.cli.app import app

    before = time.process_time()
    cmd = ["warc", *args.files, "-j", "1", "--jsonl-shards", str(args.out), "-q"]
    try:
        app(cmd, prog_name="jz")
    except SystemExit as exc:
        if exc.code not in (0, None, 5):
            raise
    total = time.process_time() - before
    n = 0
    for line in (args.out / "manifest.jsonl").open(encoding="utf-8"):
        n += bool(line.strip())
    spent["the rest (loop, queue, bookkeeping)"] = total - sum(spent.values())
    print(f"jz warc -j 1: {n} records, {1000 * total / n:.1f} ms CPU per record\n")
    print("| stage | ms CPU per record | share |")
    print("|---|---|---|")
    for name, took in spent.most_common():
        print(f"| {name} | {1000 * took / n:.2f} | {100 * took / total:.0f} % |")
    if args.trafilatura:
        took, records, articles = trafilatura_cpu(args.files)
        print(
            f"\ntrafilatura extract: {records} records, {articles} articles, "
            f"{1000 * took / records:.1f} ms CPU per record; "
            f"jz -j 1 / trafilatura CPU per record: {took / records / (total / n):.2f}x"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
