"""Two trees' stages around extraction, side by side in one process, page by page.

    git worktree add /tmp/main-tree main      # or any checkout of the tree to compare with
    python benchmarks/extraction/ab_stages.py /tmp/main-tree --dataset zh-cwce --rounds 3

Loads the `jzcli` of the other tree (its `src/`) and of this one as two sets of modules in one
process, extracts each page once with each, then times decode, page repair, repair and dedupe
(`profile.py`'s stages but extraction) page by page, the two trees alternating and the one
that goes first swapping every round, with the process's CPU time. On a machine shared with
other jobs both trees meet the same moments, so differences of a few percent show that
separate runs cannot separate from noise. Each page's repaired article is compared too (the
stages must give the same output): the count of differing ones is printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve()
STAGES = ("decode", "page repair", "repair", "dedupe")


def _load_tree(root: Path) -> dict[str, Any]:
    """The pipeline modules of the tree at `root`, imported afresh."""
    for name in [m for m in sys.modules if m == "jzcli" or m.startswith("jzcli.")]:
        del sys.modules[name]
    sys.path.insert(0, str(root / "src"))
    try:
        from jzcli import dedupe, errors, models, pipeline, repair, settings
        from jzcli.extract import html
        from jzcli.repair import page
    finally:
        sys.path.pop(0)
    return {
        "decode": pipeline.decode_page,
        "page repair": page.repair_page_text,
        "add_repairs": page.add_repairs,
        "extract": html.extract_html,
        "repair": repair.repair_article,
        "dedupe": dedupe.dedupe_article,
        "Page": models.Page,
        "settings": settings.Settings(),
        "JzError": errors.JzError,
    }


def _prepare(tree: dict[str, Any], pages: list[tuple[bytes, str]]) -> list[Any]:
    """Per page, the inputs of each stage (None where the page raises a JzError)."""
    s = tree["settings"]
    out: list[Any] = []
    for html, url in pages:
        page = tree["Page"](url, html, kind="html")
        try:
            text, decision = tree["decode"](page)
            repaired, before = tree["page repair"](text, url, decision, s.script)
            article = tree["extract"](repaired, url, s, decision)
            if before:
                article = tree["add_repairs"](article, before)
            article = replace(article, provenance=replace(article.provenance, charset=decision))
            fixed = tree["repair"](article, s)
        except tree["JzError"]:
            out.append(None)
            continue
        out.append((page, text, decision, url, article, fixed))
    return out


def _time(tree: dict[str, Any], item: Any, stage: str) -> float:
    page, text, decision, url, article, fixed = item
    s = tree["settings"]
    start = time.process_time()
    if stage == "decode":
        tree["decode"](page)
    elif stage == "page repair":
        tree["page repair"](text, url, decision, s.script)
    elif stage == "repair":
        tree["repair"](article, s)
    else:
        tree["dedupe"](fixed, s)
    return time.process_time() - start


def decoded_pages(tree: dict[str, Any], pages: list[tuple[bytes, str]]) -> list[tuple[Any, ...]]:
    """(text, URL, charset decision) of each page as `tree` decodes and page-repairs it, the
    input of the extract stage; pages without content or that fail there are left out."""
    items = []
    for html, url in pages:
        page = tree["Page"](url, html, kind="html")
        if not page.content.strip():
            continue
        try:
            text, decision = tree["decode"](page)
            text, _ = tree["page repair"](text, url, decision, tree["settings"].script)
        except tree["JzError"]:
            continue
        items.append((text, url, decision))
    return items


def ab_parser(description: str, rounds: int) -> argparse.ArgumentParser:
    """The command line of every A/B script: the other tree, the sets, a page limit, rounds."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("other", type=Path, help="root of the other tree (holds src/jzcli)")
    parser.add_argument("--dataset", nargs="+", default=["scrapinghub", "zh-cwce", "wcxb-dev"])
    parser.add_argument("--limit", type=int, help="first N pages of each set")
    parser.add_argument("--rounds", type=int, default=rounds)
    return parser


def load_profile() -> ModuleType:
    """profile.py (page loader, trafilatura call) as a module: its name hides the stdlib's."""
    spec = importlib.util.spec_from_file_location("jz_profile", HERE.parent / "profile.py")
    assert spec is not None and spec.loader is not None
    profile: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(profile)
    return profile


def main() -> int:
    args = ab_parser(__doc__.splitlines()[0], rounds=2).parse_args()
    profile = load_profile()
    other = _load_tree(args.other.resolve())
    this = _load_tree(HERE.parents[2])
    print(f"other: {args.other}  this: {HERE.parents[2]}  CPU ms/page, {args.rounds} rounds")
    print("| set | pages | stage | other | this | change |")
    print("|---|---|---|---|---|---|")
    for name in args.dataset:
        pages = profile.load_pages(profile.BENCH / name, args.limit)
        a_items, b_items = _prepare(other, pages), _prepare(this, pages)
        totals = {(who, s): 0.0 for who in "ab" for s in STAGES}
        n = differ = 0
        for a, b in zip(a_items, b_items):
            if a is None or b is None:
                continue
            n += 1
            differ += a[5].to_dict() != b[5].to_dict()
            for r in range(args.rounds):
                for s in STAGES:
                    order = [("a", other, a), ("b", this, b)]
                    for who, tree, item in order[:: -1 if r % 2 else 1]:
                        totals[who, s] += _time(tree, item, s)
        for s in (*STAGES, "all four"):
            keys = STAGES if s == "all four" else (s,)
            a_ms = 1000 * sum(totals["a", k] for k in keys) / n / args.rounds
            b_ms = 1000 * sum(totals["b", k] for k in keys) / n / args.rounds
            change = f"{100 * (b_ms - a_ms) / a_ms:+.0f} %" if a_ms else ""
            print(f"| {name} | {n} | {s} | {a_ms:.2f} | {b_ms:.2f} | {change} |")
        print(f"<!-- {name}: repaired articles that differ: {differ} of {n} -->")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
