"""The text/Markdown extractor: metadata lines, debris and body, on inputs written here."""

from __future__ import annotations

from jzcli.extract.front_matter import FrontMatter, read_front_matter
from jzcli.extract.text import extract_text
from jzcli.settings import Settings

PAGE = """\
□本报记者 陈 明
![]() |
当前位置：首页 > 新闻 > 本地要闻 > 正文
| | | |
新闻
2023年3月5日 09:30
市民公园完成改造，周末迎来大批游客
连日来，市民公园的改造工程全部完工，园内新建了步道、儿童游乐区和健身广场。
一、步道连通全园
新建的步道全长三公里，串联起湖区、花园和运动场，沿线设置了休息座椅。
版权所有 © 某某日报社 转载请注明出处
打印本页 | 关闭窗口
"""


def extract(text: str, **kw: object) -> object:
    return extract_text(text, "", Settings(**kw))  # type: ignore[arg-type]


def test_metadata_and_body_from_scraped_text() -> None:
    art = extract_text(PAGE, "", Settings())
    assert art.breadcrumb == ("首页", "新闻", "本地要闻", "正文")
    assert art.site_name == ""  # 首页 is the home link, not the site's name
    assert art.column == "本地要闻"
    assert [(a.name, a.normalized, a.role) for a in art.authors] == [("陈 明", "陈明", "reporter")]
    assert art.published == "2023-03-05T09:30"
    assert art.title == "市民公园完成改造，周末迎来大批游客"
    assert art.paragraphs == (
        "连日来，市民公园的改造工程全部完工，园内新建了步道、儿童游乐区和健身广场。",
        "一、步道连通全园",
        "新建的步道全长三公里，串联起湖区、花园和运动场，沿线设置了休息座椅。",
    )
    reasons = {r.text: r.reason for r in art.provenance.removed}
    assert reasons["版权所有 © 某某日报社 转载请注明出处"] == "boilerplate"
    assert reasons["打印本页 | 关闭窗口"] == "debris"
    assert reasons["新闻"] == "debris"


def test_markdown_title_images_and_links() -> None:
    md = (
        "# 河道治理见成效\n\n"
        "![治理后的河道](https://img.example.cn/river.jpg)\n\n"
        "经过两年的治理，[城区河道](https://example.cn/river)水质明显改善，**鱼类**重新出现。\n\n"
        "> 附近居民说，现在每天傍晚都会来河边散步，空气也比以前清新多了。\n"
    )
    art = extract_text(md, "https://example.cn/a.html", Settings())
    assert art.title == "河道治理见成效"
    assert art.url == "https://example.cn/a.html"
    assert art.images[0].url == "https://img.example.cn/river.jpg"
    assert art.images[0].caption == "治理后的河道"
    assert art.paragraphs[0] == "经过两年的治理，城区河道水质明显改善，鱼类重新出现。"
    assert art.paragraphs[1].startswith("附近居民说")


def test_english_text() -> None:
    text = (
        "Home | News | Opinion\n"
        "City opens new riverside park\n"
        "By Jane Doe\n"
        "The city opened its new riverside park on Saturday, with paths, a playground and a "
        "small cafe run by volunteers.\n"
        "Officials said the project was finished two months early and under budget.\n"
        "Copyright 2023 Example News. All rights reserved.\n"
    )
    art = extract_text(text, "", Settings())
    assert art.title == "City opens new riverside park"
    assert [a.name for a in art.authors] == ["Jane Doe"]
    assert len(art.paragraphs) == 2


def test_labelled_title_and_source() -> None:
    text = (
        "标题：社区食堂开张\n"
        "来源：某某晚报 编辑：王小二\n"
        "社区食堂今天正式开张，为辖区六十岁以上老人提供每餐十元的午餐，受到居民欢迎。\n"
    )
    art = extract_text(text, "", Settings())
    assert art.title == "社区食堂开张"
    assert art.source == "某某晚报"
    assert [(a.normalized, a.role) for a in art.authors] == [("王小二", "editor")]


def test_a_story_about_copyright_keeps_its_lines() -> None:
    # Lines that talk about copyright stay; the line that claims the site's rights goes.
    story = [
        "Copyright experts said the ruling was closely watched across the music industry.",
        "市中级人民法院认定被告未经许可使用原告作品，侵犯其版权，版权所有者的权利不因转手而丧失。",
    ]
    notice = "版权所有 © 2024 示例新闻网 未经授权不得转载"
    text = "Court rules in music copyright case\n" + "\n".join(story) + "\n" + notice + "\n"
    art = extract_text(text, "", Settings())
    assert list(art.paragraphs) == story


def test_an_empty_front_matter_is_read_as_one() -> None:
    # `---` over `---`: a front matter with no field (a Markdown tool's empty header). Its two
    # rules are split off whole, and the heading under them is still the title.
    body = "# Harbour bridge closes\n\nThe old bridge closes to cars next spring.\n"
    for header in ("---\n---\n", "---\r\n---\r\n", "---\n\n---\n", "--- \n---"):
        meta, rest = read_front_matter(header + body if header.endswith("\n") else header)
        assert meta == FrontMatter()
        assert rest == (body if header.endswith("\n") else "")
    art = extract_text("---\n---\n" + body, "", Settings())
    assert art.title == "Harbour bridge closes"
    assert list(art.paragraphs) == ["The old bridge closes to cars next spring."]
    # A rule under a line of text is no front matter: nothing is split off.
    assert read_front_matter("Intro\n---\n---\n" + body)[1] == "Intro\n---\n---\n" + body
