from __future__ import annotations

import tracemalloc
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from jzcli.dedupe import dedupe_article, dedupe_paragraphs
from jzcli.models import Article, safe_text
from jzcli.settings import Settings

P1 = "城市管理的力量在人民，只有俯下身去倾听，才能听得见群众的真实心声。"
P2 = "让生活更美好，这是城市治理的价值所在。"
P3 = "The council approved the new budget on Tuesday after a long debate."


def test_exact_repeat_keeps_first_and_order() -> None:
    kept, removed = dedupe_paragraphs([P1, P2, P1, P3, P2])
    assert kept == [P1, P2, P3]
    assert [(r.index, r.reason, r.duplicate_of) for r in removed] == [
        (2, "duplicate", 0),
        (4, "duplicate", 1),
    ]


def test_short_paragraphs_are_deduped_too() -> None:
    kept, _ = dedupe_paragraphs(["一、坚持人民至上", "正文。", "一、坚持人民至上", "正文。"])
    assert kept == ["一、坚持人民至上", "正文。"]


def test_block_printed_twice() -> None:
    block = [P1, P2, P3]
    kept, removed = dedupe_paragraphs(["标题行", *block, "免责声明", *block])
    assert kept == ["标题行", *block, "免责声明"]
    assert len(removed) == 3


def test_normalisation_width_space_case_and_script() -> None:
    flattened = P1.replace("，", ",").replace("。", ".")
    spaced = " ".join(P2)
    traditional = "讓生活更美好，這是城市治理的價值所在。"
    kept, removed = dedupe_paragraphs([P1, P2, flattened, spaced, traditional, P3, P3.upper()])
    assert kept == [P1, P2, P3]
    assert all(r.reason == "duplicate" for r in removed)


def test_near_duplicate_with_changed_characters_and_trailer() -> None:
    changed = P1.replace("真实", "真正")
    trailer = P1 + "（完）"
    kept, removed = dedupe_paragraphs([P1, P3, changed, trailer])
    assert kept == [P1, P3]
    assert [r.reason for r in removed] == ["near-duplicate", "near-duplicate"]
    assert all(r.duplicate_of == 0 for r in removed)


def test_threshold_option_changes_near_duplicate_decision() -> None:
    changed = P1.replace("真实", "真正")
    assert dedupe_paragraphs([P1, changed], similarity=0.85)[0] == [P1]
    assert dedupe_paragraphs([P1, changed], similarity=1.0)[0] == [P1, changed]
    assert dedupe_paragraphs([P1, changed], near=False)[0] == [P1, changed]


def test_distinct_short_lines_are_not_near_duplicates() -> None:
    lines = ["记者 张三", "记者 李四", "2021年6月16日", "2021年6月17日"]
    assert dedupe_paragraphs(lines)[0] == lines


def test_distinct_paragraphs_sharing_words_are_kept() -> None:
    a = "市场管理方表示，下一步将引入线上预订和配送服务，方便附近的老年居民。"
    b = "社区工作者表示，下一步将组织更多志愿者走进楼院，听取居民的意见。"
    assert dedupe_paragraphs([a, b])[0] == [a, b]


def test_blank_and_punctuation_only_paragraphs_are_never_duplicates() -> None:
    lines = ["", "……", "", "……"]
    assert dedupe_paragraphs(lines)[0] == lines


def test_dedupe_article_records_removals() -> None:
    article = Article(paragraphs=(P1, P2, P3, P1, P2))
    out = dedupe_article(article, Settings())
    assert out.paragraphs == (P1, P2, P3)
    assert [(r.index, r.text, r.duplicate_of) for r in out.provenance.removed] == [
        (3, P1, 0),
        (4, P2, 1),
    ]
    assert dedupe_article(article, Settings(dedupe=False)).paragraphs == article.paragraphs


def accidental(paragraphs: list[str]) -> list[str]:
    return dedupe_paragraphs(paragraphs, accidental_only=True)[0]


QUESTIONS = [
    "What got you started in the trade?",
    "What is the hardest part of the job?",
    "What would you tell someone starting out?",
]


def test_article_keeps_the_same_questions_put_to_each_person() -> None:
    answers = [
        "My grandfather kept a workshop behind the house.",
        "Clients who change their minds after the wood is cut.",
        "Buy good chisels once and keep them sharp.",
        "A summer job on a building site, mostly carrying beams.",
        "Standing all day; my knees complain every winter.",
        "Learn to draw plans by hand before using software.",
        "I restored an old boat with my father when I was twelve.",
        "Pricing work fairly when every job is different.",
        "Find a master who lets you make mistakes on cheap timber.",
    ]
    page = []
    for name in ("Ana", "Ben", "Chloe"):
        page.append(f"{name}, carpenter")
        for question in QUESTIONS:
            page += [question, answers.pop(0)]
    assert accidental(page) == page
    # `jz dedupe` on a file still removes every repeated line.
    assert len(dedupe_paragraphs(page)[0]) == len(page) - 6


