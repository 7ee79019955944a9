"""Conversion damage undone in a page's text nodes before extraction (repair/page.py)."""

from __future__ import annotations

import pytest

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


def test_one_simplified_caption_leaves_a_traditional_page_as_it_is() -> None:
    # A Traditional news page (a .com host, no language) whose one photo keeps the wire
    # caption's Simplified alt: one image's alt is no sign the page was converted, for the
    # page's text nodes and for the article's fields (the alt is its image's caption).
    html = (
        '<html><head><meta charset="utf-8"><title>習近平會見外賓</title></head><body>'
        '<h1>習近平會見外賓</h1><img src="a.jpg" alt="习近平会见外宾">'
        "<p>國家主席習近平昨日在北京人民大會堂會見來訪的外國元首，雙方就兩國關係交換意見。</p>"
        "<p>會見結束後，雙方出席了合作文件簽署儀式。</p></body></html>"
    )
    url = "https://www.example.com/news/1"
    assert repair_page_text(html, url, None) == (html, {})
    article = process_page(Page(url=url, content=html.encode(), kind="html"), Settings())
    assert article.title == "習近平會見外賓"
    assert article.paragraphs[0].startswith("國家主席習近平昨日")
    assert article.images[0].caption == "习近平会见外宾"
    # The same Simplified in the meta description, which the site writes for the whole
    # page, says the text nodes were converted.
    meta = html.replace("<title>", '<meta name="description" content="习近平会见外宾"><title>')
    out, counts = repair_page_text(meta, url, None)
    assert "<p>国家主席习近平昨日" in out and counts["t2s"] >= 3


def test_simplified_meta_fields_of_a_converted_page_are_evidence() -> None:
    # A proxy converted the text nodes only; the meta description and og:title are as the
    # site wrote them. No word of the lists, no host, language or charset to tell.
    from jzcli.repair.script import convert

    body = "今天天气很好，我们一起去公园散步，看见很多老人在下棋。"
    page = (
        '<html><head><meta charset="utf-8"><meta name="description" content="{d}">'
        '<meta property="og:title" content="{o}"><title>{t}</title></head><body>'
        "<h1>{t}</h1><p>{b}</p></body></html>"
    )
    title = convert("公园散步", "s2tw")
    description = "记者带你看周末的公园"
    damaged = page.format(d=description, o="公园散步见闻", t=title, b=convert(body, "s2tw"))
    url = "https://example.com/a"
    out, counts = repair_page_text(damaged, url, None)
    assert f"<p>{body}</p>" in out and "<h1>公园散步</h1>" in out and counts["t2s"] >= 2
    article = process_page(Page(url=url, content=damaged.encode(), kind="html"), Settings())
    assert article.paragraphs == (body,)
    # Without them the same text stays as it is.
    bare = page.format(d="", o="", t=title, b=convert(body, "s2tw"))
    assert repair_page_text(bare, url, None) == (bare, {})


def test_attributes_copying_two_nodes_in_simplified_are_evidence() -> None:
    # A blog post with no mainland word, no host, language or charset to tell, whose links'
    # title attributes, which a proxy leaves alone, give two of the page's own texts (the
    # post's title, a comment's) whole in Simplified: the same words in both scripts on one
    # page say it was converted.
    from jzcli.repair.script import convert

    title = "很高兴入住博客堂"
    comment = "re: 前几天刚买了你的那本书"
    body = "作为微软技术的知名社区，博客堂是一个做技术交流的好地方，朋友们都来这里。"
    page = (
        '<html><head><meta charset="utf-8"><title>{t}</title></head><body>'
        '<h1>{t}</h1><p>{b}</p><a href="/p/1" title="permalink: {a}">#</a>'
        '<h4>{c}</h4><a href="/p/1#c1" title="permalink: {ac}">#</a></body></html>'
    )
    damaged = page.format(
        t=convert(title, "s2tw"),
        a=title,
        b=convert(body, "s2tw"),
        c=convert(comment, "s2tw"),
        ac=comment,
    )
    out, counts = repair_page_text(damaged, "https://blog.example.com/a", None)
    assert body in out and f"<h1>{title}</h1>" in out and f"<h4>{comment}</h4>" in out
    assert counts["t2s"] >= 3
    # One copy alone is not enough (an asset both editions of a site share may give it).
    one = damaged.replace(f'title="permalink: {comment}"', 'title="permalink: 首页"')
    assert repair_page_text(one, "https://blog.example.com/a", None) == (one, {})


