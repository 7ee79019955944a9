"""The terminal view (`-f rich`): CJK line breaking, headline, credit line, images, URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from jzcli.cli.view import CLOSING, OPENING, cut, readable_date, wrap_cjk
from tests.cli.helpers import jz

PARAGRAPH = (
    "刚刚过去的端午节，焦作城管系统通过开展“节日普法”“城管进社区”这样接地气、有生气、"
    "有创意的服务活动，让广大市民看到了中华优秀传统文化与城市精细化治理、法治化建设的"
    "有机融合，感受到了“人民城管为人民”理念的生动实践和澎湃活力。城管人员深入社区，"
    "与居民展开包粽子擂台赛；走进楼院，面对面向居民宣传《中华人民共和国民法典》……"
)
TITLE = "城市管理的力量在人民：焦作城管系统端午节期间开展节日普法和城管进社区系列活动纪实"

ARTICLE = f"""---
title: "{TITLE}"
url: "http://www.jzrb.example/news/2024-06/12/content_1.htm"
published: "2024-06-12T08:40:00+08:00"
site_name: "焦作网"
source: "焦作日报"
column: "时评"
language: "zh"
authors:
  - name: "张三"
    role: "reporter"
  - name: "李四"
    role: "correspondent"
---

# {TITLE}

{PARAGRAPH}

![城管人员与居民一起包粽子](http://www.jzrb.example/img/zongzi.jpg)

{PARAGRAPH[40:]}
"""


@pytest.fixture
def view(tmp_path: Path) -> list[str]:
    page = tmp_path / "article.md"
    page.write_text(ARTICLE, "utf-8")
    result = jz("clean", str(page), "-f", "rich", env={"COLUMNS": "40", "NO_COLOR": "1"})
    assert result.code == 0, result.stderr
    return result.stdout.splitlines()


def test_no_line_breaks_against_cjk_rules(view: list[str]) -> None:
    body = [line for line in view if line and line[0] not in "╭│╰"]
    assert len(body) > 10
    for line in body:
        assert cell_len(line) <= 40, line
        assert line[0] not in CLOSING, line
        assert line[-1] not in OPENING, line


def test_headline_credit_line_images_and_url(view: list[str]) -> None:
    text = "\n".join(view)
    assert view[0].startswith("╭─ 城市管理的力量在人民") and "…" in view[0]
    assert cell_len(view[0]) <= 40
    header = "".join(
        line.strip("│").replace(" ", "")
        for line in view[1 : view.index(next(v for v in view if v.startswith("╰")))]
    )
    # Spaces dropped: the header wraps at 40 columns.
    assert "记者张三" in header and "通讯员李四" in header
    assert "2024年6月12日08:40" in header
    assert "来源焦作日报" in header
    assert header.count("焦作网") == 1 and "焦作网›时评" in header
    assert "by" not in header and "2024-06-12T" not in text
    assert "http://www.jzrb.example/news/2024-06/12/content_1.htm" in header
    assert "图：城管人员与居民一起包粽子" in text
    assert "http://www.jzrb.example/img/zongzi.jpg" in text


def test_wrap_and_cut_rules() -> None:
    lines = wrap_cjk("他说：“今天天气很好。”我们去公园，好吗？", 10)
    assert "".join(lines) == "他说：“今天天气很好。”我们去公园，好吗？"
    assert all(line[0] not in CLOSING and line[-1] not in OPENING for line in lines)
    assert wrap_cjk("Hello world, this is English.", 12) == ["Hello world,", "this is", "English."]
    assert cut("一个非常非常长的标题", 10) == "一个非常…"
    assert cut("short", 10) == "short"
    assert readable_date("2024-05-16T22:15:00-04:00", False) == "16 May 2024, 22:15 (UTC-04:00)"
    assert readable_date("2024-05-16", True) == "2024年5月16日"


def test_a_word_of_megabytes_is_cut_in_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph with no space (a 100,000-letter 'word', `1-1-1-…`) is cut into lines
    without measuring the rest of the word after every line: the characters measured stay a
    small multiple of the text (the old loop measured about len² / (2 × width), 600× here)."""
    import jzcli.cli.view as view

    measured = 0

    def counting(text: str) -> int:
        nonlocal measured
        measured += len(text)
        return cell_len(text)

    monkeypatch.setattr(view, "cell_len", counting)
    for word in ("a" * 100_000, "1-" * 50_000, "가" * 50_000 + "b" * 50_000):
        measured = 0
        lines = wrap_cjk(word, 80)
        assert "".join(lines) == word
        assert all(cell_len(line) <= 80 for line in lines[:-1] if "가" not in line)
        assert measured < 50 * len(word), measured