def test_article_keeps_list_numbers_captions_and_table_cells() -> None:
    steps = ["1", "Cut the board to length.", "2", "Sand the edges.", "3", "Oil the wood."]
    more = ["1", "Mark the holes.", "2", "Drill them.", "3", "Fit the hinges."]
    caption = "The workshop in spring. Photo: Dana Lee"
    standings = ["Team", "W", "L", "Reds", "W", "L", "Blues", "W", "L"]
    page = [*steps, caption, *more, caption, *standings]
    assert accidental(page) == page


def test_article_keeps_paragraphs_that_differ_only_in_a_number() -> None:
    a = "Regarding item #22222, the committee approved the request after a short review."
    b = "Regarding item #11111, the committee approved the request after a short review."
    assert accidental([a, P3, b]) == [a, P3, b]
    assert dedupe_paragraphs([a, P3, b])[0] == [a, P3]  # a near-duplicate for `jz dedupe`


def test_article_drops_a_body_printed_twice_an_echo_and_a_stutter() -> None:
    body = [P1, P2, P3]
    assert accidental(["标题行", *body, "免责声明", *body]) == ["标题行", *body, "免责声明"]
    # Near copies in a run count too (a trailer added on the second print).
    assert accidental([*body, "广告", P1, P2 + "（完）"]) == [*body, "广告"]
    # A paragraph printed twice in a row (two layouts of one card).
    card = "Branding a cider on a mission to fund a museum and stand out on crowded shelves."
    assert accidental([card, card, P3]) == [card, P3]
    long = " ".join([P3] * 4)
    assert accidental([long, P2, "Yes.", long, "Yes."]) == [long, P2, "Yes.", "Yes."]


def test_article_dedupe_settles_in_one_call() -> None:
    x = "第三段的内容与前两段不同，讲的是别的事情。"
    y = "第四段也是一段新的内容，不与别处重复。"
    a, b = P1, P2
    kept, removed = dedupe_paragraphs([a, b, x, y, a, x, y, b], accidental_only=True)
    # [a, x, y] copies a large share of the page: it goes. The last b then stands after
    # x and y, with the page's own text between it and its source: a short line kept.
    assert kept == [a, b, x, y, b]
    assert [r.index for r in removed] == [4, 5, 6]
    assert dedupe_paragraphs(kept, accidental_only=True) == (kept, [])


def test_many_near_duplicates_are_all_caught() -> None:
    # More variants than one sketch bucket holds: every one still finds the original.
    variants = [P1.replace("群众", f"群众{i}") for i in range(40)]
    kept, removed = dedupe_paragraphs([P1, *variants])
    assert kept == [P1]
    assert len(removed) == 40


