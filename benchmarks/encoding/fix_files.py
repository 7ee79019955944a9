"""`jz fix` on the encoding pairs, one file per sub-class (one text a line).

Each sub-class's damaged texts are written to one file and repaired by `jz fix FILE` (the
whole file is one document) and by `jz fix --per-line FILE`; each output line is compared
with its original. Shows what the document-level decision does to a file of unrelated
lines, which is what `--per-line` is for.

    python benchmarks/encoding/fix_files.py            # needs jz on PATH (pip install -e .)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

PAIRS = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "encoding" / "pairs.jsonl"


def main() -> int:
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        groups[record["sub"]].append(record)
    print("| sub-class | n | jz fix FILE: exact % (controls: changed %) | jz fix --per-line FILE |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for sub, records in sorted(groups.items()):
            path = Path(tmp) / f"{sub}.txt"
            # Texts are one paragraph each; a stray line break would shift the lines.
            path.write_text("".join(r["damaged"] + "\n" for r in records), encoding="utf-8")
            cells = []
            for extra in ([], ["--per-line"]):
                run = subprocess.run(
                    ["jz", "fix", *extra, str(path)], capture_output=True, check=True
                )
                out = run.stdout.decode("utf-8").split("\n")[: len(records)]
                if sub.startswith("g"):
                    changed = sum(o != r["original"] for o, r in zip(out, records, strict=True))
                    cells.append(f"changed {100 * changed / len(records):.1f}")
                else:
                    exact = sum(o == r["original"] for o, r in zip(out, records, strict=True))
                    cells.append(f"{100 * exact / len(records):.0f}")
            print(f"| {sub} | {len(records)} | {cells[0]} | {cells[1]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
