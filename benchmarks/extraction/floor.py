"""The least any pipeline built like jz's must spend on a page, beside trafilatura, per dev set.

    python benchmarks/extraction/floor.py                  # all three sets
    python benchmarks/extraction/floor.py --dataset zh-cwce --limit 30

jz's per-article pipeline is Python over selectolax's lexbor tree (the design card). Whatever
rules it runs, it must at least decide the charset and decode the bytes (`decode_page`), parse
the page (`LexborHTMLParser`), and visit every node once, reading each tag and each text node's
text. This script times exactly that floor, page by page, with trafilatura's `extract` right
after it on the same page (as profile.py and score.py call it), in CPU time, and prints how many
times faster than trafilatura a pipeline that did nothing else would be: no pipeline of this
design can beat that ratio, and one that also extracts, repairs and dedupes stays well under it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def floor_times(html: bytes, url: str) -> tuple[float, float, float]:
    """CPU seconds of decode, parse and one visit of every node (with its text) for one page."""
    from selectolax.lexbor import LexborHTMLParser

    from jzcli.models import Page
    from jzcli.pipeline import decode_page

    clock = time.process_time
    t0 = clock()
    text, _ = decode_page(Page(url, html, kind="html"))
    t1 = clock()
    tree = LexborHTMLParser(text)
    t2 = clock()
    size = 0
    if tree.root is not None:
        for node in tree.root.traverse(include_text=True):
            if node.tag == "-text":
                size += len(node.text_content or "")
    t3 = clock()
    return t1 - t0, t2 - t1, t3 - t2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", nargs="+", default=["scrapinghub", "zh-cwce", "wcxb-dev"])
    parser.add_argument("--limit", type=int, help="first N pages of each set")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(HERE))
    from ab_stages import load_profile  # profile.py as a module (its name hides the stdlib's)

    profile = load_profile()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# {os.cpu_count()} CPUs, load average {load:.2f} at start; CPU time, ms/page")
    print("| set | pages | decode | parse | visit | floor | trafilatura | × trafilatura at best |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in args.dataset:
        folder = Path(name) if Path(name).is_dir() else profile.BENCH / name
        pages = profile.load_pages(folder, args.limit)
        floor_times(*pages[0])  # warm-up: imports, tables
        profile.time_peer(profile.peer_trafilatura, *pages[0])
        sums = [0.0, 0.0, 0.0]
        peer = 0.0
        for html, url in pages:
            for i, value in enumerate(floor_times(html, url)):
                sums[i] += value
            peer += profile.time_peer(profile.peer_trafilatura, html, url)
        n = len(pages)
        floor = sum(sums)
        cells = " | ".join(f"{1000 * s / n:.2f}" for s in sums)
        print(
            f"| {folder.name} | {n} | {cells} | {1000 * floor / n:.2f} | {1000 * peer / n:.1f} "
            f"| {peer / floor:.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
