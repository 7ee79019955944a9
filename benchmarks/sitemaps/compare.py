"""Parse one generated Google News sitemap with jz and with ultimate-sitemap-parser.

python benchmarks/sitemaps/compare.py [N]
"""

from __future__ import annotations

import sys
import time
import tracemalloc

from jzcli.batch.sources import parse_sitemap


def news_sitemap(n: int) -> bytes:
    urls = "".join(
        f"<url><loc>http://www.jzrb.com/html/2024/06/{i % 28 + 1:02d}/content_{i}.htm</loc>"
        "<news:news><news:publication><news:name>焦作日报</news:name>"
        "<news:language>zh</news:language></news:publication>"
        f"<news:publication_date>2024-06-{i % 28 + 1:02d}T08:30:00+08:00</news:publication_date>"
        f"<news:title>焦作新闻第{i}条：城市更新稳步推进</news:title></news:news></url>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}</urlset>"
    ).encode()


def measure(name: str, run) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    found = run()
    took = time.perf_counter() - start
    tracemalloc.start()  # a second run for memory: tracing slows Python code down
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{name:28} {found} entries with a title and date  {took:.2f} s  peak {peak >> 20} MiB")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    data = news_sitemap(n)
    print(f"{n} URLs, {len(data) >> 20} MiB")

    def jz() -> int:
        src = parse_sitemap(data, "http://www.jzrb.com/sitemap.xml")
        return sum(1 for e in src.entries if e.title and e.published)

    def usp() -> int:
        from usp.fetch_parse import SitemapStrParser

        tree = SitemapStrParser(data.decode("utf-8")).sitemap()
        return sum(
            1
            for p in tree.all_pages()
            if p.news_story and p.news_story.title and p.news_story.publish_date
        )

    measure("jz (iterparse)", jz)
    measure("ultimate-sitemap-parser 1.8", usp)


if __name__ == "__main__":
    main()
