"""A generated news site for batch tests, served by the real test HTTP server.

Column `local` (UTF-8): listing pages index.html, index_2.html... with 下一页 and dates.
Column `gbk` (GBK bytes): list.php?page=N with numbered page links only, no dates.
Both have navigation and a sidebar linking to the `sports` column, which must never be
fetched, an article repeated across two listing pages, site boilerplate paragraphs and
(in `local`) multi-page articles. Faults are injected per article id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.support.server import LocalServer, Reply, Request

DISCLAIMER = "免责声明：本网转载稿件均注明来源，版权归原作者所有，如有侵权请联系本网删除。"
PROMO = "欢迎关注焦作网官方微信公众号，获取更多本地新闻资讯和便民服务信息。"
TRAILER_EDITOR = "责任编辑：王小明"
BASE_DAY = dt.date(2024, 6, 30)

_WORD_TEXT = (
    "市政府 召开 专题 会议 研究 部署 城市 更新 工作 群众 反映 道路 改造 项目 进展 顺利 "
    "社区 志愿者 开展 活动 学校 组织 学生 参观 博物馆 农业 丰收 产量 增加 企业 投资 "
    "建设 新能源 产业园 交通 部门 提醒 市民 注意 出行 安全 文化 节目 精彩 上演"
)
_WORDS = _WORD_TEXT.split()


def paragraph(seed: int, n: int) -> str:
    """A deterministic, unique-enough Chinese paragraph."""
    h = hashlib.sha256(f"{seed}-{n}".encode()).digest()
    words = [_WORDS[b % len(_WORDS)] for b in h[:14]]
    return f"第{seed}篇第{n}段，" + "".join(words) + "。"


def day_of(i: int) -> dt.date:
    """Article i's publication day: newest first, three articles a day."""
    return BASE_DAY - dt.timedelta(days=i // 3)


@dataclass
class Column:
    name: str
    label: str
    count: int
    per_page: int
    encoding: str
    style: str
    """'index' (index_N.html + 下一页 + dates) or 'query' (list.php?page=N, numbers only)."""


@dataclass
class NewsSite:
    """Registers a whole site's routes on a LocalServer."""

    server: LocalServer
    local_count: int = 240
    gbk_count: int = 60
    per_page: int = 12
    delay: float = 0.0
    multipage_every: int = 25
    promo_every: int = 2
    faults: dict[str, Callable[[Request], Reply | None]] = field(default_factory=dict)
    """Article path -> handler giving a fault reply, or None for the normal page."""
    robots: str | None = None
    etags: bool = True
    versions: dict[str, int] = field(default_factory=dict)
    """Article path -> version; bump to make the article change (new ETag)."""

    def __post_init__(self) -> None:
        self.columns = {
            "local": Column("local", "本地新闻", self.local_count, self.per_page, "utf-8", "index"),
            "gbk": Column("gbk", "综合资讯", self.gbk_count, self.per_page, "gbk", "query"),
        }
        for col in self.columns.values():
            pages = max(1, -(-col.count // col.per_page))
            for n in range(1, pages + 1):
                self.server.route(self.listing_path(col, n), self._listing_handler(col, n))
            for i in range(col.count):
                self.server.route(self.article_path(col, i), self._article_handler(col, i, 1))
                if col.style == "index" and self._multipage(i):
                    self.server.route(
                        self.article_path(col, i, page=2), self._article_handler(col, i, 2)
                    )
        for i in range(5):
            self.server.route(f"/news/sports/2024/t2024_{i}.html", self._sports(i))
        if self.robots is not None:
            self.server.route("/robots.txt", Reply(self.robots.encode(), 200, _text_plain()))

    # -- addresses ---------------------------------------------------------------------

    def listing_path(self, col: Column, n: int) -> str:
        if col.style == "index":
            return f"/news/{col.name}/index.html" if n == 1 else f"/news/{col.name}/index_{n}.html"
        return f"/{col.name}/list.php" if n == 1 else f"/{col.name}/list.php?page={n}"

    def listing_url(self, name: str, n: int = 1) -> str:
        return self.server.url(self.listing_path(self.columns[name], n))

    def article_path(self, col: Column, i: int, page: int = 1) -> str:
        if col.style == "index":
            d = day_of(i).strftime("%Y%m%d")
            tail = "" if page == 1 else f"_{page}"
            return f"/news/{col.name}/{d[:6]}/t{d}_{1000 + i}{tail}.html"
        return f"/{col.name}/show.php?id={5000 + i}"

    def article_url(self, name: str, i: int) -> str:
        return self.server.url(self.article_path(self.columns[name], i))

    def all_article_urls(self, name: str) -> list[str]:
        return [self.article_url(name, i) for i in range(self.columns[name].count)]

    def _multipage(self, i: int) -> bool:
        return self.multipage_every > 0 and i % self.multipage_every == 3

    def title(self, col: Column, i: int) -> str:
        return f"{col.label}第{i}号：城市建设稳步推进民生改善"

    # -- pages -------------------------------------------------------------------------

    def _chrome(self) -> tuple[str, str]:
        nav = (
            '<div class="nav"><a href="/">首页</a> <a href="/news/local/index.html">本地新闻</a> '
            '<a href="/gbk/list.php">综合资讯</a> <a href="/news/sports/index.html">体育</a></div>'
        )
        side = '<div class="sidebar"><h3>体育热点</h3><ul>' + "".join(
            f'<li><a href="/news/sports/2024/t2024_{i}.html">体育新闻第{i}条：主场胜利</a></li>'
            for i in range(5)
        )
        side += "</ul></div>"
        return nav, side

    def _listing_handler(self, col: Column, n: int) -> Callable[[Request], Reply]:
        def handler(_: Request) -> Reply:
            return self._encode(col, self._listing_html(col, n), delay=self.delay)

        return handler

    def _listing_html(self, col: Column, n: int) -> str:
        pages = max(1, -(-col.count // col.per_page))
        start = (n - 1) * col.per_page
        ids = list(range(start, min(col.count, start + col.per_page)))
        if n > 1:
            ids.insert(0, start - 1)  # the previous page's last article, listed again
        items = []
        for i in ids:
            href = self.article_path(col, i)
            title = self.title(col, i)
            when = (
                f' <span class="date">{day_of(i).isoformat()}</span>'
                if col.style == "index"
                else ""
            )
            items.append(f'<li><a href="{href}" title="{title}">{title}</a>{when}</li>')
        pager = ['<div class="pager">']
        for k in range(1, pages + 1):
            pager.append(f'<a href="{self.listing_path(col, k)}">{k}</a>')
        if col.style == "index" and n < pages:
            pager.append(f'<a href="{self.listing_path(col, n + 1)}">下一页</a>')
            pager.append(f'<a href="{self.listing_path(col, pages)}">尾页</a>')
        pager.append("</div>")
        nav, side = self._chrome()
        charset = col.encoding
        return (
            f'<!DOCTYPE html><html><head><meta charset="{charset}">'
            f"<title>{col.label}_焦作网</title></head><body>{nav}"
            f'<div class="main"><h1>{col.label}</h1><ul class="list">{"".join(items)}</ul>'
            f"{''.join(pager)}</div>{side}"
            '<div class="footer">版权所有 焦作网 <a href="/about/contact_1.html">联系我们</a></div>'
            "</body></html>"
        )

    def _article_handler(self, col: Column, i: int, page: int) -> Callable[[Request], Reply]:
        path = self.article_path(col, i, page)

        def handler(req: Request) -> Reply:
            fault = self.faults.get(path)
            if fault is not None and (bad := fault(req)) is not None:
                return bad
            version = self.versions.get(path, 1)
            etag = f'"{i}-{page}-v{version}"'
            if self.etags and req.headers.get("if-none-match") == etag:
                return Reply(b"", 304, {"ETag": etag}, delay=self.delay)
            reply = self._encode(col, self._article_html(col, i, page, version), delay=self.delay)
            if self.etags:
                reply.headers["ETag"] = etag
            return reply

        return handler

    def _article_html(self, col: Column, i: int, page: int, version: int) -> str:
        body = [paragraph(seed(col, i, page), n) for n in range(4)]
        if version > 1:
            body.append(f"更新第{version}版：补充报道内容。")
        if page == 1:
            if i % self.promo_every == 0:
                body.append(PROMO)
            body.append(DISCLAIMER)
        body.append(TRAILER_EDITOR)
        more = ""
        if col.style == "index" and self._multipage(i) and page == 1:
            more = (
                f'<div class="page-nav"><a href="{self.article_path(col, i, 2)}">下一页</a></div>'
            )
        nav, side = self._chrome()
        ps = "".join(f"<p>{p}</p>" for p in body)
        day = day_of(i).isoformat()
        return (
            f'<!DOCTYPE html><html><head><meta charset="{col.encoding}">'
            f"<title>{self.title(col, i)}_焦作网</title>"
            f'<meta name="publishdate" content="{day}"></head><body>{nav}'
            f'<div class="article"><h1>{self.title(col, i)}</h1>'
            f'<div class="info">{day} 08:30 来源：焦作网</div>'
            f'<div class="content">{ps}</div>{more}</div>{side}</body></html>'
        )

    def _sports(self, i: int) -> Reply:
        html = (
            f"<html><head><title>体育{i}</title></head><body><p>体育新闻{i}正文。</p></body></html>"
        )
        return Reply(html.encode(), 200, {"Content-Type": "text/html; charset=utf-8"})

    def _encode(self, col: Column, html: str, *, delay: float = 0.0) -> Reply:
        data = html.encode(col.encoding)
        ctype = "text/html; charset=utf-8" if col.encoding == "utf-8" else "text/html"
        return Reply(data, 200, {"Content-Type": ctype}, delay=delay)


def _text_plain() -> dict[str, str]:
    return {"Content-Type": "text/plain"}


def seed(col: Column, i: int, page: int = 1) -> int:
    """The paragraph seed of page `page` of article i: unique across the site."""
    return (i + (100000 if col.name == "gbk" else 0)) * 10 + page


def marker(site: NewsSite, name: str, i: int, page: int = 1) -> str:
    """A phrase only page `page` of article i of a column contains."""
    return f"第{seed(site.columns[name], i, page)}篇第0段"
