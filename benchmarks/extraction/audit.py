"""Disagreement audit on unlabelled pages: jz beside trafilatura and readability.

Runs the three extractors on every page of a folder of `*.html.gz` (default: the metadata
benchmark's multilingual htmldate-dev pages, which have no body text gold) and lists the pages
where jz disagrees with BOTH peers: empty or much shorter than both, much longer than both, or
sharing little text with either. Peers' outputs are cached (`--cache`), so a rerun after a change
only runs jz.

    python benchmarks/extraction/audit.py --out /tmp/audit.json            # run and summarise
    python benchmarks/extraction/audit.py --out /tmp/audit.json --show 40  # and list 40 worst
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1].parent / "shared" / "bench"
sys.path.insert(0, str(SHARED / "extraction"))

import score  # noqa: E402  (the benchmark's scorer: tokenizer and 4-gram F1)


def _lang(raw: bytes) -> str:
    m = re.search(rb"<html[^>]*?\blang=[\"']?([A-Za-z]{2,3})", raw[:5000], re.I)
    return m.group(1).decode().lower() if m else "?"


def _tokens(text: str) -> int:
    return len(score.tokenize(text, "cjk-chars"))


def _f1(a: str, b: str) -> float:
    return float(score.page_scores(a, b, "cjk-chars")["f1"]) if (a or b) else 1.0


def classify(jz: str, tr: str, rd: str) -> str:
    """One label for how jz's output stands beside both peers' (``ok`` when they agree enough)."""
    nj, nt, nr = _tokens(jz), _tokens(tr), _tokens(rd)
    floor = min(nt, nr)
    if nj == 0 and floor >= 30:
        return "empty"
    if floor >= 60 and nj < 0.5 * floor:
        return "shorter"
    if nj >= 60 and nj > 2.0 * max(nt, nr) and nj - max(nt, nr) >= 60:
        return "longer"
    if nj >= 30 and max(nt, nr) >= 30 and max(_f1(tr, jz), _f1(rd, jz)) < 0.3:
        return "other-block"
    return "ok"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--pages", default=str(SHARED / "metadata" / "htmldate-dev"))
    ap.add_argument("--out", required=True, help="JSON with every page's three outputs and label")
    ap.add_argument("--cache", default="/tmp/audit_peers.json", help="peers' outputs, reused")
    ap.add_argument("--func", default="jzcli.extract.bench:extract_body_text")
    ap.add_argument("--show", type=int, default=0, help="list this many flagged pages")
    args = ap.parse_args(argv)
    folder = Path(args.pages)
    gt = json.loads((folder / "ground-truth.json").read_text())
    cache_path = Path(args.cache)
    cache = json.loads(cache_path.read_text()) if cache_path.exists() else {}
    fn = score.load_func(args.func)
    rows = []
    for pid, entry in sorted(gt.items()):
        raw = gzip.decompress((folder / entry["file"]).read_bytes())
        url = entry.get("url") or ""
        if pid not in cache:
            cache[pid] = {}
            for name in ("trafilatura", "readability"):
                try:
                    cache[pid][name] = score.PEERS[name][0](raw, url)
                except Exception:  # a peer's crash is an empty output
                    cache[pid][name] = ""
        jz = fn(raw, url)
        tr, rd = cache[pid]["trafilatura"], cache[pid]["readability"]
        rows.append(
            {
                "id": pid,
                "url": url,
                "lang": _lang(raw),
                "jz": jz,
                "trafilatura": tr,
                "readability": rd,
                "n": [_tokens(jz), _tokens(tr), _tokens(rd)],
                "agree": [round(_f1(tr, jz), 3), round(_f1(rd, jz), 3), round(_f1(rd, tr), 3)],
                "label": classify(jz, tr, rd),
            }
        )
    cache_path.write_text(json.dumps(cache, ensure_ascii=False))
    Path(args.out).write_text(json.dumps(rows, ensure_ascii=False, indent=0))
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["label"]] = counts.get(r["label"], 0) + 1
    mean = sum(max(r["agree"][:2]) for r in rows) / len(rows)
    print(
        f"{len(rows)} pages; "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        + f"; mean best agreement with a peer {mean:.3f}"
    )
    flagged = [r for r in rows if r["label"] != "ok"]
    flagged.sort(key=lambda r: max(r["agree"][:2]))
    for r in flagged[: args.show]:
        print(f"{r['label']:12} {r['lang']:3} jz/tr/rd tokens {r['n']}", end=" ")
        print(f"agree {r['agree']} {r['id']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
