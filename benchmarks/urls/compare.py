"""Compare URL normalisers on the forms one article's URL takes (see README.md)."""

from __future__ import annotations

import time

from jzcli.fetch.urls import normalize_url

CANON = "http://www.jzrb.com/html/2024/06/30/content_123.htm"
# Each group: forms that are one article; the last group's forms are distinct articles.
SAME = [
    [
        CANON,
        "HTTP://WWW.JZRB.COM:80/html/2024/06/30/content_123.htm",
        "http://www.jzrb.com/html/2024/06/./30/../30/content_123.htm#comments",
        "http://www.jzrb.com/html/2024/06/30/content_123.htm?utm_source=wechat&utm_medium=share",
        "http://www.jzrb.com/html/2024/06/30/content_123.htm?from=timeline&isappinstalled=0",
    ],
    [
        "https://news.example.cn/a/b.shtml?spm=a2c4g.11186623.0.0&id=7",
        "https://news.example.cn/a/b.shtml?id=7",
        "https://NEWS.example.cn:443/a/%62.shtml?id=7#top",
    ],
    [
        "http://www.jzrb.com/show.php?aid=55&from=singlemessage",
        "http://www.jzrb.com/show.php?aid=55",
        "http://www.jzrb.com/show.php?aid=55&hmsr=baidu&hmpl=x",
    ],
]
DIFFERENT = [
    "http://www.jzrb.com/show.php?aid=55",
    "http://www.jzrb.com/show.php?aid=56",
    "http://www.jzrb.com/show.php?id=55",
    "http://www.jzrb.com/view.php?p=2&id=55",
    "http://www.jzrb.com/view.php?p=3&id=55",
    "http://www.jzrb.com/index.php?m=content&c=index&a=show&catid=9&id=55",
    "http://www.jzrb.com/index.php?m=content&c=index&a=show&catid=9&id=56",
]


def courlan_norm(url: str) -> str:
    from courlan import normalize_url as norm

    return str(norm(url, strict=True))


def url_normalize_norm(url: str) -> str:
    from url_normalize import url_normalize

    return str(url_normalize(url, filter_params=True))


def score(name: str, norm) -> None:  # type: ignore[no-untyped-def]
    merged = sum(1 for group in SAME if len({norm(u) for u in group}) == 1)
    distinct = len({norm(u) for u in DIFFERENT}) == len(DIFFERENT)
    urls = [u for g in SAME for u in g] + DIFFERENT
    start = time.perf_counter()
    for _ in range(200):
        for u in urls:
            norm(u)
    per = (time.perf_counter() - start) / (200 * len(urls)) * 1e6
    print(
        f"{name:14} groups merged {merged}/{len(SAME)}  distinct kept {distinct}  {per:.1f} us/URL"
    )
    for group in SAME:
        outs = sorted({norm(u) for u in group})
        if len(outs) > 1:
            print("   not merged:", outs)
    if not distinct:
        print("   merged distinct:", sorted(norm(u) for u in DIFFERENT))


if __name__ == "__main__":
    score("jz", normalize_url)
    score("courlan", courlan_norm)
    score("url-normalize", url_normalize_norm)
