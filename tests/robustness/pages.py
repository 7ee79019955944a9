"""Hostile pages for the robustness tests, built from one ordinary article."""

from __future__ import annotations

import random

PARAGRAPH = "焦作市今天召开城市治理工作会议，会议总结了上半年的工作并部署下半年的任务。"
MORE = (
    "会上，市领导通报了老旧小区改造、背街小巷整治和停车难治理三项重点工作的进展情况。",
    "据介绍，今年以来全市新增公共停车泊位三千多个，改造老旧小区一百二十个，惠及居民两万余户。",
    "会议要求各区各部门压实责任，建立问题清单和责任清单，确保各项任务按时保质完成。",
    "市民代表在会上发言，希望继续加大对社区养老和托育服务设施的投入，方便群众生活。",
)


def article(body: str = "", head: str = "", title: str = "城市治理工作会议召开") -> str:
    """A small Chinese news page; `body` goes before the article text, `head` into <head>."""
    text = "".join(f"<p>{p}</p>" for p in (PARAGRAPH, *MORE))
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body>{body}<div class='article'><h1>{title}</h1>{text}</div></body></html>"
    )


def nested(tag: str, depth: int, closed: bool = False) -> str:
    """`depth` nested `tag` elements around the article text (unclosed unless `closed`)."""
    inner = article()
    start = inner.index("<div class='article'>")
    opening = f"<{tag}>" * depth
    closing = f"</{tag}>" * depth if closed else ""
    return inner[:start] + opening + inner[start:].replace("</body>", closing + "</body>")


_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
    "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各"
    "重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代"
)


def distinct_article(n: int, *, head: str = "", body: str = "") -> tuple[str, list[str]]:
    """Article page number `n` with paragraphs no other number shares, and those paragraphs."""
    rng = random.Random(n)
    paragraphs = ["".join(rng.choice(_CHARS) for _ in range(40 + 7 * k)) + "。" for k in range(4)]
    title = "".join(rng.choice(_CHARS) for _ in range(10))
    html = (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>{body}"
        f"<div class='article'><h1>{title}</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</div></body></html>"
    )
    return html, paragraphs


# Runs jz as `python -m jzcli` does and reports its own peak RSS on stderr when it exits.
MEASURED_JZ = (
    "import atexit, resource, runpy, sys\n"
    "def peak():\n"
    "    # VmHWM: this program's own peak (ru_maxrss also counts the parent's pages at fork)\n"
    "    try:\n"
    "        for line in open('/proc/self/status'):\n"
    "            if line.startswith('VmHWM:'):\n"
    "                return int(line.split()[1])\n"
    "    except OSError:\n"
    "        pass\n"
    "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "atexit.register(lambda: sys.stderr.write(f'\\nmaxrss_kb={peak()}\\n'))\n"
    "sys.argv = ['jz', *sys.argv[1:]]\n"
    "runpy.run_module('jzcli', run_name='__main__')\n"
)
