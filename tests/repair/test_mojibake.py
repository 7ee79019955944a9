"""Mojibake repairs: each damage is produced here by the wrong decoding it names."""

from __future__ import annotations

import pytest

from jzcli.repair.mojibake import fix_cjk_mojibake, fix_mojibake, fix_single_byte_mojibake

HANS = "今天上午，市政府召开新闻发布会，介绍全市经济发展情况。"
HANT = "今天上午，市政府召開新聞發布會，介紹全市經濟發展情況。"


def test_gbk_read_as_latin1() -> None:
    damaged = HANS.encode("gbk").decode("latin-1")
    assert fix_single_byte_mojibake(damaged) == (HANS, "mojibake-gbk-latin1")


def test_gbk_read_as_strict_cp1252_fills_lost_bytes() -> None:
    text = "他们在村里修建了一座新桥。"
    damaged = text.encode("gbk").decode("cp1252", errors="replace")
    fixed, name = fix_mojibake(damaged)
    assert name == "mojibake-gbk-latin1"
    # The U+FFFD holes may be ambiguous; most of the text must come back.
    assert sum(a == b for a, b in zip(fixed, text)) >= len(text) - 1


@pytest.mark.parametrize("text", [HANS, "Un café déjà prêt à être servi.", "Новости дня"])
def test_utf8_read_as_cp1252(text: str) -> None:
    damaged = text.encode("utf-8").decode("cp1252", errors="ignore")
    if damaged.encode("cp1252", errors="ignore") != text.encode("utf-8"):
        damaged = text.encode("utf-8").decode("latin-1")
    assert fix_mojibake(damaged)[0] == text


def test_double_utf8_mojibake_needs_two_passes() -> None:
    once = HANS.encode("utf-8").decode("latin-1")
    twice = once.encode("utf-8").decode("latin-1")
    step, _ = fix_mojibake(twice)
    assert step == once
    assert fix_mojibake(step)[0] == HANS


def test_big5_read_as_gbk() -> None:
    damaged = HANT.encode("big5").decode("gb18030")
    assert fix_cjk_mojibake(damaged) == (HANT, "mojibake-big5-gbk")


def test_gbk_read_as_big5() -> None:
    text = "政府工作报告提出，今年要继续扩大内需，稳定就业。"
    damaged = text.encode("gbk").decode("cp950", errors="replace")
    fixed, name = fix_cjk_mojibake(damaged)
    assert name == "mojibake-gbk-big5"
    assert fixed == text or sum(a != b for a, b in zip(fixed, text)) <= 2


def test_gbk_read_as_big5_with_lost_bytes() -> None:
    text = "人民的声音很重要，我们认真听取。"
    damaged = text.encode("gbk").decode("cp950", errors="replace")
    assert "\ufffd" in damaged  # the Big5 decoder refused some GBK bytes
    fixed, name = fix_cjk_mojibake(damaged)
    assert name == "mojibake-gbk-big5"
    assert len(fixed) == len(text)
    assert sum(a != b for a, b in zip(fixed, text)) <= 2


def test_utf8_read_as_gbk_is_partly_recovered() -> None:
    text = "记者今天从市教育局获悉，全市中小学将于下周一开学。"
    damaged = text.encode("utf-8").decode("gbk", errors="replace")
    fixed, name = fix_cjk_mojibake(damaged)
    assert name == "mojibake-utf8-gbk"
    # Bytes lost at U+FFFD stay lost, but most characters come back.
    assert "今天从市教育局获悉，全市中小" in fixed


def test_kunjinkao_is_left_alone() -> None:
    text = "锟斤拷锟斤拷的新闻"
    assert fix_cjk_mojibake(text) == (text, None)


