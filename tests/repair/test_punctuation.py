"""Restoring full-width punctuation flattened by NFKC."""

from __future__ import annotations

import pytest

from jzcli.repair.punctuation import (
    has_flattened_marks,
    marks_flattened,
    nfkc_flattened,
    restore_fullwidth_punct,
    writes_fullwidth_marks,
)


@pytest.mark.parametrize(
    ("flat", "wide"),
    [
        ("记者:你好,为什么?(完)", "记者：你好，为什么？（完）"),
        ("律师艾德(Gloria Allred)11日宣读声明!", "律师艾德（Gloria Allred）11日宣读声明！"),
        ("全年增长3.5亿,共1,000人;时间10:30。", "全年增长3.5亿，共1,000人；时间10:30。"),
        ("他说......我们走吧", "他说……我们走吧"),
        ("访问https://example.com/a?b=1了解", "访问https://example.com/a?b=1了解"),
        # A comma between Latin letters and digits inside Chinese, no space after it.
        ("经常要召集skype,256内存容易死机", "经常要召集skype，256内存容易死机"),
        ("用户名称是Tom, 密码另发", "用户名称是Tom, 密码另发"),
        # An English quotation keeps its own marks; the mark after it is Chinese.
        ("原话是“Hello, world!”,意思是", "原话是“Hello, world!”，意思是"),
        ("他说:“好的!”,然后走了", "他说：“好的！”，然后走了"),
        ("(4)“六、四”的意义?- -", "（4）“六、四”的意义？- -"),
        # A bracket pair is one width: the page's （ closes with ）.
        ("（大家都来猜一猜?) 2005", "（大家都来猜一猜？） 2005"),
        ("见(附件一）", "见（附件一）"),
        # NFKC writes three dots for each …: five dots are the writer's.
        ("跃然纸上.....从而", "跃然纸上.....从而"),
        # A URL's marks stay, Han in its path as well; the mark after it is Chinese.
        ("详见:https://example.com/新闻?id=1,欢迎", "详见：https://example.com/新闻?id=1，欢迎"),
        ("(见www.example.cn/a?b=1)", "（见www.example.cn/a?b=1）"),
        # Code, maths, a regular expression's group and an emoticon stay ASCII.
        ("调用函数f(x)后", "调用函数f(x)后"),
        ("数列a(1)为首项", "数列a(1)为首项"),
        ("正则表达式(?:中文)匹配", "正则表达式(?:中文)匹配"),
        ("表情:)好的", "表情:)好的"),
        ("注意:(1)第一", "注意：（1）第一"),
        ("苹果iPhone(手机)很贵", "苹果iPhone（手机）很贵"),
        # Flattened: a ? between Han is a question mark.
        ("你去吗?我不去!好吧", "你去吗？我不去！好吧"),
    ],
)
def test_restore(flat: str, wide: str) -> None:
    assert restore_fullwidth_punct(flat)[0] == wide


@pytest.mark.parametrize(
    ("slip", "wide"),
    [
        # A writer's slip: a ? or ! with Han right on both sides may be a lost character.
        ("本书由生活?读书?新知三联书店出版", "本书由生活?读书?新知三联书店出版"),
        ("他不去!我去?", "他不去!我去？"),
        # After a question particle, a ? is a question mark.
        ("你去吗?我不去", "你去吗？我不去"),
        ("他说:好,走吧(马上)", "他说：好，走吧（马上）"),
    ],
)
def test_restore_slips(slip: str, wide: str) -> None:
    assert restore_fullwidth_punct(slip, slips=True)[0] == wide


def test_english_sentence_untouched() -> None:
    text = "Hello, world (really): yes; no!"
    assert restore_fullwidth_punct(text) == (text, 0)
    assert restore_fullwidth_punct("a,b;c")[0] == "a,b;c"


# Made-up news lines, NFKC applied: ，？：；！ became ASCII, 。、“” stayed.
FLATTENED_LINES = [
    "年轻干部要敢于吃苦,敢于担当、敢于冲在第一线。",
    "对此,需要出台政策加强管理,规范市场秩序。",
    "记者:现在回过头去看,显然大家高兴得太早了!",
    "会议强调,要“抓好落实”,确保各项任务按时完成。",
    "他说,这只是开始,后面的路还很长;我们会坚持下去。",
    "因此,我们要继续努力,争取更大的成绩。",
    "当天下午,代表们分组讨论,气氛热烈;大家纷纷发言,提出建议。",
    "有人问:这样做值得吗?他回答:值得!",
]


def test_a_document_of_nfkc_output_reads_as_flattened() -> None:
    assert nfkc_flattened(FLATTENED_LINES)
    # One sentence of it is no evidence: writers type ASCII commas beside 。 too.
    assert not nfkc_flattened(FLATTENED_LINES[:1])
    # One full-width comma left anywhere: the ASCII ones were written as they are.
    assert not nfkc_flattened([*FLATTENED_LINES, "此外，还有一件事。"])
    # A character NFKC would have changed (％, a full-width space): not NFKC output.
    assert not nfkc_flattened([*FLATTENED_LINES, "增长了5％。"])
    assert not nfkc_flattened([*FLATTENED_LINES, "第一\u3000部分。"])
    # ASCII marks with no Chinese mark NFKC keeps: a writer who uses ASCII throughout.
    plain = [
        line.replace("。", ".").replace("、", ",").replace("“", '"').replace("”", '"')
        for line in FLATTENED_LINES
    ]
    assert not nfkc_flattened(plain)


def test_document_evidence_of_full_width_marks() -> None:
    assert writes_fullwidth_marks(["标题", "他说，今天的会议很重要，大家都要来。"])
    # A short label is no paragraph of Chinese.
    assert not writes_fullwidth_marks(["来源：新华社", "他说,今天的会议很重要,大家都要来。"])
    assert has_flattened_marks("我真的有点无语...")
    assert not has_flattened_marks("Wait... what?")
    # Marks read as flattened: 。、“” kept, no ，？：；！（） left, many ASCII beside Chinese.
    flat = [line.replace("，", ",") for line in ["他说，“好”，我们走，快走。"] * 8]
    assert marks_flattened(flat)
    assert not marks_flattened([*flat, "还有一句，没有变。"])
    assert not marks_flattened(flat[:2])
