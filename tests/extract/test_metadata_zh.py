"""Chinese credits, datelines, labels, breadcrumbs and titles on pages written for each case:
Simplified, Traditional and (for labels, breadcrumbs and titles) damaged by a converting proxy
that left each converted character's reading after it (`當(dāng)前位置`)."""

from __future__ import annotations

import pytest

from jzcli.extract.byline import dateline_credits, parse_credits
from jzcli.extract.dates import parse_relative_date, reference_time
from jzcli.extract.html import extract_html
from jzcli.models import Article, Page
from jzcli.pipeline import join_pages, process_page
from jzcli.settings import Settings

NO_RULES = Settings(use_rules=False)
BODY_ZH = "".join(
    f"<p>第{i}段：城市治理要俯下身子听民声，把群众的意见建议落实到每一项具体工作中去。</p>"
    for i in range(1, 6)
)
BODY_HANT = "".join(
    f"<p>第{i}段：城市治理要俯下身子聽民聲，把群眾的意見建議落實到每一項具體工作中去。</p>"
    for i in range(1, 6)
)


def page(head: str, before: str, body: str, after: str = "") -> Article:
    html = (
        f"<html><head><meta charset='utf-8'>{head}</head><body>{before}"
        f"<div class='article'>{body}</div>{after}</body></html>"
    )
    return extract_html(html, "http://news.example.cn/a/1.html", NO_RULES, None)


def names(article: Article, role: str | None = None) -> list[str]:
    return [a.normalized for a in article.authors if role is None or a.role == role]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("责任编辑：史建磊_NBJ11331", "史建磊"),
        ("責任編輯：史建磊_NBJ11331", "史建磊"),
        ("编辑：韩保林 PK155", "韩保林"),
        ("編輯：韓保林 PK155", "韓保林"),
    ],
)
def test_editor_code_is_not_part_of_the_name(line: str, name: str) -> None:
    assert [a.normalized for a in parse_credits(line).authors] == [name]


@pytest.mark.parametrize(
    ("line", "reporter"),
    [
        ("记者 王小明 北京报道", "王小明"),
        ("記者 王小明 北京報道", "王小明"),
        ("記者林宸誼／即時報導", "林宸誼"),
        ("记者林宸谊／即时报导", "林宸谊"),
    ],
)
def test_dateline_place_is_not_a_reporter(line: str, reporter: str) -> None:
    credits = parse_credits(line)
    assert [(a.normalized, a.role) for a in credits.authors] == [(reporter, "reporter")]


@pytest.mark.parametrize(
    ("body", "reporters"),
    [
        (
            "<p>新华社北京5月1日电（记者 张三、李四）记者从有关部门获悉，"
            "今年一季度全国经济运行稳中有进。</p>",
            ["张三", "李四"],
        ),
        (
            "<p>新華社北京5月1日電（記者 張三、李四）記者從有關部門獲悉，"
            "今年一季度全國經濟運行穩中有進。</p>",
            ["張三", "李四"],
        ),
        (
            "<p>新华社北京五月一日电（记者 张三）记者从有关部门获悉，"
            "今年一季度全国经济运行稳中有进。</p>",
            ["张三"],
        ),
    ],
)
def test_wire_dateline_in_the_first_paragraph_credits_its_reporters(
    body: str, reporters: list[str]
) -> None:
    article = page("<title>一季度经济运行稳中有进_某某网</title>", "", body + BODY_ZH)
    assert names(article, "reporter") == reporters
    assert article.paragraphs[0].startswith("新") and "记者" in article.paragraphs[0].replace(
        "記", "记"
    )  # the paragraph stays body text


def test_dateline_credits_need_a_label() -> None:
    assert not dateline_credits("新华社北京5月1日电（张三）记者获悉。").authors


@pytest.mark.parametrize(
    ("body", "tail", "editor"),
    [
        (BODY_ZH, "<p>（责任编辑：张三）</p><p>原标题：俯下身子听民声</p>", "张三"),
        (BODY_HANT, "<p>（責任編輯：張三）</p><p>原標題：俯下身子聽民聲</p>", "張三"),
        (
            BODY_HANT,
            "<p>（責(zé)任編(biān)輯(jí)：張三）</p><p>原標(biāo)題(tí)：聽民聲</p>",
            "張三",
        ),
    ],
)
def test_editor_before_the_original_title_line(body: str, tail: str, editor: str) -> None:
    article = page("<title>城市治理要俯下身子听民声_某某网</title>", "", body + tail)
    assert names(article, "editor") == [editor]
    assert not any("原" in p and "题" in p.replace("題", "题") for p in article.paragraphs)


@pytest.mark.parametrize(
    ("line", "source"),
    [("来源：新京报举报", "新京报"), ("來源：新京報 舉報", "新京報")],
)
def test_source_without_link_text(line: str, source: str) -> None:
    assert parse_credits(line).source == source


