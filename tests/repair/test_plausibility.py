"""Plausibility scores used to accept or reject a re-decoding."""

from __future__ import annotations

from jzcli.repair.plausibility import common_share, han_stats, odd_count, window_score

REAL = "记者今天从市教育局获悉，全市中小学将于下周一开学。"
GARBAGE = "璁拌呬粖澶╀粠甯傛暀鑲插眬鑾锋倝锛屽叏甯備腑灏忓"


def test_real_text_scores_high_and_garbage_low() -> None:
    assert common_share(REAL) == 1.0
    assert common_share(GARBAGE) < 0.5
    assert common_share("no Han at all") == 1.0


def test_han_stats_counts() -> None:
    assert han_stats("中文abc") == (2, 0)
    assert han_stats("") == (0, 0)


def test_odd_characters() -> None:
    assert odd_count("中\ue000文\ufffdの") == 3
    assert odd_count(REAL) == 0


def test_window_score_prefers_common_then_frequent() -> None:
    assert window_score("的") > window_score("塔") > window_score("\ue000")
    assert window_score("。") > window_score("\u3000")
    assert window_score("中") > window_score("\ufffd")


def test_word_model_costs_frequent_words_less() -> None:
    from jzcli.repair.plausibility import run_cost, word_cost, word_rows

    rows = word_rows()
    common, rare = word_cost("的", rows), word_cost("塔", rows)
    assert common is not None and rare is not None and common < rare
    assert word_cost("中心", rows) is not None
    assert word_cost("心中心", rows) is None
    # A text split into known words costs less than the same characters in another order.
    assert run_cost("新闻中心记者", rows) < run_cost("新闻一心记者", rows)


def test_word_pairs_hold_the_neighbours_inside_words() -> None:
    from jzcli.repair.plausibility import word_pairs

    pairs = word_pairs()
    assert "心" in pairs["中"]
    assert "吗" not in pairs["中"]  # no word has 中吗 inside