text_lists = st.lists(
    st.one_of(
        st.text(max_size=60),
        st.sampled_from([P1, P2, P3, P1.replace("，", ","), "", "。"]),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(text_lists, st.floats(min_value=0.5, max_value=1.0), st.booleans())
def test_properties_never_crash_keep_order_idempotent(
    paragraphs: list[str], sim: float, accidental_only: bool
) -> None:
    kept, removed = dedupe_paragraphs(paragraphs, similarity=sim, accidental_only=accidental_only)
    # Kept paragraphs are a subsequence of the input, in order; removed + kept = input.
    it = iter(paragraphs)
    assert all(any(p == q for q in it) for p in kept)
    assert len(kept) + len(removed) == len(paragraphs)
    # A Removal holds the model's text: control characters dropped (models.safe_text).
    assert all(safe_text(paragraphs[r.index], keep_c1=True) == r.text for r in removed)
    # Idempotent and deterministic.
    again = {"similarity": sim, "accidental_only": accidental_only}
    assert dedupe_paragraphs(kept, **again)[0] == kept  # type: ignore[arg-type]
    assert dedupe_paragraphs(paragraphs, **again)[0] == kept  # type: ignore[arg-type]


def _difflib_similarity(
    a: str | tuple[str, ...], b: str | tuple[str, ...], threshold: float
) -> float:
    """What key_similarity computed before its bounds were taken from cached counts."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="记者报道市民公园开放abc12", min_size=1, max_size=40),
    st.text(alphabet="记者报道市民公园开放abc12", min_size=1, max_size=40),
    st.sampled_from([0.5, 0.7, 0.85, 0.95]),
)
def test_key_similarity_is_difflibs_ratio_behind_its_bounds(
    a: str, b: str, threshold: float
) -> None:
    from jzcli.dedupe.paragraphs import _Key, key_similarity

    words_a, words_b = tuple(a.split("1")), tuple(b.split("1"))
    assert key_similarity(_Key(a, a), _Key(b, b), threshold) == _difflib_similarity(a, b, threshold)
    assert key_similarity(_Key(a, words_a), _Key(b, words_b), threshold) == _difflib_similarity(
        words_a, words_b, threshold
    )


# Keys as they were made one paragraph at a time: NFKC, case folded, Traditional folded to
# Simplified, then the tokens joined (the batch and the shortcuts must give the same keys).
_KEY_CHARS = [
    *"中國文a B5_，：（）！？\u3000…ー・゛가é٣²\u0301-ＡＢ１ｶﾞ\n.'\x1c",
    "①",
    "ﬁ",
    "ß",
    "İ",
]


def _reference_key(paragraph: str) -> tuple[str, str | tuple[str, ...]]:
    import unicodedata

    from jzcli.dedupe.paragraphs import _HAN, _TOKEN, _t2s

    text = unicodedata.normalize("NFKC", paragraph).casefold().replace("\n", " ")
    if _HAN.search(text):
        text = _t2s()(text)
    tokens = _TOKEN.findall(text)
    exact = "".join(tokens)
    return (exact, exact) if len(exact) == len(tokens) else (exact, tuple(tokens))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_KEY_CHARS), max_size=12), max_size=6))
def test_keys_are_made_as_one_paragraph_at_a_time(paragraphs: list[str]) -> None:
    from jzcli.dedupe.paragraphs import _make_keys

    keys = [(k.exact, k.units) for k in _make_keys(paragraphs)]
    assert keys == [_reference_key(p) for p in paragraphs]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="记者あカ한글ｱ豈abc12 _", max_size=40))
def test_weight_counts_each_cjk_character_three_times(exact: str) -> None:
    import re

    from jzcli.dedupe.paragraphs import _Key, _weight

    cjk = re.findall(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]", exact)
    assert _weight(_Key(exact, exact)) == len(exact) + 2 * len(cjk)


def _reference_sketch(units: str | tuple[str, ...]) -> list[int]:
    """The sketch as first defined: every trigram's CRC32, the SKETCH_SIZE smallest."""
    import zlib

    from jzcli.dedupe.paragraphs import SKETCH_SIZE

    codes = [ord(t) if len(t) == 1 else zlib.crc32(t.encode()) | 0x80000000 for t in units]
    raw = b"".join(c.to_bytes(4, "little") for c in codes)
    if len(raw) < 12:
        return [zlib.crc32(raw)]
    return sorted({zlib.crc32(raw[i : i + 12]) for i in range(0, len(raw) - 8, 4)})[:SKETCH_SIZE]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        # Long enough for the bounded search (more than 64 trigrams), repeats included.
        st.text(alphabet="记者报道市民公园开放新闻", max_size=300),
        st.lists(st.sampled_from(["news", "a", "城", "the", "2024", "x"]), max_size=120).map(tuple),
    )
)
def test_sketch_is_the_smallest_trigram_hashes(units: str | tuple[str, ...]) -> None:
    from jzcli.dedupe.paragraphs import _sketch

    assert _sketch(units) == _reference_sketch(units)


def test_article_keeps_fields_every_card_repeats() -> None:
    # Three offers on one page, each with the same booking window and terms: a field
    # printed once per card is the author's, every copy of it.
    page = []
    for place, price in (("Lisbon", "$899"), ("Porto", "$749"), ("Madeira", "$1,099")):
        page += [
            f"Seven nights in {place}",
            f"From {price} per person, flights included",
            "BOOK: By Dec 31, 2025",
            "TRAVEL: Through Mar 31, 2026",
            "Not valid with other offers; some restrictions apply.",
        ]
    assert accidental(page) == page
    # A week's plan printed for each week repeats its rest days: rows of a table.
    weeks = []
    for week, distance in ((1, 5), (2, 6), (3, 8)):
        weeks += [f"Week {week}", f"Monday. Easy run, {distance} km", "Tuesday. Rest day"]
        weeks += ["Wednesday. Strength and mobility, 30 minutes", "Thursday. Rest day"]
    assert accidental(weeks) == weeks