@pytest.mark.parametrize(
    ("crumb", "site", "column"),
    [
        ("您现在的位置: 焦作网 > 时评 > 正文", "焦作网", "时评"),
        ("您現在的位置: 焦作網 > 時評 > 正文", "焦作網", "時評"),
        ("當前位置：首頁 > 新聞 > 本地 > 內容", "", "本地"),
        ("當(dāng)前位置：焦作網(wǎng) > 時(shí)評(píng) > 正文", "焦作網", "時評"),
    ],
)
def test_breadcrumb_labels_in_every_script(crumb: str, site: str, column: str) -> None:
    article = page("<title>城市治理要俯下身子听民声</title>", f"<div>{crumb}</div>", BODY_ZH)
    assert article.column == column
    if site:
        assert article.site_name == site


@pytest.mark.parametrize(
    ("title", "headline", "site"),
    [
        ("城市治理要俯下身子听民声_怀川时评_焦作网", "城市治理要俯下身子听民声", "焦作网"),
        ("城市治理要俯下身子聽民聲_懷川時評_焦作網", "城市治理要俯下身子聽民聲", "焦作網"),
        (
            "城市治理要俯下身子聽(tīng)民聲(shēng)_懷(huái)川時(shí)評(píng)_焦作網(wǎng)",
            "城市治理要俯下身子聽民聲",
            "焦作網",
        ),
    ],
)
def test_title_and_site_from_the_title_tag_in_every_script(
    title: str, headline: str, site: str
) -> None:
    article = page(f"<title>{title}</title>", "", BODY_ZH)
    assert article.title == headline
    assert article.site_name == site


@pytest.mark.parametrize(
    ("title", "og_title", "headline"),
    [
        ("人民网", "国务院召开常务会议部署稳经济措施", "国务院召开常务会议部署稳经济措施"),
        ("人民網", "國務院召開常務會議部署穩經濟措施", "國務院召開常務會議部署穩經濟措施"),
        (
            "人民網(wǎng)",
            "國(guó)務(wù)院召開(kāi)常務(wù)會(huì)議(yì)部署穩(wěn)經(jīng)濟(jì)措施",
            "國務院召開常務會議部署穩經濟措施",
        ),
    ],
)
def test_og_title_is_the_headline_when_the_title_is_the_site_name_in_every_script(
    title: str, og_title: str, headline: str
) -> None:
    head = f"<title>{title}</title><meta property='og:title' content='{og_title}'>"
    assert page(head, "", BODY_ZH).title == headline
    logo = "<h1><a href='/'><img src='/logo.png' alt='人民网'></a></h1>"  # a logo <h1>
    assert page(head, logo, BODY_ZH).title == headline


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("NBA总决赛勇士夺冠_NBA_新浪体育", "NBA总决赛勇士夺冠"),
        ("NBA總決賽勇士奪冠_NBA_新浪體育", "NBA總決賽勇士奪冠"),
        ("NBA總(zǒng)決(jué)賽(sài)勇士奪(duó)冠_NBA_新浪體(tǐ)育", "NBA總決賽勇士奪冠"),
    ],
)
def test_a_headline_naming_the_host_is_not_the_site_in_every_script(
    title: str, headline: str
) -> None:
    html = (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<div class='article'>{BODY_ZH}</div></body></html>"
    )
    article = extract_html(html, "https://nba.sports.example.cn/2024/a1.html", NO_RULES, None)
    assert article.title == headline


@pytest.mark.parametrize(
    ("first", "last", "editor"),
    [
        (BODY_ZH, "<p>（责任编辑：张三）</p>", "张三"),
        (BODY_HANT, "<p>（責任編輯：張三）</p>", "張三"),
    ],
)
def test_credits_on_a_continuation_page_are_kept(first: str, last: str, editor: str) -> None:
    one = page("<title>城市治理要俯下身子听民声_某某网</title>", "", first)
    two = page("<title>城市治理要俯下身子听民声_某某网</title>", "", first + last)
    joined = join_pages([one, two])
    assert names(joined, "editor") == [editor]
    assert len(joined.paragraphs) == len(one.paragraphs) + len(two.paragraphs)


# The cases above on pages, in the scripts and damage they lacked: Traditional, and for labels
# a converting proxy's readings after each character it converted (`記(jì)者`).
REFERENCE = "Wed, 01 May 2024 02:30:00 GMT"


@pytest.mark.parametrize(
    ("line", "people"),
    [
        ("本报记者 张三 通讯员 李四", [("张三", "reporter"), ("李四", "correspondent")]),
        ("本報記者 張三 通訊員 李四", [("張三", "reporter"), ("李四", "correspondent")]),
        (
            "本報(bào)記(jì)者 張三 通訊(xùn)員(yuán) 李四",
            [("張三", "reporter"), ("李四", "correspondent")],
        ),
        ("（责任编辑：赵六）", [("赵六", "editor")]),
        ("（責任編輯：趙六）", [("趙六", "editor")]),
        ("（責(zé)任編(biān)輯(jí)：趙六）", [("趙六", "editor")]),
    ],
)
def test_credit_lines_on_a_page_in_every_script(line: str, people: list[tuple[str, str]]) -> None:
    article = page("<title>城市治理要俯下身子听民声_某某网</title>", f"<div>{line}</div>", BODY_ZH)
    assert [(a.normalized, a.role) for a in article.authors] == people


