"""trafilatura's own fetch + extract over a URL list, N threads (the comparison in run.py)."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import trafilatura


def one(url: str) -> bool:
    html = trafilatura.fetch_url(url)
    return bool(html and trafilatura.extract(html, url=url))


def main() -> None:
    urls = Path(sys.argv[1]).read_text("utf-8").split()
    with ThreadPoolExecutor(max_workers=int(sys.argv[2])) as pool:
        ok = sum(pool.map(one, urls))
    print(ok, len(urls))
    if ok != len(urls):
        sys.stderr.write(f"trafilatura extracted {ok} of {len(urls)}\n")


if __name__ == "__main__":
    main()
