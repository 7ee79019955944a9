"""Precision of the document-level script decision on genuine Traditional text.

    python benchmarks/encoding/genuine_documents.py            # flattened marks (default)
    python benchmarks/encoding/genuine_documents.py --as-written

The per-string controls are single sentences; a rule that weighs a whole document (many
marks, many texts) is never tested by them. This script builds documents from the genuine
Traditional texts of the encoding pairs (the g2 and g4 Traditional controls and the d1
originals, Big5 news that repair must also leave in Traditional): 5, 10 or 20 texts each, in
ten random orders (seeds 0-9), with ，？：；！（） flattened to ASCII as an NFKC pipeline leaves
them (or `--as-written`), and runs `repair_document` on each with no page around it. Every
document converted to Simplified is a false repair: the figure should be 0.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAIRS = ROOT.parent / "shared" / "bench" / "encoding" / "pairs.jsonl"
GENUINE = ("g2_clean_zh_hant", "g4_pinyin_zh_hant", "d1_big5_as_gbk")
FLATTEN = str.maketrans("，？：；！（）", ",?:;!()")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--as-written", action="store_true", help="keep the marks as written")
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from jzcli.repair import repair_document

    with args.pairs.open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    texts = [r["original"] for r in records if r["sub"] in GENUINE]
    documents = converted = 0
    for size in (5, 10, 20):
        for seed in range(10):
            order = texts[:]
            random.Random(seed).shuffle(order)
            for start in range(0, len(order) - size + 1, size):
                doc = order[start : start + size]
                if not args.as_written:
                    doc = [t.translate(FLATTEN) for t in doc]
                _, counts = repair_document(doc)
                documents += 1
                if counts.get("t2s"):
                    converted += 1
                    print(f"converted: {size} texts, seed {seed}, from {start}", file=sys.stderr)
    print(f"{len(texts)} genuine Traditional texts, {documents} documents, {converted} converted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