@pytest.mark.parametrize(
    "clean",
    [
        HANS,
        HANT,
        "Ça coûte 5 € — “très” cher, n’est-ce pas ?",
        "Straße, Größe, Übung; façade; São Paulo; niño.",
        "Президент заявил, что «всё будет хорошо».",
        "東京都の新しい計画について、ニュースをお伝えします。",
        "鲧鲵鳏鳐鳙鳛，罕见字也是字。",
        "新型コロナウイルスの感染者数が増加している。",
        "한국어 문장입니다. 서울에서 회의가 열렸다.",
        "α粒子和β射线的研究，Москва 莫斯科。",
        "注音符號ㄅㄆㄇㄈ是台灣的拼音系統。",
        "┌──┐ 表格 └──┘",
    ],
)
def test_clean_text_is_left_alone(clean: str) -> None:
    assert fix_mojibake(clean) == (clean, None)


def _utf8_read_as_gbk(text: str) -> str:
    return text.encode("utf-8").decode("gbk", errors="replace")


@pytest.mark.parametrize(
    "original",
    ["这是一个错误的决定。", "他已经退休了。", "他已经退休了，现在时间很多。"],
)
def test_lost_bytes_guessed_with_the_word_model(original: str) -> None:
    from jzcli.repair import repair_text

    damaged = _utf8_read_as_gbk(original)
    assert "\ufffd" in damaged
    assert repair_text(damaged) == original


@pytest.mark.parametrize(
    ("original", "char"),
    [("这是一个错误的决定。", "误"), ("他已经退休了。", "退"), ("会议的时间是明天。", "间")],
)
def test_each_lost_byte_of_a_character_guessed(original: str, char: str) -> None:
    # Issue 14 saw 误 -> 说, 退 -> 鿀 (unassigned), 时间 -> 时家.
    from jzcli.repair.mojibake import _UTF8_LOST, fill_utf8

    data = original.encode("utf-8")
    at = data.index(char.encode("utf-8"))
    for k in range(3):
        holed = bytearray(data)
        holed[at + k] = ord("?")
        assert fill_utf8(bytes(holed), [at + k], _UTF8_LOST, None) == original


def test_no_cap_on_lost_bytes_in_long_texts() -> None:
    from jzcli.repair import repair_text

    original = "记者从国家统计局获悉，今年前三季度全国经济运行总体平稳，主要指标好于预期。" * 6
    damaged = _utf8_read_as_gbk(original)
    assert damaged.count("\ufffd") > 40
    assert repair_text(damaged) == original


def test_guesses_never_pick_unassigned_or_private_characters() -> None:
    from jzcli.repair.mojibake import fill_utf8

    # Both continuation bytes of the last character lost: 。 (E3 80 82) is the common
    # reading, not U+3FFF.
    data = "危机。".encode()[:-2] + b"??"
    out = fill_utf8(data, [len(data) - 2, len(data) - 1], tuple(range(0x80, 0xC0)), None)
    assert out == "危机。"


def test_multi_paragraph_latin_mojibake_is_repaired() -> None:
    from jzcli.repair import repair_text

    original = "Café déjà vu.\n\nNaïve résumé, señor.\nÜber Größe."
    damaged = original.encode("utf-8").decode("cp1252")
    assert repair_text(damaged) == original


def test_mostly_replacement_characters_get_no_false_decode() -> None:
    from jzcli.repair import repair_text

    damaged = "中文新闻网".encode("gbk").decode("utf-8", errors="replace")
    assert repair_text(damaged) == damaged


def test_a_character_chosen_by_the_words_around_it() -> None:
    # 中 (E4 B8 AD) and 一 (E4 B8 80) differ in the lost byte only: 新闻中心 is a word.
    from jzcli.repair.mojibake import _UTF8_LOST, fill_utf8

    original = "新闻中心记者报道。"
    data = original.encode("utf-8")
    at = data.index("中".encode()) + 2
    holed = data[:at] + b"?" + data[at + 1 :]
    assert fill_utf8(holed, [at], _UTF8_LOST, None) == original


