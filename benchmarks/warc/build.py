"""Write benchmark WARC files from the dev extraction pages, repeated to N records.

    python benchmarks/warc/build.py OUT_DIR --records 5000 [--pages DIR] [--parts 8]

Each page of every dataset under --pages (default ../shared/bench/extraction: scrapinghub,
zh-cwce, wcxb-dev; `<set>/html/<id>.html[.gz]` with `<set>/ground-truth.json` giving the
URL) becomes a `response` record (HTTP 200, text/html, gzip per record) under its real URL;
repeats get `?r=N` so every record is a distinct URL. The records are spread round-robin
over --parts files (part-000.warc.gz ...), one task each for a cluster. The records are
written directly (gzip level 1, no digests; the WARC library is for reading), so building
50,000 records takes seconds, and the same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import uuid
from pathlib import Path

DEFAULT_PAGES = Path(__file__).resolve().parents[3] / "shared" / "bench" / "extraction"


def load_pages(root: Path) -> list[tuple[str, bytes]]:
    """(URL, bytes) of every page: <set>/html/* with <set>/ground-truth.json, else any *.html*."""
    pages: list[tuple[str, bytes]] = []
    sets = sorted(p for p in root.rglob("html") if p.is_dir())
    if not sets:
        for path in sorted(root.rglob("*.htm*")):
            raw = path.read_bytes()
            raw = gzip.decompress(raw) if path.name.endswith(".gz") else raw
            pages.append((f"http://pages.example/{path.name.split('.')[0]}", raw))
        return pages
    for dataset in (s.parent for s in sets):
        truth_file = dataset / "ground-truth.json"
        truth = json.loads(truth_file.read_text("utf-8")) if truth_file.exists() else {}
        for path in sorted((dataset / "html").iterdir()):
            name = path.name.split(".")[0]
            raw = path.read_bytes()
            if path.name.endswith(".gz"):
                raw = gzip.decompress(raw)
            url = (truth.get(name) or {}).get("url") or f"http://{dataset.name}.example/{name}"
            pages.append((url, raw))
    return pages


def build(out: Path, records: int, pages_root: Path, parts: int) -> list[Path]:
    pages = load_pages(pages_root)
    if not pages:
        raise SystemExit(f"no pages under {pages_root}")
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"part-{i:03d}.warc.gz" for i in range(parts)]
    handles = [p.open("wb") for p in paths]
    start = dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc)
    for n in range(records):
        url, body = pages[n % len(pages)]
        rep = n // len(pages)
        if rep:
            url += ("&" if "?" in url else "?") + f"r={rep}"
        handles[n % parts].write(gzip_member(record_bytes(n, url, body, start)))
    for h in handles:
        h.close()
    (out / "RECORDS").write_text(str(records))
    return paths


def record_bytes(n: int, url: str, body: bytes, start: dt.datetime) -> bytes:
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode("ascii")
    )
    block = http + body
    date = (start + dt.timedelta(seconds=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{n} {url}')}>\r\n"
        f"WARC-Date: {date}\r\nWARC-Target-URI: {url}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def gzip_member(data: bytes) -> bytes:
    """One gzip member (mtime 0) per record, as WARC readers expect."""
    return gzip.compress(data, compresslevel=1, mtime=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--parts", type=int, default=8)
    args = parser.parse_args()
    paths = build(args.out, args.records, args.pages, args.parts)
    size = sum(p.stat().st_size for p in paths)
    print(f"{args.records} records in {len(paths)} files, {size / 1e6:.1f} MB, {args.out}")


if __name__ == "__main__":
    main()
