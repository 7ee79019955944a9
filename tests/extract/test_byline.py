from __future__ import annotations

import pytest

from jzcli.extract.byline import (
    author_box_name,
    by_line_names,
    looks_like_credits,
    normalize_name,
    parse_credits,
)


def people(text: str) -> list[tuple[str, str, str]]:
    return [(a.name, a.normalized, a.role) for a in parse_credits(text).authors]


def test_marker_and_padded_name() -> None:
    assert people("□郭 劍") == [("郭 劍", "郭劍", "author")]
    assert people("■ 王 磊") == [("王 磊", "王磊", "author")]


def test_roles_in_both_scripts() -> None:
    assert people("本报记者 张三 通讯员 李四 王五") == [
        ("张三", "张三", "reporter"),
        ("李四", "李四", "correspondent"),
        ("王五", "王五", "correspondent"),
    ]
    assert people("記者 陳大文 通訊員 林小明") == [
        ("陳大文", "陳大文", "reporter"),
        ("林小明", "林小明", "correspondent"),
    ]
    assert people("（责任编辑：赵六）") == [("赵六", "赵六", "editor")]
    assert people("文/孙七 图/周八") == [
        ("孙七", "孙七", "author"),
        ("周八", "周八", "photographer"),
    ]


def test_several_padded_names_side_by_side() -> None:
    assert [a.normalized for a in parse_credits("记者 李 娜 王 五").authors] == ["李娜", "王五"]


def test_source_date_and_editor_on_one_line() -> None:
    credits = parse_credits("来源：焦作日报  作者：张三  责任编辑：李四  2021-06-16 08:40")
    assert credits.source == "焦作日报"
    assert credits.published == "2021-06-16T08:40"
    assert [(a.normalized, a.role) for a in credits.authors] == [
        ("张三", "author"),
        ("李四", "editor"),
    ]


@pytest.mark.parametrize(
    ("line", "names", "published"),
    [
        (
            "作者：张三 李四　发布日期：2021-06-16 10:00:00　浏览次数：123",
            ["张三", "李四"],
            "2021-06-16",
        ),
        ("作者：张三　发布日期：2021-06-16", ["张三"], "2021-06-16"),
        ("發佈日期：2021-06-16　作者：陳大文　點擊數：88", ["陳大文"], "2021-06-16"),
        ("发布于 2021-06-16 作者：王五 字号：大 中 小", ["王五"], "2021-06-16"),
        ("作者：张三 李四　点击数：5", ["张三", "李四"], ""),
    ],
)
def test_long_date_labels_and_counters_are_not_names(
    line: str, names: list[str], published: str
) -> None:
    # 发布日期 is one label (not 发布 + 日期), and a counter (浏览次数, 点击数) credits no one.
    credits = parse_credits(line)
    assert [a.normalized for a in credits.authors] == names
    assert credits.published[:10] == published


def test_a_line_of_counters_alone_is_not_credits() -> None:
    assert not looks_like_credits("浏览次数：5")


def test_dateline_in_first_paragraph() -> None:
    credits = parse_credits("本报讯（记者 张三 通讯员 李四）今年以来")
    assert [a.role for a in credits.authors] == ["reporter", "correspondent"]


def test_english_byline() -> None:
    assert [a.name for a in parse_credits("By Jane Doe and John Roe").authors] == [
        "Jane Doe",
        "John Roe",
    ]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Doe December 2, 2025", ["Jane Doe"]),
        ("Written By: Jane Doe Last Updated: August 1, 2025", ["Jane Doe"]),
        ("by: Jane Doe , Dec 17, 2025", ["Jane Doe"]),
        ("Posted by Jane Doe on 2025-12-18 in debian .", ["Jane Doe"]),
        ("By Jane Doe • March 12, 2025", ["Jane Doe"]),
        ("By A. J. Neal View In Digital Edition", ["A. J. Neal"]),
        ("Written by Jane Doe and John Roe April 8, 2024", ["Jane Doe", "John Roe"]),
        ("Recipe by Jane Doe", ["Jane Doe"]),
        ("By Jane DoePublished Dec 2, 2025", ["Jane Doe"]),
        ("By Jane Doe Jane Doe", ["Jane Doe"]),
        ("By Our Editors", ["Our Editors"]),
        # the label and the name in adjacent inline elements, glued where they meet
        ("ByJane Doe", ["Jane Doe"]),
        ("ByJane Doe UpdatedJanuary 25, 2026", ["Jane Doe"]),
        ("By Jane Doe ⋅ Review Editor", ["Jane Doe"]),
    ],
)
def test_english_byline_ends_at_a_date_a_section_or_a_label(line: str, names: list[str]) -> None:
    assert [a.name for a in parse_credits(line).authors] == names


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Doe Executive Digital Editor and Master Gardener", ["Jane Doe"]),
        ("By Jane Doe, Senior Analyst and Master Gardener", ["Jane Doe"]),
        ("By Jane Doe, Trial Attorney at Doe & Roe", ["Jane Doe"]),
    ],
)
def test_english_byline_drops_the_job_title(line: str, names: list[str]) -> None:
    assert [a.name for a in parse_credits(line).authors] == names


