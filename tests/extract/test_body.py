"""Container scoring helpers: the class/id word patterns."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

try:  # the parser `re` compiles with (re._parser from Python 3.11)
    from re import _constants as sre  # type: ignore[attr-defined,unused-ignore]
    from re import _parser as sre_parse  # type: ignore[attr-defined,unused-ignore]
except ImportError:  # Python 3.10
    import sre_constants as sre  # type: ignore[no-redef,unused-ignore]
    import sre_parse  # type: ignore[no-redef,unused-ignore]

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from jzcli.extract import body
from jzcli.extract.blocks import build_layout

_CATEGORIES: dict[Any, Callable[[str], bool]] = {
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
    sre.CATEGORY_DIGIT: str.isdigit,
}
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


def _backtracking_steps(pattern: re.Pattern[str], text: str) -> int:
    """Steps of a backtracking matcher (as `re`'s engine is) walking `pattern`'s parse tree to
    fullmatch `text`: every node tried at every position counts one, and a failed match tries
    every way. `re` counts nothing itself, and its CPU time is noise on a shared machine."""
    steps = 0
    text_end = len(text)

    def char_in(items: list[tuple[Any, Any]], ch: str) -> bool:
        hit = False
        for op, arg in items:
            if op is sre.NEGATE:
                return not char_in(items[1:], ch)
            if op is sre.LITERAL:
                hit = hit or ord(ch) == arg
            elif op is sre.RANGE:
                hit = hit or arg[0] <= ord(ch) <= arg[1]
            elif op is sre.CATEGORY and arg in _CATEGORIES:
                hit = hit or _CATEGORIES[arg](ch)
            else:
                raise NotImplementedError(op, arg)
        return hit

    def ends(items: list[tuple[Any, Any]], k: int, at: int) -> Iterator[int]:
        nonlocal steps
        steps += 1
        if k == len(items):
            yield at
            return
        op, arg = items[k]
        if op is sre.LITERAL or op is sre.IN:
            if at < text_end and (
                ord(text[at]) == arg if op is sre.LITERAL else char_in(arg, text[at])
            ):
                yield from ends(items, k + 1, at + 1)
        elif op is sre.BRANCH or op is sre.SUBPATTERN:
            for alternative in arg[1] if op is sre.BRANCH else [arg[3]]:
                for middle in ends(list(alternative), 0, at):
                    yield from ends(items, k + 1, middle)
        elif op is sre.MAX_REPEAT:
            least, most, inner = arg

            def repeats(count: int, here: int) -> Iterator[int]:
                if count < most:  # greedy: one more first
                    for after in ends(list(inner), 0, here):
                        if after != here:
                            yield from repeats(count + 1, after)
                if count >= least:
                    yield from ends(items, k + 1, here)

            yield from repeats(0, at)
        else:
            raise NotImplementedError(op)

    tree = list(sre_parse.parse(pattern.pattern))
    assert any(end == text_end for end in ends(tree, 0, 0)) == bool(pattern.fullmatch(text))
    return steps


def test_backtracking_steps_tell_a_pattern_that_cuts_one_name_many_ways() -> None:
    # The counter itself: the pattern this one replaced (`(?:(?:col|col-\S+|…)\s*)+`) may read
    # `col-rowcol-row` as one name or as several; on a failed match it tries every cut.
    ambiguous = re.compile(r"(?:(?:row|col|col-\S+|wrap)\s*)+")
    short, long = ("col-row" * n + " x" for n in (6, 12))
    assert _backtracking_steps(ambiguous, long) > 50 * _backtracking_steps(ambiguous, short)


def test_layout_match_grows_with_the_class_list_not_with_its_splits() -> None:
    # A long class list of grid-like names that ends in another name: doubling the list
    # about doubles the work (a pattern that may cut one name into several ways backtracks
    # through every cut: 14 s for 20 names, x2.3 for each more).
    short, long = ("col-row" * n + " x" for n in (6, 12))
    assert _backtracking_steps(body._LAYOUT, long) < 3 * _backtracking_steps(body._LAYOUT, short)
    spaced = ("col-row " * n + "x" for n in (6, 12))
    few, many = (_backtracking_steps(body._LAYOUT, hint) for hint in spaced)
    assert many < 3 * few


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


def test_card_marks_text_in_block_elements_inside_a_link() -> None:
    html = (
        "<html><body><p>Read <a href='/x'>the report</a> first.</p>"
        "<a href='/job/1'><div><h3>Backend Developer</h3><p>Remote</p></div></a>"
        "<p><a href='/y'>A link alone</a></p></body></html>"
    )
    layout = build_layout(LexborHTMLParser(html).body)
    card = {block.text: block.card for block in layout.blocks}
    assert card == {
        "Read the report first.": False,
        "Backend Developer": True,
        "Remote": True,
        "A link alone": False,
    }


def _nested_page() -> Any:
    return build_layout(
        LexborHTMLParser(
            "<html><body><div class='page'><div class='post-author'><div class='user-info'>"
            "<p>Jane Doe</p><div><p>Joined May 2020</p></div></div></div>"
            "<div class='content'><p>Text of the post.</p><div><p>More.</p></div></div>"
            "<ul class='menu'><li><a href='/a'>A</a></li><li>B</li></ul></div></body></html>"
        ).body
    )


def test_outer_poster_box_is_the_outermost_matching_ancestor() -> None:
    layout = _nested_page()

    def climb(elem: int) -> int:  # what in_poster_box did before the memo: climb each time
        box = 0
        while elem > 0:
            if body._POSTER.search(layout.hints[elem]):
                box = elem
            elem = layout.parents[elem]
        return box

    expected = [climb(e) for e in range(len(layout.tags))]
    assert any(expected)  # the page has a poster box, and elements outside it
    assert not all(expected)
    everything = list(range(len(layout.tags)))
    for order in (everything, everything[::-1]):
        layout.memo.clear()
        assert [body._outer_poster_box(layout, e) for e in order] == [expected[e] for e in order]


def _walk_up_owner(layout: Any, elems: Any, elem: int, container: int) -> int:
    # What `_chrome_owners` answers, by the climb from each block it replaced.
    while elem > container:
        if elem in elems:
            return elem
        elem = layout.parents[elem]
    return -1


def _walk_up_under_header(layout: Any, elem: int, container: int) -> bool:
    # What `_under_headers` answers, by the climb from each block it replaced.
    header = False
    while elem > container:
        tag = layout.tags[elem]
        if tag == "header":
            header = True
        elif tag == "article" and header:
            return False
        elem = layout.parents[elem]
    return header


def test_chrome_owners_name_the_innermost_chrome_element_of_each_block() -> None:
    layout = _nested_page()
    chrome = {e: "boilerplate" for e, tag in enumerate(layout.tags) if tag in ("div", "ul")}
    chrome.pop(0, None)
    owners = body._chrome_owners(layout, chrome)
    for i, block in enumerate(layout.blocks):
        assert owners.get(i, -1) == _walk_up_owner(layout, chrome, block.elem, 0)
    assert len(owners) == len(layout.blocks)  # every block here lies inside some div or ul


def test_block_answers_found_once_per_container_match_the_climb_from_each_block() -> None:
    # Headers inside and outside articles, nested both ways, and elements at several depths
    # standing for chrome or index lists: for every container, each block's answer is the
    # one a climb from it to the container gives.
    layout = build_layout(
        LexborHTMLParser(
            "<html><body><div id=c><header><nav><p>menu</p></nav></header>"
            "<article><header><h1>title</h1><div><p>lead</p></div></header><p>text</p>"
            "<section><header><p>inner</p></header></section></article>"
            "<header><article><p>card</p><header><p>deep</p></header></article></header>"
            "<div class=x><div><p>a</p><div><p>b</p></div></div></div></div></body></html>"
        ).body
    )
    under = 0
    for container in range(len(layout.tags)):
        headers = body._under_headers(layout, container)
        # Elements that do not nest (as chrome and index lists never do), then any.
        apart, end, elem = [], layout.ends[container], container + 1
        while elem < end:
            apart.append(elem)
            elem = layout.ends[elem] if len(apart) % 2 else elem + 1
        for elems in (set(apart), set(range(container + 1, end, 3))):
            owners = body._chrome_owners(layout, elems)
            for i in range(layout.first_block[container], layout.end_block[container]):
                owner = _walk_up_owner(layout, elems, layout.blocks[i].elem, container)
                assert owners.get(i, -1) == owner
        for i in range(layout.first_block[container], layout.end_block[container]):
            expected = _walk_up_under_header(layout, layout.blocks[i].elem, container)
            assert (i in headers) is expected
            under += expected
    assert under  # some blocks are under a page header, and (above) some are not


@pytest.mark.parametrize(
    ("line", "joined"),
    [
        ("Joined: Mar 2019", True),
        ("Member since March 3, 2019", True),
        ("Registered: 2019-03-04", True),
        ("注册时间：2019-03-04", True),
        ("注册于2019年3月4日", True),
        ("Joined", True),
        # phpBB's own format: the weekday first (the line was taken for a bio, the box for
        # an author card, and the member's join date dated the thread)
        ("Joined: Sun Dec 28, 2014 3:02 pm", True),
        ("Member since: Wednesday, 4 March 2020", True),
        ("Registered nurse and health writer", False),
        ("Registered Sunday, the nurse wrote a story on May 4, 2015", False),
        ("Registered dietitian, at the paper since May 4, 2015", False),
        ("注册会计师，2015年3月起为本报撰写财经专栏", False),
    ],
)
def test_a_join_line_has_its_date_right_after_the_word(line: str, joined: bool) -> None:
    assert body._joined_line(line) is joined
