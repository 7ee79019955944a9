"""Lost-byte guessing: the bytes a wrong decoder refused, and neighbouring characters
deciding between guesses the word model finds about equally good."""

from __future__ import annotations

import io
import math
import re

import pytest

from jzcli.repair import mojibake
from jzcli.repair.build_tables import write_pairs
from jzcli.repair.mojibake import _UTF8_LOST, fill_utf8, pair_count, parse_pairs


def _last_byte_lost(original: str, char: str) -> tuple[bytes, list[int]]:
    data = original.encode("utf-8")
    at = data.index(char.encode("utf-8")) + 2
    return data[:at] + b"?" + data[at + 1 :], [at]


@pytest.mark.parametrize("original", ["人们对他的怀疑越来越深。", "我们对此怀疑，调查还在继续。"])
def test_two_lost_bytes_side_by_side_are_ones_gbk_refused(original: str) -> None:
    # 怀 is E6 80 80: read as GBK, E6 pairs with the byte before it and 80 80 are refused
    # one by one. 是 (E6 98 AF) or 检 (E6 A3 80) fit each hole alone, but GBK reads 98 AF
    # as a character, so they cannot have left the same two U+FFFD.
    from jzcli.repair import repair_text

    damaged = original.encode("utf-8").decode("gbk", errors="replace")
    assert "\ufffd\ufffd" in damaged
    assert repair_text(damaged) == original


def test_a_run_of_holes_is_refused_alike_or_not() -> None:
    from jzcli.repair.mojibake import _refused_alike

    runs = (((1, 2), b"\xe7"),)  # the last two bytes lost, the next character's lead after
    assert _refused_alike("怀".encode(), runs, "gbk")
    assert not _refused_alike("是".encode(), runs, "gbk")
    # A run inside the character, its next byte the character's own.
    inner = (((0, 1), None),)
    assert not _refused_alike("怀".encode(), inner, "gbk")  # E6 80 is a GBK character


@pytest.mark.parametrize("refuser", ["gbk", "cp950"])
@pytest.mark.parametrize(
    "runs",
    [
        (((1, 2), b"\xe7"),),
        (((1, 2), b"\n"),),  # a newline of the text's own after the run
        (((1, 2), b""),),
        (((0, 1), None),),
    ],
)
def test_code_points_refused_alike_all_at_once_as_one_by_one(
    runs: tuple[tuple[tuple[int, ...], bytes | None], ...], refuser: str
) -> None:
    from jzcli.repair.mojibake import _refused_alike, _refused_alike_points

    points = set(range(0x4E00, 0x5A00))
    one_by_one = {cp for cp in points if _refused_alike(chr(cp).encode(), runs, refuser)}
    if runs[0][1] is not None:  # (inside the character GBK reads E4-E5 + 80-BF whole)
        assert 0 < len(one_by_one) < len(points)
    assert _refused_alike_points(points, runs, refuser) == one_by_one


