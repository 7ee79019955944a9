"""The pipeline's binary-content check counts what its character class defines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jzcli.pipeline import _NOT_TEXT, not_text_count, not_text_share

# Every boundary of the class, its neighbours, and characters of other UTF-8 lengths.
EDGES = [
    *map(chr, range(0x00, 0x30)),
    *map(chr, range(0x70, 0xB0)),
    *"\ufffc\ufffd\ufffe\ue000\uefff\uf000\uf8ff\uf900\u4e2d\u00a0\u00e9",
    "\ud800",
    "\udfff",
    "\U00010000",
    "\U000f0000",
    "\U0001f600",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(EDGES) | st.characters(), max_size=60).map("".join))
def test_counts_the_class_in_utf8_bytes_as_the_regex_does(text: str) -> None:
    assert not_text_count(text) == len(_NOT_TEXT.findall(text))


def test_share_of_binary_and_of_text() -> None:
    assert not_text_share("") == 0.0
    assert not_text_share("plain text\twith\r\nbreaks\x0c") == 0.0
    assert not_text_share("ab\x00\x01") == 0.5
    assert not_text_share("中文\ufffd\ue000\uf8ff\x85") == 4 / 6


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(EDGES) | st.characters(), min_size=1, max_size=60).map("".join),
    st.sampled_from([0.0, 0.05, 0.1, 0.3, 0.9]),
)
def test_a_bounded_share_answers_over_or_not_as_the_exact_one(text: str, limit: float) -> None:
    exact = len(_NOT_TEXT.findall(text)) / len(text)
    bounded = not_text_share(text, limit)
    assert (bounded > limit) == (exact > limit)
    assert exact <= bounded + 1e-12
    if bounded > limit:
        assert bounded == exact  # over the limit: the share itself, for the message


def test_latin_text_is_bounded_without_finding_each_character() -> None:
    text = "naïve café " * 20 + "\x85"  # one C1 control among 41 non-ASCII characters
    assert not_text_share(text) == 1 / len(text)
    assert 1 / len(text) <= not_text_share(text, 0.1) <= 0.1
