"""The layout walk's text cleaning: its shortcuts give what the plain rule gives."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from jzcli.extract.blocks import _CJK_NEWLINE, _SPACES, _clean


def _plain_clean(text: str) -> str:
    """What `_clean` is defined to do, without its shortcuts."""
    return _SPACES.sub(" ", _CJK_NEWLINE.sub("", text)).strip(" ")


# Text made of the characters the shortcuts tell apart: ASCII spaces and controls, words,
# the spaces only Unicode or only _SPACES counts, and CJK around newlines.
_PIECES = st.sampled_from(
    ["a", "Word", " ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x7f", "\x00",
     "\u00a0", "\u200b", "\ufeff", "\u3000", "\u2009", "中", "文", "é", ".", "-"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_clean_matches_its_definition(text: str) -> None:
    assert _clean(text) == _plain_clean(text)


def test_clean_keeps_clean_ascii_text_and_fixes_the_rest() -> None:
    assert _clean("Read more") == "Read more"
    assert _clean("Read  more ") == "Read more"
    assert _clean(" Read\tmore") == "Read more"
    assert _clean("Read\x1cmore") == "Read\x1cmore"  # not a space to _SPACES: kept
    assert _clean("") == ""
    assert re.fullmatch(r"\S+", _clean("\n  x\n"))
