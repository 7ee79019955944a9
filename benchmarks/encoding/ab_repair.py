"""Page repair and repair of two trees, side by side, each call timed as on a page never seen.

    git archive main | tar -x -C /tmp/main-tree    # or any checkout of the tree to compare with
    python benchmarks/encoding/ab_repair.py /tmp/main-tree --dataset zh-cwce --rounds 3

`benchmarks/extraction/ab_stages.py` times each page's stages again and again in a row, so the
repair stage's memos keyed by a whole text (OpenCC conversions, Han counts, readings found,
texts found settled) answer from the call before: it measures the stage on a page it has just
seen. Here the two trees are loaded as ab_stages.py loads them, each page is prepared once
(decoded, page-repaired, extracted by this tree), both trees run every page once untimed (their
tables load), and before every timed call those memos of the tree timed are emptied, so each
call pays what a new page of a batch pays; tables and memos keyed by a character or a word stay
loaded, as they do in a batch. The trees alternate page by page and the one that goes first
swaps every round (CPU time). The repaired pages and articles of the two trees are compared:
the count that differ is printed.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve()
EXTRACTION = HERE.parents[1] / "extraction"
sys.path.insert(0, str(EXTRACTION))
from ab_stages import _load_tree, ab_parser, load_profile  # noqa: E402

STAGES = ("page repair", "repair")
# Memos keyed by a whole text, by the module that holds them, found from `repair_article`'s
# module (`jzcli.repair.text`) through a name it imports from each (a tree lacking one: skipped).
TEXT_MEMOS = {
    "convert": ("_convert",),  # jzcli.repair.script
    "plausibility": ("han_stats",),
    "count_pinyin": ("_reading_spans",),  # jzcli.repair.pinyin
    "": ("_SETTLED",),  # jzcli.repair.text itself
}


def _memos(tree: dict[str, Any]) -> list[Any]:
    """The tree's text-keyed memos (lru_cache functions and dicts). Both trees' modules are
    reached through the functions' globals: `sys.modules` holds the tree loaded last."""
    text = tree["repair"].__globals__
    found = []
    for via, attrs in TEXT_MEMOS.items():
        holder = text.get(via) if via else None
        if via and holder is None:
            continue
        names = (
            vars(holder)
            if isinstance(holder, ModuleType)
            else (holder.__globals__ if holder is not None else text)
        )
        found += [names[a] for a in attrs if a in names]
    return found


def _forget(memos: list[Any]) -> None:
    for memo in memos:
        if hasattr(memo, "cache_clear"):
            memo.cache_clear()
        else:
            memo.clear()


def _prepare(tree: dict[str, Any], pages: list[tuple[bytes, str]]) -> list[Any]:
    s = tree["settings"]
    out: list[Any] = []
    for html, url in pages:
        try:
            text, decision = tree["decode"](tree["Page"](url, html, kind="html"))
            repaired, before = tree["page repair"](text, url, decision, s.script)
            article = tree["extract"](repaired, url, s, decision)
        except tree["JzError"]:
            out.append(None)
            continue
        if before:
            article = tree["add_repairs"](article, before)
        article = replace(article, provenance=replace(article.provenance, charset=decision))
        out.append((text, url, decision, article))
    return out


def _time(tree: dict[str, Any], memos: list[Any], item: Any, stage: str) -> tuple[float, Any]:
    text, url, decision, article = item
    s = tree["settings"]
    _forget(memos)
    start = time.process_time()
    if stage == "page repair":
        result: Any = tree["page repair"](text, url, decision, s.script)
    else:
        result = tree["repair"](article, s)
    spent = time.process_time() - start
    return spent, result if stage == "page repair" else result.to_dict()


def main() -> int:
    args = ab_parser(__doc__.splitlines()[0], rounds=2).parse_args()
    profile = load_profile()
    other = _load_tree(args.other.resolve())
    other_memos = _memos(other)
    this = _load_tree(HERE.parents[2])
    this_memos = _memos(this)
    print(f"other: {args.other}  this: {HERE.parents[2]}  CPU ms/page, {args.rounds} rounds")
    print("| set | pages | stage | other | this | change |")
    print("|---|---|---|---|---|---|")
    for name in args.dataset:
        pages = profile.load_pages(profile.BENCH / name, args.limit)
        items = _prepare(this, pages)  # the same input for both trees
        for tree, memos in ((other, other_memos), (this, this_memos)):
            for item in items:  # untimed: each tree loads its tables and character memos
                if item is not None:
                    for s in STAGES:
                        _time(tree, memos, item, s)
        totals = {(who, s): 0.0 for who in "ab" for s in STAGES}
        n = differ = 0
        for item in items:
            if item is None:
                continue
            n += 1
            for r in range(args.rounds):
                for s in STAGES:
                    order = [("a", other, other_memos), ("b", this, this_memos)]
                    results = {}
                    for who, tree, memos in order[:: -1 if r % 2 else 1]:
                        spent, results[who] = _time(tree, memos, item, s)
                        totals[who, s] += spent
                    differ += r == 0 and results["a"] != results["b"]
        for s in (*STAGES, "both"):
            keys = STAGES if s == "both" else (s,)
            a_ms = 1000 * sum(totals["a", k] for k in keys) / n / args.rounds
            b_ms = 1000 * sum(totals["b", k] for k in keys) / n / args.rounds
            change = f"{100 * (b_ms - a_ms) / a_ms:+.0f} %" if a_ms else ""
            print(f"| {name} | {n} | {s} | {a_ms:.2f} | {b_ms:.2f} | {change} |")
        print(f"<!-- {name}: page repairs and repaired articles that differ: {differ} -->")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
