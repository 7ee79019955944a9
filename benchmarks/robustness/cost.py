"""Cost of hostile pages: CPU time and peak memory of each stage at 1x, 2x and 4x the size.

    python benchmarks/robustness/cost.py                # every case
    python benchmarks/robustness/cost.py --only NAME    # cases whose name holds NAME
    python benchmarks/robustness/cost.py --base 0.5     # smaller pages (quicker)

Run from the repository root. Each case builds one page at three sizes and runs, in a fresh
forked process per size, the pipeline stage by stage (decode, page repair, extract, repair,
dedupe, then the json/md/txt renderings and the terminal view), measuring each stage's CPU
time (time.process_time) and the process's peak RSS growth (VmHWM). The figures to read are
the ratios 4x / 1x: about 4 for a stage whose cost is linear in the page size, 16 when it is
quadratic. A ratio over 8 on a stage that takes more than 0.05 s at 4x is flagged `!!`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from jzcli.dedupe import dedupe_article  # noqa: E402
from jzcli.errors import JzError  # noqa: E402
from jzcli.export import render_articles  # noqa: E402
from jzcli.extract.html import extract_html  # noqa: E402
from jzcli.models import Page, final_text  # noqa: E402
from jzcli.pipeline import decode_page  # noqa: E402
from jzcli.repair import repair_article  # noqa: E402
from jzcli.repair.page import repair_page_text  # noqa: E402
from jzcli.settings import Settings  # noqa: E402

URL = "https://news.example.cn/2024/05/12/content_1.html"
PARA = "市政府召开常务会议，研究部署经济运行、安全生产和民生保障等重点工作，会议强调要狠抓落实。"


def page(body: str, head: str = "") -> str:
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>市政府召开常务会议</title>{head}"
        f"</head><body><h1>市政府召开常务会议</h1><div class=article>"
        + "".join(f"<p>{PARA}{i}</p>" for i in range(8))
        + f"</div>{body}</body></html>"
    )


def in_article(inner: str) -> str:
    """Hostile content inside the article body itself."""
    return (
        "<!doctype html><html><head><meta charset=utf-8><title>市政府召开常务会议</title></head>"
        f"<body><h1>市政府召开常务会议</h1><div class=article><p>{PARA}</p>{inner}"
        f"<p>{PARA}</p></div></body></html>"
    )


CASES: dict[str, Callable[[int], str]] = {
    "nested div": lambda n: page("<div>" * (n // 5)),
    "nested div closed": lambda n: page("<div>" * (n // 11) + "x" + "</div>" * (n // 11)),
    "nested span in article": lambda n: in_article("<span>" * (n // 6) + PARA),
    "nested b/i alternating": lambda n: in_article("<b><i>" * (n // 6) + PARA),
    "siblings p": lambda n: in_article("<p>x</p>" * (n // 8)),
    "siblings p text": lambda n: in_article(f"<p>{PARA}</p>" * (n // 150)),
    "siblings br": lambda n: in_article(PARA + "<br>" * (n // 4) + PARA),
    "siblings br text": lambda n: in_article(("短句文字<br>") * (n // 16)),
    "siblings td": lambda n: in_article(
        "<table><tr>" + "<td>格</td>" * (n // 12) + "</tr></table>"
    ),
    "rows tr": lambda n: in_article("<table>" + "<tr><td>格</td></tr>" * (n // 20) + "</table>"),
    "one text node latin": lambda n: in_article("<p>" + "a" * n + "</p>"),
    "one text node han": lambda n: in_article("<p>" + "汉" * (n // 3) + "</p>"),
    "one text node digits": lambda n: in_article("<p>" + "2024-05-12 " * (n // 11) + "</p>"),
    "ld+json blocks": lambda n: page(
        "",
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"h",'
        '"datePublished":"2024-05-12","author":{"name":"张三"}}</script>' * (n // 120),
    ),
    "ld+json deep": lambda n: page(
        "", '<script type="application/ld+json">' + "[" * (n // 2) + "]" * (n // 2) + "</script>"
    ),
    "ld+json deep objects": lambda n: page(
        "",
        '<script type="application/ld+json">'
        + '{"a":' * (n // 5)
        + "1"
        + "}" * (n // 5)
        + "</script>",
    ),
    "ld+json graph": lambda n: page(
        "",
        '<script type="application/ld+json">{"@graph":['
        + ",".join('{"@type":"Person","name":"张三"}' for _ in range(n // 32))
        + "]}</script>",
    ),
    "huge title": lambda n: page("").replace(
        "<title>市政府召开常务会议", "<title>" + "标题" * (n // 6)
    ),
    "huge title latin": lambda n: page("").replace(
        "<title>市政府召开常务会议", "<title>" + "ab " * (n // 3)
    ),
    "huge meta": lambda n: page(
        "", '<meta name="description" content="' + "描述" * (n // 6) + '">'
    ),
    "many metas": lambda n: page("", '<meta name="author" content="张三">' * (n // 32)),
    "many meta dates": lambda n: page(
        "", '<meta name="pubdate" content="2024-05-12 10:00">' * (n // 48)
    ),
    "many dates": lambda n: in_article(
        "".join(f"<p>2024-05-{i % 28 + 1:02d} 10:{i % 60:02d}</p>" for i in range(n // 24))
    ),
    "many dates one para": lambda n: in_article(
        "<p>" + "".join(f"2024年5月{i % 28 + 1}日 " for i in range(n // 16)) + "</p>"
    ),
    "date separators": lambda n: in_article("<p>" + "1-" * (n // 2) + "</p>"),
    "digits run": lambda n: in_article("<p>" + "1" * n + "</p>"),
    "digits dots": lambda n: in_article("<p>" + "12." * (n // 3) + "</p>"),
    "many bylines": lambda n: in_article(
        "".join(f"<p>记者 张{i % 50}三 通讯员 李四</p>" for i in range(n // 40))
    ),
    "byline one para": lambda n: in_article("<p>" + "记者 张三 " * (n // 12) + "</p>"),
    "many author links": lambda n: page('<a rel="author" href="/a">张三</a>' * (n // 32)),
    "attr MB": lambda n: in_article(f'<p data-x="{"a" * n}">{PARA}</p>'),
    "attr MB han": lambda n: in_article(f'<p title="{"汉" * (n // 3)}">{PARA}</p>'),
    "img src MB": lambda n: in_article(f'<img src="/{"a" * n}.jpg">'),
    "many imgs": lambda n: in_article('<img src="/a.jpg" alt="图">' * (n // 24)),
    "many links": lambda n: in_article('<a href="/x">链接</a>' * (n // 20)),
    "iframe srcdoc": lambda n: in_article(f'<iframe srcdoc="<p>{PARA}</p>"></iframe>' * (n // 200)),
    "template": lambda n: in_article(f"<template><p>{PARA}</p></template>" * (n // 160)),
    "noscript": lambda n: in_article(f"<noscript><p>{PARA}</p></noscript>" * (n // 160)),
    "run one char": lambda n: in_article("<p>" + "啊" * (n // 3) + "</p>"),
    "run parens": lambda n: in_article("<p>" + "(" * n + "</p>"),
    "run paren pairs": lambda n: in_article("<p>" + "((()))" * (n // 6) + "</p>"),
    "run full parens": lambda n: in_article("<p>" + "（" * (n // 3) + "</p>"),
    "pinyin runs": lambda n: in_article("<p>" + "注(zhù)" * (n // 8) + "</p>"),
    "pinyin latin": lambda n: in_article("<p>" + "a(b)" * (n // 4) + "</p>"),
    "pinyin tones": lambda n: in_article("<p>" + "zhù(zhù)" * (n // 10) + "</p>"),
    "mojibake latin1": lambda n: in_article("<p>" + "ä¸­æ–‡" * (n // 14) + "</p>"),
    "mojibake mixed": lambda n: in_article("<p>" + "Ã©Ã¨â€œ中" * (n // 20) + "</p>"),
    "latin1 letters": lambda n: in_article("<p>" + "Ã" * (n // 2) + "</p>"),
    "entities": lambda n: in_article("<p>" + "&amp;" * (n // 5) + "</p>"),
    "near-duplicate paragraphs": lambda n: in_article(
        "".join(f"<p>{PARA}第{i}条</p>" for i in range(n // 150))
    ),
    "duplicate paragraphs": lambda n: in_article(f"<p>{PARA}</p>" * (n // 150)),
    "near-dup short": lambda n: in_article(
        "".join(f"<p>来源：新华网{i}</p>" for i in range(n // 40))
    ),
    "whitespace run": lambda n: in_article("<p>a" + " " * n + "b</p>"),
    "nbsp run": lambda n: in_article("<p>a" + "&nbsp;" * (n // 6) + "b</p>"),
    "newlines": lambda n: in_article("<pre>" + "行\n" * (n // 4) + "</pre>"),
    "comments": lambda n: in_article("<!-- c -->" * (n // 10)),
    "unclosed comment": lambda n: in_article("<!--" + "a" * n),
    "script body": lambda n: in_article("<script>" + "var a=1;" * (n // 8) + "</script>"),
    "lt run": lambda n: in_article("<p>" + "<" * n + "</p>"),
    "related heading per item": lambda n: in_article(
        f"<h3>相关新闻</h3><p>{PARA}{PARA}</p>" * (n // 300)
    ),
    "short link lists": lambda n: in_article(
        "".join(
            f"<ul><li><a href='/t/{i}'>标签{i % 100}</a></li><li><a href='/u/{i}'>链</a></li></ul>"
            for i in range(n // 80)
        )
    ),
    "undisplayed wrappers": lambda n: (
        "<!doctype html><html><head><meta charset=utf-8><title>t</title></head><body>"
        + "<div style=display:none>" * (n // 60)
        + "<h1>市政府召开常务会议</h1><div class=article>"
        + f"<p>{PARA}</p>" * (n // 300)
        + "</div>"
        + "</div>" * (n // 60)
        + "</body></html>"
    ),
    "nested divs each with a paragraph": lambda n: in_article(
        "<div><p>段落文字。</p>" * (n // 30) + "</div>" * (n // 30)
    ),
    "nested divs each with a paragraph, open": lambda n: page("<div><p>段落文字。</p>" * (n // 30)),
    "nested divs each with a paragraph, no prose": lambda n: (
        "<!doctype html><html><head><meta charset=utf-8><title>t</title></head><body><main>"
        + "<div><p>段落文字。</p>" * (n // 30)
        + "</main></body></html>"
    ),
    "pager links": lambda n: in_article(
        "".join(f'<a href="?page={i}">{i}</a>' for i in range(n // 30))
    ),
}

STAGES = ("decode", "page repair", "extract", "repair", "dedupe", "json", "md", "txt", "view")


def _hwm() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) * 1024
    return 0


def _rss() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) * 1024
    return 0


def measure(html: str, wfd: int) -> None:
    """In a child: run the stages, write 'stage cpu' lines and the peak RSS growth."""
    import io

    from rich.console import Console

    from jzcli.cli.view import article_view

    settings = Settings()
    raw = html.encode("utf-8")
    pg = Page(URL, raw)
    start_rss = _rss()
    out: list[str] = []

    def run(name: str, fn: Callable[[], object]) -> object:
        t = time.process_time()
        try:
            return fn()
        finally:
            out.append(f"{name} {time.process_time() - t:.4f}")

    try:
        text, decision = run("decode", lambda: decode_page(pg))  # type: ignore[misc]
        text, _ = run("page repair", lambda: repair_page_text(text, URL, decision, "keep"))  # type: ignore[misc]
        art = run("extract", lambda: extract_html(text, URL, settings, decision, ""))
        art = run("repair", lambda: repair_article(art, settings))  # type: ignore[arg-type]
        art = run("dedupe", lambda: final_text(dedupe_article(art, settings)))  # type: ignore[arg-type]
        for fmt in ("json", "md", "txt"):
            run(fmt, lambda fmt=fmt: render_articles([art], fmt))  # type: ignore[list-item, misc]
        console = Console(file=io.StringIO(), width=80, soft_wrap=True)
        run("view", lambda: console.print(article_view(art, 80)))  # type: ignore[arg-type]
    except JzError as exc:
        out.append(f"error {int(exc.code)}")
    except Exception as exc:
        out.append(f"crash {type(exc).__name__}")
    out.append(f"peak {_hwm() - start_rss}")
    os.write(wfd, "\n".join(out).encode())


def run_size(html: str) -> dict[str, float]:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            measure(html, w)
        finally:
            os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 65536):
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    result: dict[str, float] = {}
    for line in data.decode().splitlines():
        key, _, value = line.rpartition(" ")
        result[key] = float(value) if key not in ("error", "crash") else 0.0
        if key in ("error", "crash"):
            result[f"{key} {value}"] = 1
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--base", type=float, default=1.0, help="1x size in MB (default 1)")
    args = ap.parse_args()
    base = int(args.base * 1_000_000)
    for name, make in CASES.items():
        if args.only and args.only not in name:
            continue
        rows = []
        for k in (1, 2, 4):
            html = make(base * k)
            rows.append((len(html.encode()), run_size(html)))
        size = rows[0][0] / 1e6
        end = [key for key in rows[-1][1] if key.startswith(("error", "crash"))]
        cells = []
        for stage in (*STAGES, "peak"):
            if stage not in rows[-1][1]:
                continue
            a, c = rows[0][1].get(stage, 0.0), rows[-1][1][stage]
            ratio = c / a if a > 1e-4 else float("nan")
            flag = "!!" if ratio > 8 and (c > 0.05 if stage != "peak" else c > 50e6) else ""
            shown = f"{c / 1e6:.0f}MB" if stage == "peak" else f"{c:.2f}s"
            cells.append(f"{stage} {shown} x{ratio:.1f}{flag}")
        print(f"{name:28s} {size:5.2f}MB {' '.join(end):10s} | " + "; ".join(cells), flush=True)


if __name__ == "__main__":
    main()
