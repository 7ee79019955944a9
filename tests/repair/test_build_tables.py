"""The generated word model: the file format `build_tables` writes and the look-up reads."""

from __future__ import annotations

import io

from jzcli.repair.build_tables import write_unigrams
from jzcli.repair.plausibility import lookup_cost


def _rows(costs: dict[str, int]) -> tuple[dict[str, str], dict[str, str]]:
    out = io.StringIO()
    write_unigrams(costs, out)
    rows: dict[str, str] = {}
    pairs: dict[str, str] = {}
    for line in out.getvalue().splitlines():
        (rows if line[1] == "|" else pairs)[line[0]] = line[1:]
    return rows, pairs


def test_words_and_their_extensions_are_told_apart() -> None:
    rows, _ = _rows({"中": 64, "中心": 80, "中心区": 120, "心": 90})
    assert lookup_cost("中", rows) == 8.0
    assert lookup_cost("中心", rows) == 10.0
    assert lookup_cost("中心区", rows) == 15.0
    assert lookup_cost("心", rows) == 11.25
    # A prefix of a word is not a word, nor is an unknown first character.
    rows, _ = _rows({"中心区": 120})
    assert lookup_cost("中", rows) is None
    assert lookup_cost("中心", rows) is None
    assert lookup_cost("区", rows) is None


def test_pairs_inside_words_are_listed_per_character() -> None:
    _, pairs = _rows({"中心区": 120, "中国": 70})
    assert pairs["中"] == ">国心"
    assert pairs["心"] == ">区"
    assert "国" not in pairs
