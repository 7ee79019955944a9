"""trafilatura's own fetch + extract over a URL list, N threads (the comparison in run.py).

python trafilatura_run.py urls.txt N [any]    # any: do not require every URL to extract
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import trafilatura
from trafilatura.settings import use_config

CONFIG = use_config()
# trafilatura 2.3 refuses loopback addresses by default (SSRF protection); the site is local.
CONFIG.set("DEFAULT", "SSRF_PROTECTION", "off")
# The generated articles are short; keep the minimum below their length so all count.
CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "100")


def one(url: str) -> bool:
    html = trafilatura.fetch_url(url, config=CONFIG)
    return bool(html and trafilatura.extract(html, url=url, config=CONFIG))


def main() -> None:
    urls = Path(sys.argv[1]).read_text("utf-8").split()
    with ThreadPoolExecutor(max_workers=int(sys.argv[2])) as pool:
        ok = sum(pool.map(one, urls))
    print(ok, len(urls))
    if ok != len(urls) and sys.argv[3:] != ["any"]:  # "any": real pages, some without text
        sys.stderr.write(f"trafilatura extracted {ok} of {len(urls)}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