@pytest.mark.parametrize(
    ("original", "char"), [("他在工作中的表现很好。", "中"), ("我们追求的是未来。", "未")]
)
def test_neighbouring_characters_break_a_tie_of_the_word_model(
    original: str, char: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 中 / 一 / 不 and 未 / 本 differ in their last byte and are all words of their own;
    # 中的 and 未来 are what the characters around say.
    holed, holes = _last_byte_lost(original, char)
    assert fill_utf8(holed, holes, _UTF8_LOST, None) == original
    monkeypatch.setattr(mojibake, "_PAIR_WEIGHT", 0.0)
    assert fill_utf8(holed, holes, _UTF8_LOST, None) != original


def test_pair_bits_say_nothing_of_characters_not_counted() -> None:
    from jzcli.repair.mojibake import _PAIR_CAP, _pair_bits

    assert _pair_bits("a", "来") == 0.0
    assert _pair_bits("未", "7") == 0.0
    assert 0.0 < _pair_bits("未", "来") <= _PAIR_CAP
    assert _pair_bits("未", "来") > _pair_bits("本", "来")
    assert -_PAIR_CAP <= _pair_bits("来", "未") < _pair_bits("未", "来")


def pair_row(row: str) -> dict[str, int]:
    """The characters of a line of the pair table after its `|`, with their counts."""
    return {b: int(n) for b, n in re.findall(r"(\D)(\d+)", row)}


def test_pair_table_round_trip() -> None:
    chars = {"中": 40, "国": 30, "心": 10, "罕": 2, "。": 20}
    pairs = {"中": {"国": 12, "心": 3, "罕": 2, "。": 1}, "国": {"。": 5}}
    out = io.StringIO()
    write_pairs(chars, pairs, out)
    total, counts, rows = parse_pairs(out.getvalue())
    assert total == 102.0
    # A character seen twice is left out, and so is a pair seen once.
    assert counts == {"中": 40, "国": 30, "心": 10, "。": 20}
    assert pair_row(rows["中"]) == {"国": 12, "心": 3}
    assert pair_row(rows["国"]) == {"。": 5}
    assert pair_row(rows["心"]) == {}
    # `pair_count` finds each pair where it is, as the whole row read gives it.
    for a, row in rows.items():
        for b in chars:
            assert pair_count(row, b) == pair_row(row).get(b, 0), (a, b)


def test_shipped_word_model_keeps_two_character_dictionary_words() -> None:
    # 紧盯 is in jieba's dictionary with the count it gives words it did not count (3).
    from jzcli.repair.plausibility import word_cost, word_rows

    assert word_cost("紧盯", word_rows()) is not None


@pytest.mark.parametrize(
    ("original", "char"), [("价格从20到30元不等。", "到"), ("该店于3月1日开业。", "于")]
)
def test_a_word_before_a_number(original: str, char: str) -> None:
    # 到 (E5 88 B0) and 分 (E5 88 86), 于 (E4 BA 8E) and 了 (E4 BA 86) differ in the lost
    # byte: 到 and 于 put a number after them (到30, 于3月) as 至 does.
    holed, holes = _last_byte_lost(original, char)
    assert fill_utf8(holed, holes, _UTF8_LOST, None) == original


@pytest.mark.parametrize(
    "original", ["2月26日上午8时10分，飞机抵达上海。", "他们对别人尤其是老人很好。"]
)
def test_gbk_read_as_big5_guess_judged_among_enough_readings(original: str) -> None:
    # 午's and 尤's trail bytes were lost: the readings that look best alone (上为, 誉其)
    # left them out of the few the words around were asked about.
    from jzcli.repair import repair_text

    damaged = original.encode("gbk").decode("cp950", errors="replace")
    assert "\ufffd" in damaged
    assert repair_text(damaged) == original


def test_guesses_with_known_characters_between_them_are_chosen_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 袁 and 平 of 袁隆平 both lost (UTF-8 read as GBK): judged one at a time, each reads
    # its neighbour's first guess (要隆年); together the word model knows the name.
    from jzcli.repair import repair_text

    original = "“杂交水稻之父”袁隆平."
    damaged = original.encode("utf-8").decode("gbk", errors="replace")
    assert damaged.count("\ufffd") >= 2
    assert repair_text(damaged) == original
    monkeypatch.setattr(mojibake, "_BRIDGE", 0)
    assert repair_text(damaged) != original


@pytest.mark.parametrize(
    ("original", "expected_end"),
    [
        # The text has closed a pair of quotes: it writes them in pairs, so the last mark
        # after 。 opens one (a text cut there); with one open, it closes it.
        ("所谓“没有调查，就没有发言权”，调查研究是谋事之基、成事之道。“", "。“"),
        ("他说：“调查研究是谋事之基、成事之道。”", "。”"),
    ],
)
def test_a_quote_at_the_end_follows_the_quotes_before(original: str, expected_end: str) -> None:
    data = original.encode("utf-8")
    holes = [len(data) - 1]  # the last byte of the last mark lost: “ or ” (or …)
    holed = data[:-1] + b"?"
    fixed = fill_utf8(holed, holes, _UTF8_LOST, None)
    assert fixed is not None and fixed.endswith(expected_end)


def test_pair_bits_smoothed_on_either_side_measure_the_same() -> None:
    # log2 P(b | a) / P(b) and log2 P(a | b) / P(a) are one measure; smoothing on the
    # known side makes a pair never seen cost every option beside it the same.
    from jzcli.repair.mojibake import _pair_bits

    assert _pair_bits("未", "来", True) > 0.0
    _, counts, rows = mojibake._pair_model()
    unseen = [
        c for c in "断斯新中国人大" if counts.get(c) and mojibake.pair_count(rows[c], "此") == 0
    ]
    assert len({counts[c] for c in unseen}) >= 2  # options of different counts
    assert len({_pair_bits(c, "此", True) for c in unseen}) == 1
    # Each is what a pair never seen after a character of this count is worth.
    expected = max(-mojibake._PAIR_CAP, math.log2(20.0 / (counts["此"] + 20.0)))
    assert _pair_bits(unseen[0], "此", True) == pytest.approx(expected)


def test_a_double_byte_decoder_refuses_on_the_next_byte_alone() -> None:
    from jzcli.repair.mojibake import _DBCS_LOST, _UTF8_LOST, _lost_byte_options

    for wrong in ("gbk", "cp950"):
        for first in (0x41, 0x81, 0xA1, 0xB0, 0xFF):
            for rest in (b"", b"\xa1", b"\xb0\xa1", b"A\x81\x40"):
                following = bytes((first,)) + rest
                for candidates in (_DBCS_LOST, _UTF8_LOST):
                    expected = mojibake._refused_before.__wrapped__(wrong, candidates, following)
                    assert _lost_byte_options(wrong, candidates, following) == expected


@pytest.mark.parametrize(
    ("options", "left", "right"),
    [
        (("中", "一", "个", "丫"), "她们的心", "只装着大"),
        (("要", "见", "老", "袁", "裁"), "稻之父”", "隆平."),
        (("。", "、", "】", "【", "』", "『"), "的空子”", ""),
        (("年", "平", "广", "并", "干"), "", "10月"),
    ],
)
def test_the_best_and_the_first_few_are_the_ranking_s(
    options: tuple[str, ...], left: str, right: str
) -> None:
    # `_best` and `_top` skip the pair table for options out of reach; same answers.
    from jzcli.repair.mojibake import _best, _rank, _top

    ranked = [ch for _, ch in _rank(options, left, right, "", None)]
    assert _best(options, left, right, "", None) == ranked[0]
    for keep in (1, 3, 4):
        assert _top(options, left, right, "", None, keep) == ranked[:keep]
