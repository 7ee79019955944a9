"""Date misses by cause, and the oracle of jz, htmldate and trafilatura on the metadata dev sets.

    python benchmarks/metadata/date_oracle.py --peers /tmp/pages.tsv [--limit N] [--dump out.json]

`--peers` is a `score.py --per-page` file from a run with the peers (their outputs are read
from it; htmldate is not rerun). For every dated page it records what `choose_published` was
given (the stated and modified dates, the shown date elements with their labels, the line by
the headline, the URL's date), then sorts each jz miss into one cause:

- tz: jz's day is one off the gold and the date jz gives (or the stated stamp) has a time;
- modified: the gold is the stated modification or a shown date labelled updated (jz gave
  the publication), or jz gave the modification / an updated date where the gold is another;
- chosen-wrong: the gold day was among jz's candidates, another was chosen;
- none-given: jz gave no date though the gold day was among its candidates (kept apart);
- parse: the gold day is written in the page in a common format (ISO, `Month D, YYYY`,
  `D Month YYYY`, `MM/DD/YYYY`, `DD.MM.YYYY`, `YYYY/MM/DD`) but in none of jz's candidates;
- absent: the gold day is nowhere in the page in those formats.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from collections import Counter
from datetime import date as day_type
from pathlib import Path

import jzcli.extract.html as html_mod
from jzcli.extract.bench import extract_metadata

BENCH = Path(__file__).resolve().parents[3] / "shared" / "bench" / "metadata"
_YMD = re.compile(r"((?:19|20)\d\d)[-/.年](\d\d?)[-/.月](\d\d?)")
_MONTHS = [
    *["January", "February", "March", "April", "May", "June"],
    *["July", "August", "September", "October", "November", "December"],
]


def day(s: str) -> str:
    m = _YMD.search(s or "")
    if not m:
        return ""
    y, mo, d = (int(x) for x in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y}-{mo:02d}-{d:02d}"


def forms(gold: str) -> list[str]:
    y, m, d = (int(x) for x in gold.split("-"))
    name = _MONTHS[m - 1]
    return [
        f"{y}-{m:02d}-{d:02d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}/{m}/{d}",
        f"{m:02d}/{d:02d}/{y}",
        f"{m}/{d}/{y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y}",
        f"{name} {d}, {y}",
        f"{name[:3]} {d}, {y}",
        f"{name[:3]}. {d}, {y}",
        f"{d} {name} {y}",
        f"{d} {name[:3]} {y}",
        f"{d}. {name} {y}",
        f"{y}{m:02d}{d:02d}",
    ]


def off_by_one(a: str, b: str) -> bool:
    try:
        return abs((day_type.fromisoformat(a) - day_type.fromisoformat(b)).days) == 1
    except ValueError:
        return False


def peers(path: Path) -> dict[tuple[str, str, str], str]:
    out: dict[tuple[str, str, str], str] = {}
    with path.open(encoding="utf8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            peer = row["extractor"].split()[0]
            out[(row["dataset"], row["id"], peer)] = row.get("date_out", "")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--peers", type=Path, required=True)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--dataset", nargs="*", default=["wcxb-dev", "htmldate-dev"])
    args = ap.parse_args()
    outputs = peers(args.peers)
    calls: list[tuple] = []
    real = html_mod.choose_published

    def spy(*a, **k):  # type: ignore[no-untyped-def]
        calls.append((a, k))
        return real(*a, **k)

    html_mod.choose_published = spy  # type: ignore[assignment]
    dump = []
    for name in args.dataset:
        folder = BENCH / name
        gt = json.loads((folder / "ground-truth.json").read_text("utf8"))
        ids = sorted(gt)[: args.limit] if args.limit else sorted(gt)
        causes: Counter[str] = Counter()
        oracle: Counter[str] = Counter()
        n = nf = 0
        for pid in ids:
            gold = day(gt[pid].get("published") or "")
            if gt[pid].get("published") is None or (gt[pid]["published"].strip() and not gold):
                continue  # not annotated, or not a day: not scored
            n += bool(gold)
            nf += not gold
            raw = gzip.decompress((folder / gt[pid]["file"]).read_bytes())
            calls.clear()
            jz = day(str(extract_metadata(raw, gt[pid].get("url") or "")["published"]))
            a = calls[-1][0] if calls else ("", "", [], "", False, "")
            stated, modified, shown, near, article = a[0], a[1], a[2], a[3], a[4]
            url_date = a[5] if len(a) > 5 else ""
            hd = day(outputs.get((name, pid, "htmldate"), ""))
            tr = day(outputs.get((name, pid, "trafilatura"), ""))
            right = {"jz": jz == gold, "htmldate": hd == gold, "trafilatura": tr == gold}
            if not gold:
                for k, v in (("jz", jz), ("htmldate", hd), ("trafilatura", tr)):
                    oracle[k + " FP"] += bool(v)
                right = {k: True for k in right}
            else:
                for k, v in right.items():
                    oracle[k] += v
                oracle["any"] += any(right.values())
                oracle["jz or htmldate"] += right["jz"] or right["htmldate"]
            cands = {
                "stated": day(stated),
                "modified": day(modified),
                "near_title": day(near),
                "url": day(url_date),
            }
            shown_days = [(day(d), lab) for d, lab in shown]
            cause = ""
            if not right["jz"]:
                text = raw.decode("utf8", "replace")
                every = {v for v in cands.values() if v} | {d for d, _ in shown_days}
                updated = {cands["modified"]} | {d for d, lab in shown_days if lab == "updated"}
                stamp = next(
                    (s for s in (stated, near) if day(s) == jz or (jz and off_by_one(day(s), jz))),
                    "",
                )
                timed = "T" in stamp or re.search(r"\d:\d\d", stamp)
                if (jz and off_by_one(jz, gold) and timed) or (
                    jz
                    and off_by_one(jz, gold)
                    and any(
                        off_by_one(d, gold) and ("T" in s or ":" in s)
                        for s in [stated, near, *[x for x, _ in shown]]
                        if (d := day(s))
                    )
                ):
                    cause = "tz"
                elif gold in updated - {""} or (jz and jz in updated and gold in every):
                    cause = "modified"
                elif gold in every:
                    cause = "chosen-wrong" if jz else "none-given"
                elif any(f in text for f in forms(gold)):
                    cause = "parse"
                else:
                    cause = "absent"
                causes[cause] += 1
            dump.append(
                {
                    "set": name,
                    "id": pid,
                    "url": gt[pid].get("url"),
                    "type": gt[pid].get("page_type"),
                    "gold": gold,
                    "jz": jz,
                    "htmldate": hd,
                    "trafilatura": tr,
                    "cause": cause,
                    "stated": stated,
                    "modified": modified,
                    "shown": shown,
                    "near_title": near,
                    "url_date": url_date,
                    "article": article,
                }
            )
        print(f"{name}: {n} dated pages, {nf} with no date")
        for k in ("jz", "htmldate", "trafilatura", "jz or htmldate", "any"):
            print(f"  right {k:15} {oracle[k]:4d} {100 * oracle[k] / n:5.1f} %")
        for k in ("jz FP", "htmldate FP", "trafilatura FP"):
            print(f"  {k:21} {oracle[k]:4d} {100 * oracle[k] / max(nf, 1):5.1f} %")
        print(
            f"  jz misses {sum(causes.values())}: "
            + ", ".join(f"{c} {k}" for k, c in causes.most_common())
        )
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=1), "utf8")


if __name__ == "__main__":
    sys.exit(main())