@pytest.mark.parametrize(
    ("line", "reporter"),
    [
        ("记者 王小明 北京报道", "王小明"),
        ("記者 王小明 北京報道", "王小明"),
        ("記(jì)者 王小明 北京報(bào)道", "王小明"),
        ("記者林宸誼／即時報導", "林宸誼"),
    ],
)
def test_dateline_credits_on_a_page(line: str, reporter: str) -> None:
    article = page("<title>城市治理要俯下身子听民声_某某网</title>", f"<div>{line}</div>", BODY_ZH)
    assert [(a.normalized, a.role) for a in article.authors] == [(reporter, "reporter")]


@pytest.mark.parametrize(
    ("body", "tail", "editor"),
    [
        (BODY_ZH, "<p>标签：城市治理 民生</p><p>责任编辑：张三</p>", "张三"),
        (BODY_HANT, "<p>標籤：城市治理 民生</p><p>責任編輯：張三</p>", "張三"),
        (
            BODY_HANT,
            "<p>標(biāo)籤(qiān)：城市治理 民生</p><p>責(zé)任編(biān)輯(jí)：張三</p>",
            "張三",
        ),
    ],
)
def test_editor_after_the_tags_line(body: str, tail: str, editor: str) -> None:
    article = page("<title>城市治理要俯下身子听民声_某某网</title>", "", body + tail)
    assert names(article, "editor") == [editor]
    assert not any("编辑" in p or "編輯" in p or "編(biān)" in p for p in article.paragraphs)


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("来源：<a href='/s'>新京报</a> <a href='/r'>举报</a>", "新京报"),
        ("來源：<a href='/s'>新京報</a> <a href='/r'>舉報</a>", "新京報"),
        ("來(lái)源：<a href='/s'>新京報</a> <a href='/r'>舉(jǔ)報(bào)</a>", "新京報"),
    ],
)
def test_source_link_text_on_a_page(line: str, source: str) -> None:
    article = page("<title>城市治理要俯下身子听民声_某某网</title>", f"<div>{line}</div>", BODY_ZH)
    assert article.source == source


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("发布时间：二〇二四年五月十二日", "2024-05-12"),
        ("發佈時間：二〇二四年五月十二日", "2024-05-12"),
        ("發(fā)佈(bù)時(shí)間(jiān)：二〇二四年五月十二日", "2024-05-12"),
        ("发布时间：2024年5月12日 10:20", "2024-05-12T10:20"),
        ("發(fā)佈(bù)時(shí)間(jiān)：2024年5月12日 10:20", "2024-05-12T10:20"),
    ],
)
def test_date_lines_on_a_page_in_every_script(line: str, expected: str) -> None:
    head = "<title>城市治理要俯下身子听民声_某某网</title>"
    article = page(head, f"<h1>城市治理要俯下身子听民声</h1><div>{line}</div>", BODY_ZH)
    assert article.published == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3小时前", "2024-04-30"),
        ("3小時前", "2024-04-30"),
        ("30分钟前", "2024-05-01"),
        ("30分鐘前", "2024-05-01"),
        ("昨天 10:20", "2024-04-30T10:20"),
        ("刚刚", "2024-05-01"),
        ("剛剛", "2024-05-01"),
        ("前天", "2024-04-29"),
    ],
)
def test_relative_dates_in_both_scripts(text: str, expected: str) -> None:
    assert parse_relative_date(text, reference_time(REFERENCE)) == expected


@pytest.mark.parametrize(
    "label", ["发布时间：3小时前", "發佈時間：3小時前", "發(fā)佈(bù)時(shí)間(jiān)：3小時前"]
)
def test_a_relative_date_on_a_page_resolves_against_its_date_header(label: str) -> None:
    html = (
        "<html><head><meta charset='utf-8'><title>河道清淤工程完工</title></head><body>"
        f"<h1>河道清淤工程完工</h1><span class='time'>{label}</span><article>{BODY_HANT}"
        "</article></body></html>"
    )
    page_ = Page("https://news.example.cn/a/1", html.encode(), headers={"date": REFERENCE})
    assert process_page(page_, Settings(), require_text=False).published == "2024-04-30"


@pytest.mark.parametrize(
    ("line", "person"),
    [
        ("作者：周思博（Joel Spolsky）", ("周思博", "author")),
        ("作者： 周思博 (Joel Spolsky)", ("周思博", "author")),
        ("记者 张三（实习）", ("张三", "reporter")),
        ("記者 張三（實習）", ("張三", "reporter")),
    ],
)
def test_a_bracketed_note_after_a_name_is_not_part_of_it(
    line: str, person: tuple[str, str]
) -> None:
    assert [(a.normalized, a.role) for a in parse_credits(line).authors] == [person]