def test_article_keeps_a_refrain_sung_three_times() -> None:
    chorus = ["Carry me home on the evening tide", "Carry me home where the river runs wide"]
    verses = [
        ["The lamps were lit along the quay", "My father's boat was out at sea"],
        ["The gulls came in before the rain", "I watched the harbour wall again"],
        ["Now every night I hear the bell", "And every wave has tales to tell"],
    ]
    song = [line for verse in verses for line in (*verse, *chorus)]
    assert accidental(song) == song


def test_article_still_drops_long_blocks_printed_three_times() -> None:
    # A reply quoting a traceback: the lines under the code (carets) have no word and do not
    # break the quoted block; a block of that length repeated is a quote, not a field.
    trace = [
        "Traceback (most recent call last):",
        'File "/srv/app/worker.py", line 58, in run',
        "result = self.handler(*self.args, **self.kwargs)",
        "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        'File "/srv/app/queue.py", line 147, in start',
        "self._task = self._loop.create_task(self.receive())",
        "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "RuntimeError: create_task called from a thread other than the event loop",
    ]
    page = ["The worker stops after an hour with this error:", *trace]
    page += ["Same here since the update, log below.", *trace]
    page += ["Which version are you on? Mine shows:", *trace]
    carets = [line for line in trace if line.startswith("^")]
    assert accidental(page) == [
        page[0],
        *trace,
        "Same here since the update, log below.",
        *carets,  # no word: nothing to compare, never removed
        "Which version are you on? Mine shows:",
        *carets,
    ]


def test_article_drops_copies_printed_back_to_back_however_many() -> None:
    # Held three times but each copy right after the last: one item printed for three
    # layouts, not a field of three items. The first copy stays, the others go.
    notice = "通知：明天上午九点至十一点，市区部分路段因道路施工临时封闭，请绕行。"
    assert accidental(["导语", notice, notice, notice, "编辑：李四"]) == [
        "导语",
        notice,
        "编辑：李四",
    ]
    brief = ["The library reopens on Saturday.", "Opening hours stay the same as before."]
    assert accidental(["Library news", *brief, *brief, *brief]) == ["Library news", *brief]
    chrome = ["See also: more from our science desk", "Continue reading"]
    story = "A comet will pass close enough to see with binoculars next week."
    assert accidental([story, *chrome, *chrome, *chrome]) == [story, *chrome]
    signup = "Sign up for our morning email"
    page = ["First paragraph of the report, long enough to read.", signup, signup, signup]
    assert accidental([*page, "Last paragraph."]) == [*page[:2], "Last paragraph."]
    # The same lines with other text between the copies are a field of each item: kept.
    spaced = [story, *chrome, "Another story.", *chrome, "A third story.", *chrome]
    assert accidental(spaced) == spaced
    # A column of short cells is the table's, and so is a template filled in for each item
    # (near copies, one word apart), printed one after another.
    table = ["Plan", "Basic", "Pro", "Cover letter", "Yes", "Yes", "Yes", "Format", "PDF"]
    assert accidental(table) == table
    tabs = [
        line
        for lang in ("Python", "Java", "Go", "Rust")
        for line in (
            f"You are reading the {lang} version of this guide; choose your language above.",
            "To start at once, follow the quickstart.",
        )
    ]
    assert accidental(tabs) == tabs


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="记者报道市民公园开放新闻", max_size=120),
            st.lists(st.sampled_from(["news", "a", "城", "the", "2024"]), max_size=40).map(tuple),
        ),
        max_size=8,
    )
)
def test_sketches_made_together_are_each_keys_sketch(
    units: list[str | tuple[str, ...]],
) -> None:
    from jzcli.dedupe.paragraphs import _Key, _sketch_all

    keys = [_Key("".join(u), u) for u in units]
    _sketch_all(keys)
    assert [k.sketch() for k in keys] == [_reference_sketch(u) for u in units]


