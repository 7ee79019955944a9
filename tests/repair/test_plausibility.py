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
