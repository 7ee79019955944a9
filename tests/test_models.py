"""Model objects clean their strings on construction (models._make_safe)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jzcli.models import Article, Author, safe_text

_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x3F), st.sampled_from("\x85\x9f\ud800\u3000你a")
    ),
    max_size=12,
)


@given(st.lists(_TEXT, max_size=6), _TEXT)
def test_paragraphs_and_title_are_cleaned_as_safe_text_cleans_them(
    paragraphs: list[str], title: str
) -> None:
    article = Article(url="", title=title, paragraphs=tuple(paragraphs))
    assert article.title == safe_text(title, keep_c1=True)
    assert article.paragraphs == tuple(safe_text(p, keep_c1=True) for p in paragraphs)


def test_clean_strings_are_kept_as_they_are() -> None:
    paragraphs = ("第一段\n第二行", "Second\tparagraph")
    article = Article(url="", title="t", paragraphs=paragraphs)
    assert article.paragraphs is paragraphs
    author = Author("张\x0b三", "张三")
    assert author.name == "张 三"  # a vertical tab separates: a space


def test_a_tuple_is_checked_once_clean_and_every_time_it_is_not() -> None:
    # Clean tuples are remembered by identity (the next model object holding the same
    # tuple keeps it without a second search); a tuple holding controls is cleaned again
    # in each object that receives it.
    dirty = ("a\x1bb", "c\x00")
    first, second = Article(paragraphs=dirty), Article(paragraphs=dirty)
    assert first.paragraphs == second.paragraphs == ("ab", "c")
    clean = ("x", "y")
    article = Article(paragraphs=clean)
    again = Article(paragraphs=article.paragraphs, title="t\x07")
    assert again.paragraphs is clean and again.title == "t"


@given(
    st.text(
        alphabet=st.one_of(
            st.characters(max_codepoint=0x7F),
            st.sampled_from("\x85\ud800\udfff\ud7ff\ue000\u3000你\U0001f600é"),
        ),
        max_size=40,
    ),
    st.integers(min_value=0, max_value=300),
)
def test_control_check_agrees_with_the_pattern_on_long_text(piece: str, pad: int) -> None:
    from jzcli import models

    for text in (piece, "x" * pad + piece, piece + "你" * pad):
        assert models._has_c0(text) == (models._C0.search(text) is not None), repr(text)
