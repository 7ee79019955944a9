"""Where the whole per-article pipeline spends its time, stage by stage, on each dev set.

    python benchmarks/extraction/profile.py                       # all three sets
    python benchmarks/extraction/profile.py --dataset zh-cwce --limit 50
    python benchmarks/extraction/profile.py --cprofile 25         # + top 25 functions (cumulative)
    python benchmarks/extraction/profile.py --peer trafilatura     # + trafilatura, page by page

The stages are those of `jzcli.pipeline.process_page` (decode, page repair, extract, repair,
dedupe), called one by one on each page exactly as the pipeline calls them, each timed with
the process's CPU time (`time.process_time`: on a machine shared with other jobs, wall time
counts their time too; `--wall` for perf_counter); page files are read outside the timers.
One warm-up page first (untimed). With `--peer trafilatura`, trafilatura's `extract` (called
as ../shared/bench/extraction/score.py calls it) runs on each page right after jz, timed with
the same clock, so a busy moment of a shared machine slows both alike and the ratio holds.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT.parent / "shared" / "bench" / "extraction"
STAGES = ("decode", "page repair", "extract", "repair", "dedupe")


def load_pages(folder: Path, limit: int | None) -> list[tuple[bytes, str]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key in sorted(truth)[:limit]:
        names = [truth[key]["file"]] if truth[key].get("file") else []
        names += [f"html/{key}.html.gz", f"html/{key}.html"]
        page = next(folder / n for n in names if (folder / n).exists())
        raw = page.read_bytes()
        data = gzip.decompress(raw) if page.name.endswith(".gz") else raw
        out.append((data, truth[key].get("url") or ""))
    return out


CLOCK = time.process_time


def run_page(html: bytes, url: str, times: dict[str, float]) -> None:
    """process_page of one page, stage by stage (same calls, same order as the pipeline)."""
    from jzcli.dedupe import dedupe_article
    from jzcli.errors import JzError
    from jzcli.extract.html import extract_html
    from jzcli.models import Page
    from jzcli.pipeline import decode_page
    from jzcli.repair import repair_article
    from jzcli.repair.page import add_repairs, repair_page_text
    from jzcli.settings import Settings

    settings = Settings()
    page = Page(url, html, kind="html")
    clock = CLOCK
    try:
        t0 = clock()
        if not page.content.strip():
            return
        text, decision = decode_page(page)
        t1 = clock()
        text, before = repair_page_text(text, url, decision, settings.script)
        t2 = clock()
        article = extract_html(text, url, settings, decision)
        if before:
            article = add_repairs(article, before)
        article = replace(article, provenance=replace(article.provenance, charset=decision))
        t3 = clock()
        article = repair_article(article, settings)
        t4 = clock()
        dedupe_article(article, settings)
        t5 = clock()
    except JzError:
        return
    except Exception:  # a bug in a stage: that page counts as an error, the run goes on
        times["errors"] += 1
        return
    for name, a, b in zip(STAGES, (t0, t1, t2, t3, t4), (t1, t2, t3, t4, t5)):
        times[name] += b - a


def peer_trafilatura(html: bytes, url: str) -> str:
    """What score.py's trafilatura row calls."""
    import trafilatura

    return trafilatura.extract(html, url=url or None, include_comments=False) or ""


def time_peer(peer: Any, html: bytes, url: str) -> float:
    start = CLOCK()
    with contextlib.suppress(Exception):  # a peer's crash counts its time, as in score.py
        peer(html, url)
    return CLOCK() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", nargs="+", default=["scrapinghub", "zh-cwce", "wcxb-dev"])
    parser.add_argument("--limit", type=int, help="first N pages of each set")
    parser.add_argument("--cprofile", type=int, metavar="N", help="also print the top N functions")
    parser.add_argument("--wall", action="store_true", help="time with perf_counter (wall)")
    parser.add_argument(
        "--peer", choices=["trafilatura"], help="also time a peer on each page, interleaved"
    )
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.perf_counter if args.wall else time.process_time
    sys.path.insert(0, str(ROOT / "src"))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    clock = "wall time" if args.wall else "CPU time"
    print(f"# {os.cpu_count()} CPUs, load average {load:.2f} at start; {clock}")
    stages = " | ".join(f"{s} ms/page" for s in STAGES)
    peer_cols = f" {args.peer} ms/page | × {args.peer} |" if args.peer else ""
    header = f"| set | pages | {stages} | total ms/page | pages/s | errors |{peer_cols}"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    profiler = None
    if args.cprofile:
        # This file's own name hides the standard library's `profile`, which cProfile uses.
        here = Path(__file__).resolve().parent
        sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
        sys.modules.pop("profile", None)
        import cProfile

        profiler = cProfile.Profile()
    for name in args.dataset:
        folder = Path(name) if Path(name).is_dir() else BENCH / name
        pages = load_pages(folder, args.limit)
        times = dict.fromkeys((*STAGES, "errors"), 0.0)
        run_page(*pages[0], dict.fromkeys((*STAGES, "errors"), 0.0))  # warm-up: imports, tables
        peer = peer_trafilatura if args.peer else None
        peer_time = 0.0
        if peer:
            time_peer(peer, *pages[0])
        if profiler:
            profiler.enable()
        for html, url in pages:
            run_page(html, url, times)
            if peer:
                peer_time += time_peer(peer, html, url)
        if profiler:
            profiler.disable()
        errors = int(times.pop("errors"))
        total = sum(times.values())
        cells = " | ".join(
            f"{1000 * times[s] / len(pages):.1f} ({100 * times[s] / total:.0f} %)" for s in STAGES
        )
        per_page = 1000 * total / len(pages)
        rate = len(pages) / total
        row = f"| {folder.name} | {len(pages)} | {cells} | {per_page:.1f} | {rate:.1f}"
        if peer:
            ratio = peer_time / total if total else float("nan")
            row += f" | {errors} | {1000 * peer_time / len(pages):.1f} | {ratio:.2f}"
            print(f"{row} |")
        else:
            print(f"{row} | {errors} |")
    if profiler:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