@pytest.mark.parametrize(
    "line",
    [
        "Reviewed by Jane Doe, MD",
        "Photo by Jane Doe on Unsplash",
        "Shop by Gender & Age",
        "By checking out, you agree to our Terms of Use and Privacy Policy.",
    ],
)
def test_reviewers_photographers_and_menus_are_not_authors(line: str) -> None:
    assert parse_credits(line).authors == ()


@pytest.mark.parametrize(
    "line",
    [
        "如何书写新时代城市治理现代化的精彩答卷？",
        "记者走访发现，改造后的市场地面干净整洁，摊位划分清楚。",
        "新媒体",
        "By the end of the year the council had approved the budget.",
        "",
    ],
)
def test_sentences_are_not_bylines(line: str) -> None:
    assert not looks_like_credits(line)


@pytest.mark.parametrize("line", ["□郭 劍", "记者 张三", "作者:张建国", "编辑：小王 2021年6月16日"])
def test_bylines_are_recognised(line: str) -> None:
    assert looks_like_credits(line)


def test_normalize_name() -> None:
    assert normalize_name(" 郭 劍 ") == "郭劍"
    assert normalize_name("（张三）") == "张三"
    assert normalize_name("Jane  Doe") == "Jane Doe"


def test_affiliation_after_a_colon_is_not_a_name() -> None:
    assert [a.normalized for a in parse_credits("作者: 赵 培：北京物资学院，北京").authors] == [
        "赵培"
    ]


def test_name_lengths() -> None:
    assert [a.normalized for a in parse_credits("记者 阿卜杜拉·艾买提").authors] == [
        "阿卜杜拉·艾买提"
    ]
    assert not parse_credits("记者在采访中看到居民们").authors


@pytest.mark.parametrize(
    ("lines", "name"),
    [
        (["Written by Jane Doe", "Jane Doe is a finance writer who loves budgets."], "Jane Doe"),
        (["About Jane Doe", "Jane Doe covers city hall."], "Jane Doe"),
        (["This post was written by Jane Doe, Head of Marketing"], "Jane Doe"),
        # the heading alone, or a bio that is not about the named person, is no author box
        (["Written by Jane Doe", "She is a finance writer."], ""),
        (["About Us", "Us is a team."], ""),
        (["The review was written by hand in a notebook."], ""),
        # a story about a report names the report's author, not its own
        (["The independent review was written by Sir John Whitfield, a retired judge."], ""),
        (["The guide has been written by Dr Sarah Lee for parents of small children."], ""),
        (["This guest post was written by Jane Doe, Head of Marketing"], "Jane Doe"),
    ],
)
def test_author_box_name(lines: list[str], name: str) -> None:
    assert author_box_name(lines) == name


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a date glued to the name where two inline elements meet
        ("by Jeffrey ZeldmanNovember 20, 2007", "Jeffrey Zeldman"),
        ("by Jon JunebugMay 3, 2020", "Jon Junebug"),
        ("By Jane Doe Sept. 3, 2020", "Jane Doe"),
        # a name that merely starts like a month is not a date
        ("By Anna Maydew 3 pieces", "Anna Maydew"),
    ],
)
def test_by_line_names_end_at_a_date(text: str, names: str) -> None:
    assert by_line_names(text) == names


@pytest.mark.parametrize("line", ["Byron Doe", "ByteDance News", "BYOB Party"])
def test_a_word_starting_with_by_is_not_a_glued_byline(line: str) -> None:
    assert not parse_credits(line).authors
