"""Property tests: repair never crashes, is idempotent and keeps the shape of a document."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jzcli.repair import repair_document, repair_text

# Text biased toward what repair looks at: Han, brackets, pinyin letters, latin-1, entities.
ALPHABET = st.sampled_from(
    [
        *"網网頁页中文的了,?:;!()（），。“”&#;x0123456789 abcdeghinuwyàáǎāé",
        *("\u200b", "\u00ad", "\ufffd", "Ã", "©", "€", "Ö", "Ð", "ｉ", "１", "&amp;", "(wǎng)"),
        # Mixed damage (issue 9): pinyin and Traditional beside UTF-8 read as cp1252.
        *("註", "處", "(chù)", "ç»“", "ä¸­", "é—»", "\r", "\x0c", "\u2028"),
    ]
)
TEXTS = st.one_of(st.text(), st.lists(ALPHABET, max_size=40).map("".join))
LINE_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_repair_text_is_idempotent(text: str) -> None:
    once = repair_text(text)
    assert isinstance(once, str)
    assert repair_text(once) == once


@settings(max_examples=80, deadline=None)
@given(st.lists(TEXTS, max_size=6), st.sampled_from(["auto", "simplified", "traditional", "keep"]))
def test_repair_document_keeps_shape_and_lines(texts: list[str], script: str) -> None:
    out, counts = repair_document(texts, script)  # type: ignore[arg-type]
    assert len(out) == len(texts)
    for before, after in zip(texts, out):
        new_breaks = {c for c in after if c in LINE_BREAKS} - set(before)
        assert not new_breaks
    assert all(v > 0 for v in counts.values())