def _without_shortcuts(paragraphs: list[str], similarity: float) -> tuple[list[str], list[Any]]:
    """The article dedupe with every paragraph visited and every candidate searched: what
    `dedupe_paragraphs` does before it skips the paragraphs that cannot match."""
    from jzcli.dedupe.paragraphs import BANDS, _accidental, _make_keys

    keys = list(_make_keys(paragraphs))
    every_band = frozenset(h for k in keys if k.exact for h in k.sketch()[:BANDS])
    everyone = frozenset(range(len(paragraphs)))
    alive = list(range(len(paragraphs)))
    removed: list[Any] = []
    while gone := _accidental(paragraphs, keys, alive, similarity, every_band, everyone):
        removed.extend(gone)
        dropped = {r.index for r in gone}
        alive = [i for i in alive if i not in dropped]
    removed.sort(key=lambda r: r.index)
    return [paragraphs[i] for i in alive], removed


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            # A small alphabet: paragraphs share trigrams, so their sketches share values.
            st.text(alphabet="记者报道市民公园开放新闻。", min_size=10, max_size=40),
            st.lists(st.sampled_from(["news", "the", "park", "2024", "opens"]), min_size=3).map(
                " ".join
            ),
            st.sampled_from([P1, P2, P3, P1 + "（完）", P2.replace("。", "")]),
        ),
        max_size=24,
    ),
    st.sampled_from([0.5, 0.85, 1.0]),
)
def test_skipping_paragraphs_that_cannot_match_changes_nothing(
    paragraphs: list[str], similarity: float
) -> None:
    # Pages where nothing repeats skip the search, and the paragraphs of a page that share
    # no key and no bucket key with another are never visited: the same result.
    got = dedupe_paragraphs(paragraphs, similarity=similarity, accidental_only=True)
    assert got == _without_shortcuts(paragraphs, similarity)


def test_article_keeps_a_template_filled_in_for_each_item() -> None:
    # A menu printed for each plan: the same headings and many of the same lines, with each
    # plan's own dish in the slots. Every plan's lines are content, the repeated ones too.
    def plan(name: str, breakfast: str, drink: str | None, dinner: str) -> list[str]:
        lines = [f"Menu for plan {name}", "Breakfast", "Eat within an hour of waking up"]
        lines += [breakfast, "Containers: one green, one red, one yellow", "Snack"]
        lines += ["Drink half an hour before your workout"]
        lines += [drink] if drink else ["Choose any drink from the list at the end."]
        lines += ["Lunch", "Eat two to three hours after breakfast", "Beef and peppers"]
        lines += ["Dinner", "Eat at least two hours before bed", dinner]
        return lines

    page = [
        "Pick the plan that matches your calorie target.",
        *plan("A", "Two poached eggs with asparagus", None, "Grilled salmon"),
        *plan("B", "Oat porridge with berries", "Green tea", "Chicken chili"),
        *plan("C", "Two poached eggs with asparagus", "Lemon water", "Lentil soup"),
    ]
    assert accidental(page) == page


def test_article_still_drops_a_body_printed_twice_and_an_echoed_block() -> None:
    body = [
        "The council voted on Tuesday to close the old library at the end of the year.",
        "Residents said the building had served the town for more than sixty years.",
        "A new library will open in the shopping centre in the spring.",
        "The mayor said the move would save money and bring longer opening hours.",
    ]
    # Printed twice, with an ad inserted in the copy: one side only has a line of its own.
    page = ["Library to close", *body, "Share this story", *body[:2], "Advertisement", *body[2:]]
    assert accidental(page) == ["Library to close", *body, "Share this story", "Advertisement"]
    # An echoed block with one word changed (a near copy) still goes.
    echo = [*body[:2], body[2].replace("spring", "autumn"), body[3]]
    assert accidental(["Library to close", *body, "Related", *echo]) == [
        "Library to close",
        *body,
        "Related",
    ]


def test_a_line_repeated_thousands_of_times_holds_little_memory_per_line() -> None:
    # A <pre> of one-character lines: each line repeats up to eight earlier copies, and
    # each copy is a way of reading the lines as an echo. Reading them all must not keep a
    # record per line and copy (it took about 3.5 KB a line, most of the page's peak).
    lines = ["行"] * 8000
    tracemalloc.start()
    try:
        kept, removed = dedupe_paragraphs(lines, accidental_only=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept == ["行"] and len(removed) == 7999
    assert peak < 8000 * 2000


def test_word_codes_survive_another_thread_emptying_the_table() -> None:
    # Batch runs without worker processes dedupe articles in threads side by side, sharing
    # the table of word codes; a thread that fills it up empties it. Emptied between another
    # thread's adding its new words and looking them up, that lookup raised KeyError (the
    # article failed as an internal error).
    import pytest

    from jzcli.dedupe import paragraphs

    class EmptiedByAnotherThread(paragraphs._WordCodes):
        def __setitem__(self, key: str, value: int) -> None:
            super().__setitem__(key, value)
            if len(self) == 2:
                self.clear()  # what the other thread did just then

    expected = paragraphs._codes(("alpha", "beta"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paragraphs, "_WORD_CODES", EmptiedByAnotherThread())
        assert paragraphs._codes(("alpha", "beta")) == expected