def test_an_attribute_giving_part_of_a_node_is_no_copy() -> None:
    # A Hong Kong page on a .com host whose logo's alt, shared with the site's Simplified
    # edition, gives the first words of its Traditional footer: no copy of a whole text,
    # and the page stays Traditional.
    html = (
        '<html><head><meta charset="utf-8"><title>颱風消息</title></head><body>'
        '<img src="/logo.png" alt="香港电台网站"><h1>颱風消息</h1><article>'
        "<p>天文台表示，颱風將於明日早上最接近本港，市民應做好防風準備。</p>"
        "<p>政府呼籲市民留意最新消息，切勿前往海灘或進行水上活動，以策安全。</p>"
        "</article><footer>香港電台網站版權所有</footer></body></html>"
    )
    assert repair_page_text(html, "https://www.example.com/news/1", None) == (html, {})
    page = Page(url="https://www.example.com/news/1", content=html.encode(), kind="html")
    article = process_page(page, Settings())
    assert article.title == "颱風消息" and "颱風將於明日" in article.paragraphs[0]


def test_a_bilingual_page_s_attributes_are_no_copy() -> None:
    # A school's page whose alt texts are written in both scripts (one of them Traditional):
    # a Simplified alt that the text also says in Traditional is the site's own writing.
    html = (
        '<html><head><meta charset="utf-8"><title>學校活動</title></head><body>'
        '<img src="a.jpg" alt="學校運動會開幕禮"><img src="b.jpg" alt="学生参加运动会">'
        "<h1>學校活動</h1><p>學生參加運動會，家長到場支持，場面熱鬧。</p></body></html>"
    )
    assert repair_page_text(html, "https://www.example.com/news/1", None) == (html, {})
    # Also where two of its Simplified alts each give a whole caption of the page's.
    both = html.replace(
        "<h1>", '<img src="c.jpg" alt="家长到场支持"><p>學生參加運動會</p><p>家長到場支持</p><h1>'
    )
    assert repair_page_text(both, "https://www.example.com/news/1", None) == (both, {})
    # Without the Traditional alt, the same two copies say the page was converted.
    converted = both.replace('alt="學校運動會開幕禮"', 'alt=""')
    assert repair_page_text(converted, "https://www.example.com/news/1", None)[1]["t2s"] > 0


def test_a_space_entity_counts_as_a_space_when_marks_are_restored() -> None:
    # `IP,&nbsp; 但是`: an ASCII comma after a Latin word and before a space is English,
    # on the page as in its article (where the entity is a space).
    html = "<p>會議強(qiáng)調,要抓好落實,就是查IP,&nbsp; 但是沒(méi)有用</p>"
    out, _ = repair_page_text(html, "http://www.example.cn/a", None)
    assert out == "<p>会议强调，要抓好落实，就是查IP,&nbsp; 但是没有用</p>"


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


MIXED_BODY = [
    # The page's own ASCII brackets beside its full-width ones (`(最迟…)`, `（…）`).
    "招收应届毕业硕士生(最迟在录取前能取得硕士学位)，每人每年12000元（不含住宿费）。",
    # Times, thousands, URLs and an English quotation keep their ASCII marks.
    "会议于10:30开始,共有1,000人参加,详见http://www.example.cn/a?b=1网页。",
    "英文原话是“Hello, world!”，意思是欢迎大家来到这里参观。",
    "他说:这件事我真的有点无语...也许吧。路上车多.....慢慢走",
]
MIXED_WIDE = [
    "招收应届毕业硕士生（最迟在录取前能取得硕士学位），每人每年12000元（不含住宿费）。",
    "会议于10:30开始，共有1,000人参加，详见http://www.example.cn/a?b=1网页。",
    "英文原话是“Hello, world!”，意思是欢迎大家来到这里参观。",
    "他说：这件事我真的有点无语…也许吧。路上车多.....慢慢走",
]


def _mixed(body: list[str], lang: str = "zh-CN") -> dict[str, str]:
    return {**CLEAN, "lang": lang, "body": "".join(f"<p>{p}</p>" for p in body)}


def test_ascii_marks_in_an_article_typed_with_full_width_ones_are_restored() -> None:
    clean = _article(_mixed(MIXED_BODY))
    assert list(clean.paragraphs) == MIXED_WIDE  # type: ignore[attr-defined]
    # The same page converted whole, marks flattened: the same article.
    damaged = {
        key: (_damage(value) if key in ("title", "crumb", "info", "body", "footer") else value)
        for key, value in _mixed(MIXED_BODY).items()
    }
    got = _article(damaged)
    assert got.paragraphs == clean.paragraphs  # type: ignore[attr-defined]
    assert got.title == clean.title  # type: ignore[attr-defined]


