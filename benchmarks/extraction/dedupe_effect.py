"""Pages where the article dedupe costs F1: each page extracted once, finished with and without
dedupe, both scored against the gold with the benchmark's metric.

    python benchmarks/extraction/dedupe_effect.py                        # the three dev sets
    python benchmarks/extraction/dedupe_effect.py --dataset wcxb-dev --show 30 --json /tmp/dd.json

Prints, per set, how many pages dedupe changes, helps and hurts (and the sum of the F1 it
moves), then the pages it hurts most with what it removed there (removed line <- its source),
so the causes can be read and counted. Lists only; the set's F1 is score.py's to give.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1].parent / "shared" / "bench"
sys.path.insert(0, str(SHARED / "extraction"))

import score  # noqa: E402  (the benchmark's scorer: tokenizer and 4-gram F1)

from jzcli.dedupe.paragraphs import dedupe_paragraphs  # noqa: E402
from jzcli.errors import JzError  # noqa: E402
from jzcli.models import Page  # noqa: E402
from jzcli.pipeline import extract_page, finish_article  # noqa: E402
from jzcli.settings import Settings  # noqa: E402

SETS = ("scrapinghub", "zh-cwce", "wcxb-dev")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--dataset", nargs="+", default=list(SETS))
    ap.add_argument("--show", type=int, default=15, help="list this many hurt pages")
    ap.add_argument("--json", help="write every changed page's two F1s here")
    args = ap.parse_args(argv)
    on = Settings()
    off = replace(on, dedupe=False)
    rows: list[dict[str, object]] = []
    for name in args.dataset:
        data = score.Dataset(score.resolve_dataset(name))
        for pid in data.ids:
            try:
                article = extract_page(Page(data.url(pid), data.page_bytes(pid), kind="html"), on)
                kept = finish_article(article, off).paragraphs
            except JzError:
                continue
            deduped, removed = dedupe_paragraphs(
                kept, on.similarity, on.near_duplicates, accidental_only=True
            )
            if not removed:
                continue
            gold = data.gt[pid]["articleBody"]
            f_on = score.page_scores(gold, "\n".join(deduped), data.tokenizer)["f1"]
            f_off = score.page_scores(gold, "\n".join(kept), data.tokenizer)["f1"]
            rows.append(
                {
                    "set": name,
                    "id": pid,
                    "type": data.gt[pid].get("page_type", ""),
                    "on": f_on,
                    "off": f_off,
                    "removed": [
                        [r.reason, r.text[:70], kept[r.duplicate_of][:70]]
                        for r in removed
                        if r.duplicate_of is not None
                    ],
                }
            )
    for name in args.dataset:
        mine = [r for r in rows if r["set"] == name]
        helps = sum(1 for r in mine if r["on"] > r["off"])  # type: ignore[operator]
        hurts = sum(1 for r in mine if r["on"] < r["off"])  # type: ignore[operator]
        moved = sum(r["on"] - r["off"] for r in mine)  # type: ignore[operator,misc]
        print(f"{name}: dedupe removes lines on {len(mine)} pages; helps {helps}, hurts {hurts}")
        print(f"  (sum of page F1 moved {moved:+.3f})")
    hurt = sorted(
        (r for r in rows if r["on"] < r["off"]),  # type: ignore[operator]
        key=lambda r: r["on"] - r["off"],  # type: ignore[operator]
    )
    for r in hurt[: args.show]:
        print(f"\n{r['set']} {r['id']} {r['type']}  F1 {r['on']:.3f} with, {r['off']:.3f} without")
        for reason, text, source in r["removed"][:4]:  # type: ignore[misc]
            print(f"  {reason}: {text!r}\n      <- {source!r}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
