"""Container scoring helpers: the class/id word patterns."""

from __future__ import annotations

import re
import sys
import time
from types import FrameType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from jzcli.extract import body
from jzcli.extract.blocks import build_layout

NAMES = ("_NEGATIVE", "_POSITIVE", "_UNLIKELY", "_MAYBE", "_EMBED", "OVERLAY")
PATTERNS = {name: getattr(body, name) for name in NAMES}
WORDS = [
    "ads", "ad", "tag", "tags", "meta", "hot", "body", "post", "text", "zw", "nav", "navbar",
    "read-more", "readmore", "sidebar", "comment", "article", "social-media-embed", "-ad-",
    "sign-up", "most-popular", "share", "content", "x", "a", "-", "_", " ", "\t", "metadata",
    "hotel", "ads-top", "post_body", "entry", "main", "twitter", "tiktok", "footnote",
]  # fmt: skip


def test_every_alternative_is_kept() -> None:
    for pattern in PATTERNS.values():
        source = body.ANY_OF_SOURCES[pattern]
        assert len(body._alternatives(source)) > 4
        for alternative in body._alternatives(source):
            # Each alternative on its own is still found by the regrouped pattern.
            sample = re.sub(r"\(\?:\^\|\[\\s_-\]\)|\(\?:\$\|\[\\s_-\]\)|\\b|.\?", "", alternative)
            assert pattern.search(sample), (alternative, sample)


@pytest.mark.parametrize("name", sorted(PATTERNS))
@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=8), noise=st.text(max_size=6))
def test_regrouped_patterns_find_what_the_alternation_finds(
    name: str, words: list[str], noise: str
) -> None:
    pattern = PATTERNS[name]
    plain = re.compile(body.ANY_OF_SOURCES[pattern])
    for text in ("".join(words) + noise, " ".join(words), "-".join([noise, *words]), noise):
        assert (pattern.search(text) is None) == (plain.search(text) is None), text


@pytest.mark.parametrize(
    ("hint", "negative"),
    [("ads", True), ("top-ads x", True), ("loads", False), ("meta", True), ("metadata", False),
     ("x_tag", True), ("hotel", True), ("photo", False), ("navbar", True), ("canvas", False)],
)  # fmt: skip
def test_word_bounds_still_hold(hint: str, negative: bool) -> None:
    # `hot` counts only at the start of a word; `ads`, `tags` and `meta` only as whole words.
    assert (body._NEGATIVE.search(hint) is not None) == negative


@pytest.mark.parametrize(
    ("hint", "layout"),
    [("row", True), ("row col-md-8", True), ("container-fluid  row", True), ("col-12", True),
     ("rowcol", False), ("story-row", False), ("col-row col-row x", False), ("sect1", False),
     ("section", False), ("box", False), ("block", False), ("inner", False), ("wrap", False)],
)  # fmt: skip
def test_layout_names_are_whole_names(hint: str, layout: bool) -> None:
    assert (body._LAYOUT.fullmatch(hint) is not None) == layout


def _cpu_of_layout_matches(hint: str) -> float:
    """The least CPU time of five rounds of 200 matches of `_LAYOUT` on `hint`."""
    rounds = []
    for _ in range(5):
        start = time.process_time()
        for _ in range(200):
            body._LAYOUT.fullmatch(hint)
        rounds.append(time.process_time() - start)
    return min(rounds)


def test_layout_match_grows_with_the_class_list_not_with_its_splits() -> None:
    # A long class list of grid-like names that ends in another name: doubling the list
    # about doubles the work (a pattern that may cut one name into several ways backtracks
    # through every cut: 14 s for 20 names, x2.3 for each more).
    short, long = ("col-row" * n + " x" for n in (6, 12))
    assert _cpu_of_layout_matches(long) < 8 * max(_cpu_of_layout_matches(short), 1e-4)


def _poster_box_steps(posts: int) -> int:
    """Python steps (traced lines and calls) of one `in_poster_box` on a thread of `posts`
    posts, each with its poster's box."""
    thread = "".join(
        f'<div class="post"><div class="user-info"><a href="/u/{n}">member{n}</a>'
        f"<span>Joined: 2015</span></div><p>Post number {n} of the thread.</p></div>"
        for n in range(posts)
    )
    layout = build_layout(LexborHTMLParser(f"<html><body><h1>T</h1>{thread}</body></html>").body)
    body.unlikely_elements(layout)  # worked out before, as choosing the body does
    last = max(i for i, hint in enumerate(layout.hints) if "user-info" in hint)
    steps = 0

    def count(frame: FrameType, event: str, arg: object) -> object:
        nonlocal steps
        steps += 1
        return count

    sys.settrace(count)
    try:
        assert body.in_poster_box(layout, last)
    finally:
        sys.settrace(None)
    return steps


def test_counting_poster_boxes_grows_with_the_page_not_its_square() -> None:
    # A 1 MB thread of 4,000 posts: each box checked against every other one was 96 million
    # steps. One pass over the elements: twice the posts, about twice the steps.
    assert _poster_box_steps(600) < 3 * _poster_box_steps(300)


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("Կառավարությունը հաստատեց ծրագիրը։ Աշխատանքները կսկսվեն գարնանը՝ մայիսին։", 3),  # Armenian
        ("أعلنت الوزارة، اليوم الثلاثاء، تسجيل حالات جديدة؛ هل انتهت الأزمة؟", 4),  # Arabic
        ("अधिकारी ने कहा कि बिल भेजे गए हैं। लोग परेशान हैं।", 2),  # Hindi
        ("حکومت نے نئے منصوبے کا اعلان کیا۔ کام جلد شروع ہوگا۔", 2),  # Urdu
    ],
)
def test_sentence_marks_of_other_scripts_count_as_punctuation(text: str, marks: int) -> None:
    # The prose test counts sentence marks; a script whose full stop is not `.` has prose too.
    stats = body._stats([body.Block(text, 0, 0, "p")])
    assert stats.punct == [marks]