def test_article_without_full_width_marks_keeps_its_ascii_ones() -> None:
    # A page typed with ASCII marks throughout has no paragraph to say they are slips.
    body = [p.replace("，", ",").replace("（", "(").replace("）", ")") for p in MIXED_BODY]
    fields = {**_mixed(body), "info": "来源:焦作日报 编辑:张三"}
    fields["description"] = fields["description"].replace("，", ",")
    assert list(_article(fields).paragraphs) == body  # type: ignore[attr-defined]


def test_taiwan_article_keeps_its_ascii_marks() -> None:
    body = ["選舉結果顯示(初步統計),執政黨在多數縣市勝出，在野黨表示尊重。"]
    page = Page(
        url="https://news.example.com.tw/a/1",
        content=PAGE.format(**_mixed(body, "zh-TW")).encode("utf-8"),
        kind="html",
    )
    assert process_page(page, Settings()).paragraphs == tuple(body)


def test_flattened_marks_are_no_sign_of_a_taiwan_writer() -> None:
    # s2tw without readings, no host, language or charset to tell: “” quotes are one point
    # for a mainland writer, but not beside ASCII commas a writer typed. A page with no
    # ，？：；！（） left and many ASCII marks beside 。、“” had them flattened, so the
    # quotes count as they would with its marks restored.
    from jzcli.repair.script import convert

    lines = [
        "“你是不知道，每天看着孩子们直着脖子，仰着小脸儿，等你去表扬的那个小眼神。”她笑着说。",
        "她说，每一次排练，孩子们都会早早来到教室，把乐器摆好，等着老师来。",
        "比赛前一天，她又把曲子过了一遍，一个音一个音地抠，直到满意为止。",
        "“音乐让孩子们更自信了，”她说，“这是最让我高兴的事情。”",
        "从那以后，乐团每周排练两次，周二一次，周五一次，风雨无阻，从不间断。",
        "有人问她累不累，她总是摇摇头，笑一笑，又转身回到教室，拿起指挥棒。",
    ]
    # One point more from outside the text: a meta description a proxy leaves in Simplified.
    body = "".join(f"<p>{p}</p>" for p in lines)
    html = (
        '<html><head><meta name="description" content="乐团"><title>{}</title></head>'
        "<body>{}</body></html>"
    )
    wide = html.format(convert("民乐团", "s2tw"), convert(body, "s2tw"))
    out, counts = repair_page_text(wide, "", None)
    assert counts.get("t2s")  # the quotes' point decides the page
    flat = wide.translate(str.maketrans("，？：；！（）", ",?:;!()"))
    out, counts = repair_page_text(flat, "", None)
    assert counts.get("t2s") and counts["punct-width"] >= 20
    assert all(line in out for line in lines)


def test_flattened_marks_alone_do_not_change_a_traditional_page() -> None:
    # Marks that read as flattened are judged restored for the conversion only: a page
    # with no conversion found keeps its marks (an indent NFKC would have flattened too).
    from jzcli.repair.script import convert

    lines = ["\u3000\u3000她說，“好”，我們走，快走，再不走就晚了。"] * 6
    html = "<html><body>{}</body></html>".format("".join(f"<p>{p}</p>" for p in lines))
    flat = convert(html, "s2tw").translate(str.maketrans("，？：；！（）", ",?:;!()"))
    assert repair_page_text(flat, "", None) == (flat, {})


# An article typed with full-width marks whose ASCII marks are no slips: a character the
# encoding lost (`?`), a URL, code, a regular expression, an emoticon.
GENUINE_ASCII = [
    "本书由生活?读书?新知三联书店出版，定价20元。",
    "详见：https://example.com/新闻?id=1，欢迎访问。",
    "调用函数f(x)后，返回的值就是结果。",
    "用正则表达式(?:中文)匹配，只找汉字。",
    "最后发个表情:)，就完成了这件事。",
]


@pytest.mark.parametrize("paragraph", GENUINE_ASCII)
def test_genuine_ascii_marks_in_an_article_typed_with_full_width_ones_stay(paragraph: str) -> None:
    fields = _mixed([paragraph, "会议于10:30开始,共有1,000人参加。"])
    assert list(_article(fields).paragraphs) == [  # type: ignore[attr-defined]
        paragraph,
        "会议于10:30开始，共有1,000人参加。",
    ]


def test_traditional_article_without_a_region_keeps_its_ascii_marks() -> None:
    # No host, language or charset says where the page is from, and its text is
    # Traditional: a Traditional writer's ASCII marks are her habit.
    body = ["他問:真的嗎?我不信!他說，好吧。", "這是一個很長的段落，沒有別的標點問題。"]
    fields = {**_mixed(body, "zh"), "title": "新聞", "crumb": "", "info": "", "footer": ""}
    fields["description"] = "新聞"
    assert list(_article(fields, "https://example.org/a/1").paragraphs) == body  # type: ignore[attr-defined]
