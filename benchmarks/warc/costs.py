"""Where the CPU of `jz warc -j 1` goes, per record: one run, timed by stage.

    python benchmarks/warc/costs.py FILE.warc.gz... [--out DIR] [--trafilatura] [--rounds N]

Runs `jz warc FILES -j 1 --jsonl-shards DIR -q` in this process through the real CLI, with
the stages wrapped to add up their CPU time (time.process_time; nested stages are not
counted twice): reading the records (warcio), the per-article pipeline (`process_pages`),
listing detection (`listing_of`), the stored form of an article made beside the pipeline
(packing it, fingerprinting its paragraphs: in the worker at -j 2), settling each result
in the state store (dedupe by address, rows, fingerprints), and the end of the run
(boilerplate decision, shards, manifest). "the rest" is the event loop, the queue and the
per-record bookkeeping. With --trafilatura, trafilatura's `extract` then runs over the
same records in the same process, timed the same way, for a CPU-per-record ratio on the
same machine and load; --rounds N alternates the two N times (a loaded machine's drift
shows as spread).
"""

from __future__ import annotations

import argparse
import functools
import shutil
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
    from trafilatura_run import extract_all  # beside this script

    start = time.process_time()
    articles, records = extract_all(files)
    return time.process_time() - start, records, articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--out", type=Path, default=Path("/tmp/jz-warc-costs"))
    parser.add_argument("--trafilatura", action="store_true")
    parser.add_argument("--rounds", type=int, default=1, help="jz then trafilatura, N times")
    args = parser.parse_args()

    pages.process_pages = timed("pipeline (process_pages)", pages.process_pages)
    pages.listing_of = timed("listing detection (listing_of)", pages.listing_of)
    # The store's form of an article, made beside the pipeline (in the worker at -j 2+).
    pages.pack_article = timed("packing the article (store form)", pages.pack_article)
    pages.article_fingerprints = timed("paragraph fingerprints", pages.article_fingerprints)
    run.read_records = timed_iter("reading records (warcio)", run.read_records)
    run.WarcRun._settle = timed_async("settling a result (store)", run.WarcRun._settle)
    run.WarcRun._finish = timed("end: boilerplate, shards, manifest", run.WarcRun._finish)

    from jzcli.cli.app import app

    def jz_round(out: Path) -> tuple[float, int, Counter[str]]:
        spent.clear()
        shutil.rmtree(out, ignore_errors=True)
        before = time.process_time()
        cmd = ["warc", *args.files, "-j", "1", "--jsonl-shards", str(out), "-q"]
        try:
            app(cmd, prog_name="jz")
        except SystemExit as exc:
            if exc.code not in (0, None, 5):
                raise
        total = time.process_time() - before
        with (out / "manifest.jsonl").open(encoding="utf-8") as fh:
            n = sum(bool(line.strip()) for line in fh)
        stages = Counter(spent)
        stages["the rest (loop, queue, bookkeeping)"] = total - sum(spent.values())
        return total, n, stages

    ratios = []
    for round_ in range(1, args.rounds + 1):
        total, n, stages = jz_round(args.out)
        print(f"round {round_}: jz warc -j 1: {n} records, {1000 * total / n:.1f} ms CPU a record")
        if round_ == 1:
            print("\n| stage | ms CPU per record | share |")
            print("|---|---|---|")
            for name, took in stages.most_common():
                print(f"| {name} | {1000 * took / n:.2f} | {100 * took / total:.0f} % |")
            print()
        if args.trafilatura:
            took, records, articles = trafilatura_cpu(args.files)
            ratio = (took / records) / (total / n)
            ratios.append(ratio)
            print(
                f"round {round_}: trafilatura extract: {records} records, {articles} articles, "
                f"{1000 * took / records:.1f} ms CPU a record; trafilatura / jz: {ratio:.2f}x",
                flush=True,
            )
    if ratios:
        print(f"\nCPU per record, trafilatura / jz -j 1, by round: {[round(r, 2) for r in ratios]}")


if __name__ == "__main__":
    main()
