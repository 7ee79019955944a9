"""The metadata reading of two trees (`read_head`), in one process, page by page, compared.

    git archive main | tar -x -C /tmp/main-tree      # or any checkout of the tree to compare
    python benchmarks/extraction/ab_head.py /tmp/main-tree --rounds 5

Loads the `jzcli` of the other tree and of this one as two sets of modules (as ab_stages.py
does). Each page is decoded, page-repaired and parsed once (by this tree); then each tree's
`read_head` reads the same parsed tree (it only queries it), the two alternating and the one
that goes first swapping every round, timed with the process's CPU time. The two results must
be equal (`HeadMetadata`, with a date shown twice in a row counted once: `choose_published`
reads only the first date of a kind and the set of days); the count of pages where they differ
is printed with the first few page indexes.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()

sys.path.insert(0, str(HERE.parent))
from ab_stages import _load_tree, ab_parser, decoded_pages, load_profile  # noqa: E402


def _load_reader(root: Path) -> Any:
    """The tree's `read_head` (its modules are in sys.modules right after `_load_tree`)."""
    _load_tree(root)
    return sys.modules["jzcli.extract.metadata"].read_head


def _comparable(head: Any) -> dict[str, Any]:
    fields = dataclasses.asdict(head)
    shown = fields["shown_dates"]
    fields["shown_dates"] = [d for i, d in enumerate(shown) if not i or d != shown[i - 1]]
    return fields


def main() -> int:
    args = ab_parser(__doc__.splitlines()[0], rounds=3).parse_args()
    profile = load_profile()
    readers = {"a": _load_reader(args.other.resolve()), "b": _load_reader(HERE.parents[2])}
    this = _load_tree(HERE.parents[2])
    parse = sys.modules["jzcli.extract.tree"].parse
    print(f"other: {args.other}  this: {HERE.parents[2]}  read_head CPU ms/page, {args.rounds}x")
    print("| set | pages | other | this | change | results that differ |")
    print("|---|---|---|---|---|---|")
    for name in args.dataset:
        pages = profile.load_pages(profile.BENCH / name, args.limit)
        items = [(parse(text), url) for text, url, _ in decoded_pages(this, pages)]
        for reader in readers.values():  # warm-up: imports, compiled patterns
            reader(*items[0])
        spent = {"a": 0.0, "b": 0.0}
        differ: list[int] = []
        for r in range(args.rounds):
            for i, (tree, url) in enumerate(items):
                results = {}
                for who in "ab" if (r + i) % 2 else "ba":
                    start = time.process_time()
                    results[who] = readers[who](tree, url)
                    spent[who] += time.process_time() - start
                if r == 0 and _comparable(results["a"]) != _comparable(results["b"]):
                    differ.append(i)
        n = len(items) * args.rounds
        a_ms, b_ms = (1000 * spent[k] / n for k in "ab")
        change = f"{100 * (b_ms - a_ms) / a_ms:+.1f} %" if a_ms else ""
        print(f"| {name} | {len(items)} | {a_ms:.2f} | {b_ms:.2f} | {change} | {len(differ)} |")
        if differ:
            print(f"<!-- {name}: differ at page indexes {differ[:10]} -->")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