def test_neighbouring_lost_characters_are_chosen_together() -> None:
    from jzcli.repair.mojibake import _UTF8_LOST, fill_utf8

    original = "中央纪检监察机关发布通报。"
    data = bytearray(original.encode("utf-8"))
    holes = [data.index("纪".encode()) + 2, data.index("检".encode()) + 2]
    for i in holes:
        data[i] = ord("?")
    assert fill_utf8(bytes(data), holes, _UTF8_LOST, None) == original


@pytest.mark.parametrize(
    "original",
    ["今年三大攻坚战取得决定性进展。", "他说三大问题必须解决。", "我们的三大任务已经完成。"],
)
def test_gbk_read_as_big5_with_both_bytes_of_a_character_lost(original: str) -> None:
    # 三 is C8 FD in GBK: Big5 refuses C8 before FD and FD before the next byte, so two
    # U+FFFD stand side by side for one character.
    from jzcli.repair import repair_text

    damaged = original.encode("gbk").decode("cp950", errors="replace")
    assert "\ufffd\ufffd" in damaged
    assert repair_text(damaged) == original


def test_collapsed_nbsp_mojibake_is_repaired_without_ftfy(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from jzcli.repair import repair_text

    monkeypatch.setitem(sys.modules, "ftfy", None)  # importing it would fail
    original = "Il a dit déjà à Paris : café crème."
    damaged = original.encode("utf-8").decode("latin-1").replace("\xa0", " ")
    assert "Ã " in damaged
    assert repair_text(damaged) == original


@pytest.mark.parametrize(
    "original",
    [
        # The second … of an ellipsis lost its last byte: …, ” and “ share the first two.
        "他们说要好好学习，天天向上……",
        # A bracket still open at the end of the text is closed there (】 before 。).
        "【本报记者走进社区，了解居民生活】",
    ],
)
def test_lost_byte_of_a_closing_or_doubled_mark(original: str) -> None:
    from jzcli.repair import repair_text

    damaged = original.encode("utf-8").decode("gbk", errors="replace")
    assert "\ufffd" in damaged[-3:]
    assert repair_text(damaged) == original


def test_gbk_read_as_big5_closes_the_quote_it_opened() -> None:
    # ” (A1 B1) lost its lead at the end: 。 and ” read the same there, and the “ opened
    # before decides (the double-byte guesses weigh a character's place as UTF-8 ones do).
    from jzcli.repair import repair_text

    original = "他强调：“要把群众的事办好。”"
    damaged = original.encode("gbk").decode("cp950", errors="replace")
    assert damaged.endswith("\ufffd")
    assert repair_text(damaged) == original


@pytest.mark.parametrize(
    "original",
    [
        "我们一定能取得最后的胜利！",
        "你们准备好了吗？",
        "这件事到底是谁做的？",
        "今天的天气真好啊！",
        "我们何必为此争论不休？",
    ],
)
def test_lost_last_byte_of_question_or_exclamation_mark(original: str) -> None:
    # ！ (EF BC 81) and ？ (EF BC 9F) differ in their last byte: a question word decides.
    from jzcli.repair.mojibake import _UTF8_LOST, fill_utf8

    data = original.encode("utf-8")
    at = len(data) - 1
    holed = data[:at] + b"?"
    assert fill_utf8(holed, [at], _UTF8_LOST, None) == original


@pytest.mark.parametrize(
    "original",
    [
        "你去过北京吗？我去过那里！",
        "天气真好！谁来开车？",
        "这是谁做的？" * 40 + "我们赢了！",
    ],
)
def test_a_lost_mark_is_judged_by_its_own_sentence(original: str) -> None:
    # The question word of an earlier sentence does not make the last one a question.
    from jzcli.repair.mojibake import _UTF8_LOST, fill_utf8

    data = original.encode("utf-8")
    at = len(data) - 1
    assert fill_utf8(data[:at] + b"?", [at], _UTF8_LOST, None) == original
