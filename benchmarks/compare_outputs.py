"""Dump or compare what jz outputs on the benchmarks, to prove a speed change kept outputs.

    python benchmarks/compare_outputs.py dump before.json [--limit N] [--metadata]
    python benchmarks/compare_outputs.py diff before.json after.json

`dump` writes, for every pair of ../shared/bench/encoding (repair_text) and every page of the
three extraction dev sets (the whole pipeline, extract_body_text), jz's output text. With
`--metadata` it writes instead, for every page of the metadata benchmark's sets
(../shared/bench/metadata), what extract_metadata gives (as JSON text).
`diff` prints how many outputs differ (with the first few ids) and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
SETS = ("scrapinghub", "zh-cwce", "wcxb-dev")


def _folder_pages(folder: Path, limit: int | None) -> list[tuple[str, bytes, str]]:
    """(key, page bytes, URL) for the first `limit` pages of a benchmark folder's gold."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key in sorted(truth)[:limit]:
        names = [truth[key]["file"]] if truth[key].get("file") else []
        names += [f"html/{key}.html.gz", f"html/{key}.html"]
        page = next(folder / n for n in names if (folder / n).exists())
        raw = page.read_bytes()
        data = gzip.decompress(raw) if page.name.endswith(".gz") else raw
        out.append((key, data, truth[key].get("url", "") or ""))
    return out


def _pages(name: str, limit: int | None) -> list[tuple[str, bytes, str]]:
    return _folder_pages(SHARED / "extraction" / name, limit)


def _metadata_pages(limit: int | None) -> list[tuple[str, bytes, str]]:
    out = []
    for folder in sorted(p for p in (SHARED / "metadata").iterdir() if p.is_dir()):
        if (folder / "ground-truth.json").exists():
            pages = _folder_pages(folder, limit)
            out += [(f"{folder.name}:{key}", data, url) for key, data, url in pages]
    return out


def dump_metadata(path: Path, limit: int | None) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from jzcli.extract.bench import extract_metadata

    result: dict[str, str] = {}
    for key, data, url in _metadata_pages(limit):
        try:
            result[f"meta:{key}"] = json.dumps(extract_metadata(data, url), ensure_ascii=False)
        except Exception as exc:  # a crash is an output too: it must stay the same
            result[f"meta:{key}"] = f"<{type(exc).__name__}>"
    path.write_text(json.dumps(result, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"{len(result)} outputs written to {path}")


def dump(path: Path, limit: int | None) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from jzcli.extract.bench import extract_body_text
    from jzcli.repair import repair_text

    result: dict[str, str] = {}
    with (SHARED / "encoding" / "pairs.jsonl").open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit * 10:
                break
            rec = json.loads(line)
            result[f"enc:{rec['id']}"] = repair_text(rec["damaged"])
    for name in SETS:
        for key, data, url in _pages(name, limit):
            try:
                result[f"{name}:{key}"] = extract_body_text(data, url)
            except Exception as exc:  # a crash is an output too: it must stay the same
                result[f"{name}:{key}"] = f"<{type(exc).__name__}>"
    path.write_text(json.dumps(result, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"{len(result)} outputs written to {path}")


def diff(a: Path, b: Path) -> int:
    before = json.loads(a.read_text(encoding="utf-8"))
    after = json.loads(b.read_text(encoding="utf-8"))
    keys = sorted(set(before) | set(after))
    bad = [k for k in keys if before.get(k) != after.get(k)]
    print(f"{len(keys)} outputs compared, {len(bad)} differ")
    for k in bad[:10]:
        print(f"  {k}")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--limit", type=int)
    d.add_argument("--metadata", action="store_true", help="the metadata benchmark's pages")
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.cmd == "dump":
        (dump_metadata if args.metadata else dump)(args.out, args.limit)
        return 0
    return diff(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
