"""Conversion damage undone in a page's text nodes before extraction (repair/page.py)."""

from __future__ import annotations

from jzcli.models import Page
from jzcli.pipeline import process_page
from jzcli.repair.page import repair_page_text
from jzcli.settings import Settings

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="description" content="{description}">
<title>{title}</title></head><body>
<div class="crumb">{crumb}</div>
<h1>{title}</h1>
<div class="info">{info}</div>
<div class="content">{body}</div>
<div class="footer">{footer}</div>
</body></html>"""

CLEAN = {
    "lang": "zh-CN",
    "description": "焦作市城市管理局开展城管进社区活动，受到居民欢迎。",
    "title": "城管进社区 服务零距离",
    "crumb": "当前位置：焦作网 &gt; 新闻中心 &gt; 本地新闻",
    "info": "来源：焦作日报　编辑：张三",
    "body": "".join(
        f"<p>{p}</p>"
        for p in [
            "6月16日上午，焦作市城市管理局在解放区开展城管进社区活动，为居民解答问题。",
            "活动现场，执法人员向居民发放宣传资料，讲解市容环境卫生管理的有关规定。",
            "居民们纷纷表示，这样的活动拉近了城管与群众的距离，希望以后多多举办。",
        ]
    ),
    "footer": "焦作网版权所有",
}


def _damage(text: str) -> str:
    """OpenCC s2tw, a reading after every converted 区/闻/动/这/网/务 (the converter's
    fixed set), full-width marks flattened."""
    from jzcli.repair.script import convert

    readings = {"區": "qū", "聞": "wén", "動": "dòng", "這": "zhè", "網": "wǎng", "務": "wù"}
    flat = text.translate(str.maketrans("，？：；！（）", ",?:;!()"))
    out = convert(flat, "s2tw")
    return "".join(
        c + (f"({readings[c]})" if c in readings and c != o else "") for c, o in zip(out, flat)
    )


DAMAGED = {
    key: (_damage(value) if key in ("title", "crumb", "info", "body", "footer") else value)
    for key, value in CLEAN.items()
}


def _article(fields: dict[str, str], url: str = "http://www.jzrb.com/a/1.html") -> object:
    page = Page(url=url, content=PAGE.format(**fields).encode("utf-8"), kind="html")
    return process_page(page, Settings())


def test_damaged_page_extracts_like_the_undamaged_one() -> None:
    clean = _article(CLEAN)
    damaged = _article(DAMAGED)
    assert damaged.title == clean.title  # type: ignore[attr-defined]
    # No 來源/編輯 line left in the body, every paragraph back as the page wrote it.
    assert damaged.paragraphs == clean.paragraphs  # type: ignore[attr-defined]
    assert damaged.provenance.repairs["pinyin"] > 10  # type: ignore[attr-defined]


def test_genuine_traditional_page_unchanged() -> None:
    html = PAGE.format(
        lang="zh-TW",
        description="立法會選舉九月舉行。",
        title="立法會選舉九月舉行",
        crumb="首頁 &gt; 新聞",
        info="記者 王小明",
        body="<p>立法會選舉九月舉行，民主派下月將舉行初選，我市的做法值得參考。</p>"
        "<p>這是網(wǎng)民常用的說法。</p>",
        footer="版權所有",
    )
    out, counts = repair_page_text(html, "https://news.example.com.tw/a", None)
    assert out == html and not counts


def test_entities_survive_mark_restoring() -> None:
    html = "<p>新聞(wén)中心&nbsp;首頁(yè),你好&amp;再見(jiàn)!</p>"
    out, counts = repair_page_text(html, "http://x.cn/a", None)
    assert out == "<p>新闻中心&nbsp;首页，你好&amp;再见！</p>"
    assert counts["pinyin"] == 3


def test_untouched_attributes_are_evidence() -> None:
    # No reading, no word of the lists, no host or charset to tell: the title and alt
    # attributes a proxy leaves as they were are Simplified, so the text was converted.
    from jzcli.repair.script import convert

    body = "今天天气很好，我们一起去公园散步，看见很多老人在下棋。"
    page = (
        '<html><head><meta charset="utf-8"><title>{t}</title></head><body>'
        '<img src="a.jpg" alt="记者拍摄的公园照片"><p title="{a}">{b}</p></body></html>'
    )
    damaged = page.format(t=convert("公园散步", "s2tw"), a="周末游园", b=convert(body, "s2tw"))
    out, counts = repair_page_text(damaged, "https://example.com/a", None)
    assert body in out and counts["t2s"] >= 1
    # Without them the same text stays as it is: a Taiwan writer could have typed it.
    bare = damaged.replace('alt="记者拍摄的公园照片"', "").replace(' title="周末游园"', "")
    assert repair_page_text(bare, "https://example.com/a", None) == (bare, {})


def test_flattened_mark_at_a_node_edge_judged_by_its_neighbour() -> None:
    html = (
        "<p>會議強(qiáng)調,要抓好落實。(詳(xiáng)情請點擊鏈接:</p>"
        '<p><a href="/x">新聞(wén)</a></p><p>)</p>'
    )
    out, counts = repair_page_text(html, "http://www.example.cn/a", None)
    assert counts["punct-width"] == 4
    assert out == (
        '<p>会议强调，要抓好落实。（详情请点击链接：</p><p><a href="/x">新闻</a></p><p>）</p>'
    )


def test_declared_taiwan_language_reaches_the_article_repair() -> None:
    # A .com host says nothing; `lang="zh-TW"` does, for the article's own repair too:
    # mainland words and a paragraph of ASCII commas beside full-width ones stay as written.
    html = PAGE.format(
        lang="zh-TW",
        description="",
        title="縣市長選舉結果出爐",
        crumb="首頁 &gt; 政治",
        info="記者 王小明",
        body="<p>我市紮實推進鄉村振興工作，全市幹部群眾積極參與，“成效顯著”。</p>"
        "<p>選舉結果顯示,執政黨在多數縣市勝出,在野黨表示尊重。</p>",
        footer="版權所有",
    )
    page = Page(url="https://news.example.com/a/1", content=html.encode("utf-8"), kind="html")
    repaired = process_page(page, Settings())
    plain = process_page(page, Settings(repair=False))
    assert repaired.language == "zh-TW"
    assert repaired.paragraphs == plain.paragraphs
    assert "選舉結果顯示,執政黨在多數縣市勝出,在野黨表示尊重。" in repaired.paragraphs


def test_mainland_language_decides_a_plain_conversion() -> None:
    # s2tw without readings, nothing in the text to tell, on a .com host: `zh-Hans` or
    # `zh-CN` says the page is a mainland one; `zh-TW` says the opposite.
    from jzcli.repair.script import convert

    body = "今天天气很好，我们一起去公园散步，看见很多老人在下棋。"
    html = '<html lang="{}"><head><title>散步</title></head><body><p>{}</p></body></html>'
    for lang in ("zh-Hans", "zh-CN", "zh-cn"):
        damaged = html.format(lang, convert(body, "s2tw"))
        out, counts = repair_page_text(damaged, "https://example.com/a", None)
        assert body in out and counts["t2s"] == 1
    damaged = html.format("zh-TW", convert(body, "s2tw"))
    assert repair_page_text(damaged, "https://example.com/a", None) == (damaged, {})
