"""The extract stage of two trees, in one process, page by page, with outputs compared.

    git worktree add /tmp/main-tree main      # or `git archive main | tar -x -C /tmp/main-tree`
    python benchmarks/extraction/ab_extract.py /tmp/main-tree --dataset wcxb-dev --rounds 3

Imports the `jzcli` of the other tree (its `src/`) and of this one as two separate sets of
modules. Each page is decoded and page-repaired once (by this tree: those stages are not what
is compared), then each tree's `extract_html` runs on the same text, the two alternating and
the one that goes first swapping every round, timed with the process's CPU time: on a machine
shared with other jobs both meet the same busy moments. The articles of the two trees must be
equal (`Article.to_dict()`, or the same `JzError` class): the count of those that differ is
printed with the first few page ids. `--worst N` lists the N pages where this tree spends the
most time, with the other tree's time beside.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()


# The trees' modules are loaded as ab_stages.py loads them (the same names, a superset).
sys.path.insert(0, str(HERE.parent))
from ab_stages import _load_tree, ab_parser, decoded_pages, load_profile  # noqa: E402


def _extract(tree: dict[str, Any], item: tuple[str, str, Any]) -> tuple[float, Any]:
    """CPU seconds of one extract_html call, and what it gave (a dict, or the error's name)."""
    text, url, decision = item
    start = time.process_time()
    try:
        article = tree["extract"](text, url, tree["settings"], decision)
    except tree["JzError"] as exc:
        return time.process_time() - start, type(exc).__name__
    spent = time.process_time() - start
    return spent, article.to_dict()


def main() -> int:
    parser = ab_parser(__doc__.splitlines()[0], rounds=2)
    parser.add_argument("--worst", type=int, default=0, metavar="N")
    args = parser.parse_args()
    profile = load_profile()
    other = _load_tree(args.other.resolve())
    this = _load_tree(HERE.parents[2])
    print(f"other: {args.other}  this: {HERE.parents[2]}  CPU ms/page, {args.rounds} rounds")
    print("| set | pages | other | this | change | outputs that differ |")
    print("|---|---|---|---|---|---|")
    for name in args.dataset:
        items = decoded_pages(this, profile.load_pages(profile.BENCH / name, args.limit))
        for tree in (other, this):  # warm-up: imports, compiled patterns, tag tables
            _extract(tree, items[0])
        spent = {"a": [0.0] * len(items), "b": [0.0] * len(items)}
        differ: list[int] = []
        for r in range(args.rounds):
            for i, item in enumerate(items):
                order = [("a", other), ("b", this)]
                outputs = {}
                for who, tree in order[:: -1 if (r + i) % 2 else 1]:
                    seconds, outputs[who] = _extract(tree, item)
                    spent[who][i] += seconds
                if r == 0 and outputs["a"] != outputs["b"]:
                    differ.append(i)
        n = len(items)
        a_ms = 1000 * sum(spent["a"]) / n / args.rounds
        b_ms = 1000 * sum(spent["b"]) / n / args.rounds
        change = f"{100 * (b_ms - a_ms) / a_ms:+.1f} %" if a_ms else ""
        print(f"| {name} | {n} | {a_ms:.2f} | {b_ms:.2f} | {change} | {len(differ)} |")
        if differ:
            print(f"<!-- {name}: differ at page indexes {differ[:10]} -->")
        if args.worst:
            worst = sorted(range(n), key=lambda i: -spent["b"][i])[: args.worst]
            for i in worst:
                a, b = (1000 * spent[k][i] / args.rounds for k in "ab")
                page = f"{name} #{i} {items[i][1][:70]} ({len(items[i][0])} chars)"
                print(f"<!-- {page}: {a:.1f} -> {b:.1f} ms -->")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
