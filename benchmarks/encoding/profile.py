"""Where repair time goes on the encoding benchmark, beside ftfy in the same run.

    python benchmarks/encoding/profile.py            # all 4,354 pairs
    python benchmarks/encoding/profile.py --rounds 3 # best of three passes per function

The checkout's own `src/`. As `score.py` does, each function gets one warm-up call on the
first pair, then one pass over every pair in file order (lazy tables load inside the pass,
where a user pays for them too); time is CPU time (`time.process_time`), which other jobs on
a shared machine disturb less than wall time. Each round is a fresh process (no cache warm
from an earlier pass over the same texts); with `--rounds N` the best round of each
function counts.

The table gives, per sub-class, jz's CPU milliseconds, the part of them spent guessing lost
bytes (UTF-8 holes: `fill_utf8`; double-byte holes: `_decode_with_holes`) and ftfy's
(`fix_text` with `uncurl_quotes=False, fix_character_width=False`, the row of score.py that
leaves the controls alone).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT.parent / "shared" / "bench" / "encoding"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=BENCH / "pairs.jsonl")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.pairs.exists():
        print(f"profile.py: error: no {args.pairs}. Pass --pairs PATH.", file=sys.stderr)
        return 2
    if args.once:
        print(json.dumps(_one_round(args.pairs)))
        return 0
    rounds = [
        json.loads(
            subprocess.run(
                [sys.executable, __file__, "--once", "--pairs", str(args.pairs)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(args.rounds)
    ]
    best_jz = min(rounds, key=lambda r: sum(r["jz"].values()))
    best_ft = min(rounds, key=lambda r: sum(r["ftfy"].values()))
    _table(args.pairs, best_jz["jz"], best_jz["guessing"], best_ft["ftfy"])
    return 0


def _one_round(path: Path) -> dict[str, dict[str, float]]:
    """One pass of each function over the pairs: CPU seconds per sub-class, and jz's
    seconds spent guessing lost bytes."""
    sys.path.insert(0, str(ROOT / "src"))
    import ftfy

    from jzcli.repair import mojibake, repair_text

    pairs = [json.loads(line) for line in path.open(encoding="utf-8")]
    guessing: defaultdict[str, float] = defaultdict(float)
    current = [""]

    def timed(fn: Any) -> Any:
        def wrapper(*a: Any, **k: Any) -> Any:
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                guessing[current[0]] += time.process_time() - t

        return wrapper

    mojibake.fill_utf8 = timed(mojibake.fill_utf8)  # type: ignore[method-assign]
    mojibake._decode_with_holes = timed(mojibake._decode_with_holes)  # type: ignore[attr-defined]

    def fix(text: str) -> str:
        return str(ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False))

    out: dict[str, dict[str, float]] = {}
    for fn in (repair_text, fix):
        fn(pairs[0]["damaged"])
    for name, fn in (("jz", repair_text), ("ftfy", fix)):
        spent: defaultdict[str, float] = defaultdict(float)
        for p in pairs:
            current[0] = p["sub"]
            t = time.process_time()
            fn(p["damaged"])
            spent[p["sub"]] += time.process_time() - t
        out[name] = dict(spent)
    out["guessing"] = dict(guessing)
    return out


def _table(
    path: Path, jz: dict[str, float], best_guess: dict[str, float], ft: dict[str, float]
) -> None:
    pairs = [json.loads(line) for line in path.open(encoding="utf-8")]
    size = sum(len(p["damaged"].encode("utf-8")) for p in pairs) / 1e6
    print("| sub-class | n | jz CPU ms | of which guessing lost bytes | ftfy CPU ms | jz / ftfy |")
    print("|---|---|---|---|---|---|")
    counts: defaultdict[str, int] = defaultdict(int)
    for p in pairs:
        counts[p["sub"]] += 1
    for sub in sorted(jz, key=lambda s: -jz[s]):
        g = best_guess.get(sub, 0.0)
        ratio = jz[sub] / ft[sub] if ft[sub] else float("inf")
        print(
            f"| {sub} | {counts[sub]} | {jz[sub] * 1000:.1f} | {g * 1000:.1f} "
            f"| {ft[sub] * 1000:.1f} | {ratio:.2f} |"
        )
    tj, tf, tg = sum(jz.values()), sum(ft.values()), sum(best_guess.values())
    print(
        f"| **all** | {len(pairs)} | {tj * 1000:.0f} | {tg * 1000:.0f} ({100 * tg / tj:.0f} %) "
        f"| {tf * 1000:.0f} | {tj / tf:.2f} |"
    )
    print(
        f"\nMB/s (CPU): jz {size / tj:.2f}, ftfy {size / tf:.2f}: "
        f"jz at {tf / tj:.2f}x ftfy's throughput"
    )


if __name__ == "__main__":
    raise SystemExit(main())
