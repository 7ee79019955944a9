"""The cheap checks that let clean text skip the repair stages must agree with the full ones."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jzcli.repair.mojibake import fix_mojibake
from jzcli.repair.normalize import needs_normalizing
from jzcli.repair.page import _may_be_converted, repair_page_text
from jzcli.repair.pinyin import PINYIN_RE, has_pinyin_match
from jzcli.repair.script import detect_script
from jzcli.repair.text import _clean_text, _repair_encoding

SAMPLES = [
    "记者从市政府获悉，今年全市新建公园十二座。",
    "“我们会继续努力。”他说——这是第一步……",
    "Plain ASCII text, with (brackets) and numbers 123.",
    "“quoted” – cp1252 marks only",  # could be cp1252 mojibake: not provably clean
    "CafÃ© dÃ©jÃ  vu",  # UTF-8 read as cp1252
    "ÖÐÎÄÐÂÎÅÍø",  # GBK read as latin-1
    "涓\ue15e浗",  # UTF-8 read as GB18030 (private use)
    "涓�鍥�",  # UTF-8 read as GBK with U+FFFD
    "籓芖呼隔穝籇",  # Big5 read as GBK: rare characters
    "新闻&amp;评论",  # an entity
    "全角ＡＢＣ１２３",  # full-width letters and digits
    "零宽\u200b空格",
    "這個(ge)網頁(yè)為什麼(me)",
    "中文 mixed with English and 数字 2024",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_clean_text_means_no_encoding_repair(text: str) -> None:
    counts: defaultdict[str, int] = defaultdict(int)
    if _clean_text(text):
        assert fix_mojibake(text) == (text, None)
        assert not needs_normalizing(text)
    assert _repair_encoding(text, counts) == _repair_encoding(text, defaultdict(int))


def test_clean_text_accepts_clean_chinese_and_rejects_damage() -> None:
    assert _clean_text(SAMPLES[0]) and _clean_text(SAMPLES[1]) and _clean_text(SAMPLES[2])
    for damaged in SAMPLES[3:12]:
        assert not _clean_text(damaged), damaged


def test_clean_set_and_clean_pattern_agree_on_every_character() -> None:
    # The first texts are checked with a set, the rest with the compiled pattern: both
    # must draw the line at the same characters.
    from jzcli.repair.text import _beyond_clean_re, _clean_chars

    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    outside = set(_beyond_clean_re().findall(everything))
    assert outside and outside.isdisjoint(_clean_chars())
    assert len(outside) + len(_clean_chars()) == len(everything)


def test_clean_text_answers_alike_before_and_after_the_pattern_is_compiled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jzcli.repair import text

    monkeypatch.setattr(text, "_set_checks", 0)
    by_set = [_clean_text(t) for t in SAMPLES]
    monkeypatch.setattr(text, "_set_checks", text._SET_CHECKS)
    assert [_clean_text(t) for t in SAMPLES] == by_set


@pytest.mark.parametrize(
    "text",
    [
        "網(wǎng)民",
        "(wang)開頭",
        "網（wang）",
        "no Han (wang)",
        "網 (wang)",
        "function f(a){return (b)}; 中文(zhong)",
        "（完）",
        "",
    ],
)
def test_has_pinyin_match_agrees_with_the_pattern(text: str) -> None:
    assert has_pinyin_match(text) == (PINYIN_RE.search(text) is not None)


def _script_by_characters(text: str) -> str:
    """detect_script as it was: every character matched on its own."""
    import re

    from jzcli.repair.script import simplified_count, traditional_count

    classes = {
        "Han": "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]",
        "Latn": "[A-Za-z\u00c0-\u024f]",
        "Cyrl": "[\u0400-\u04ff]",
        "Grek": "[\u0370-\u03ff]",
        "Arab": "[\u0600-\u06ff]",
        "Kore": "[\uac00-\ud7af]",
        "Jpan": "[\u3040-\u30ff]",
    }
    counts = {k: len(re.findall(v, text)) for k, v in classes.items()}
    best = max(counts, key=lambda k: counts[k])
    if counts[best] == 0:
        return ""
    if best == "Han" and counts["Jpan"] * 10 >= counts["Han"]:
        return "Jpan"
    if best != "Han":
        return best
    sample = text[:2000]
    return "Hant" if traditional_count(sample) > simplified_count(sample) else "Hans"


@pytest.mark.parametrize(
    "text",
    [
        "这是简体中文的新闻报道，内容很长很长 with some English",
        "这是简体中文 with a lot more English words than Han",
        "這是繁體中文的新聞報導，臺灣",
        "Новости дня and a few English words",
        "Новости дня и много слов",
        "ニュースのひらがなとカタカナ中文",
        "Ελληνικά νέα και English",
        "한국어 뉴스 기사",
        "12345 !!!",
    ],
)
def test_detect_script_counts_match_single_characters(text: str) -> None:
    assert detect_script(text) == _script_by_characters(text)


def test_page_with_traditional_characters_inside_simplified_text_is_skipped() -> None:
    page = "<html><body><p>关于黄琨暐的报道，记者於北京采访。</p><p>新闻</p></body></html>"
    assert not _may_be_converted(page)
    assert repair_page_text(page, "https://example.com/a", None) == (page, {})


def test_page_with_a_converted_node_is_looked_at() -> None:
    page = "<html><body><p>這個網頁為什麼轉換成繁體</p><p>新闻</p></body></html>"
    assert _may_be_converted(page)
    meta = '<meta name="description" content="這個網頁"><p>新闻报道说</p>'
    assert _may_be_converted(meta)


# What _text_spans split pages on before its markup pattern was unrolled: each comment and
# raw-text element ends at its first end (lazy), tags one by one.
_LAZY_MARKUP = (
    r"<!--.*?(?:-->|$)|<(script|style|textarea|noscript)\b[^>]*>.*?(?:</\1\s*>|$)|<[^>]*>"
)

MARKUP_SAMPLES = [
    "<p>中文，好</p>\n  <p>\n</p><br/>text (a) <b>b</b>",
    "前<!-- c -- d --->后<!---->中<!-- open",
    "<script>if (a<b) x = '</scrip'; </SCRIPT >網<style a=1>p{}</style>, 後",
    "<textarea>文</textarea>字<noscript><p>不</p></noscript>!",
    "a < b, 中 <p>x</p> c < d (e)",
    "tail < no close, 中",
    "<script>never closed 中\n",
    "<!-- never closed 中\n",
    "\n\t <a href='x'>鏈接</a>\n\t <i>，</i>",
]


@pytest.mark.parametrize("html", MARKUP_SAMPLES)
def test_text_spans_are_the_gaps_between_markup(html: str) -> None:
    import re

    from jzcli.repair.page import _TEXT_RE, _text_spans

    spans, last = [], 0
    for m in re.finditer(_LAZY_MARKUP, html, re.S | re.I):
        if m.start() > last and _TEXT_RE.search(html, last, m.start()):
            spans.append((last, m.start()))
        last = m.end()
    if last < len(html) and _TEXT_RE.search(html, last):
        spans.append((last, len(html)))
    assert _text_spans(html) == spans


@pytest.mark.parametrize(
    "html",
    [
        '<img alt="網頁" title=\'標題\'><a TITLE = "x">',
        '<p alt=\'a title="inside"\'> title="after"',
        'x title="no space before"y  alt  =  "spaces" \u3000title="ideographic space"',
        '<a title="<b>">  alt="ok"  title= "open',
        "=alt=\"\" title=''",
    ],
)
def test_attributes_are_found_as_the_pattern_finds_them(html: str) -> None:
    from jzcli.repair.page import _ATTRIBUTE_RE, _attributes

    for text in (html, "<br>" * 2000 + html):
        expected = [(m.span(), m.groups()) for m in _ATTRIBUTE_RE.finditer(text)]
        assert [(m.span(), m.groups()) for m in _attributes(text)] == expected


@pytest.mark.parametrize(
    "body",
    [
        "<p>关于黄琨暐的报道，记者於北京采访。</p>",
        "<p>這個網頁為什麼轉換成繁體</p><p>新闻</p>",
        "<p>這個</p><p>网页</p>",
        "<p>plain English, “quoted” — café</p>",
        "<p>ひらがな、カタカナ</p>",
        "<p>\u3400\u9fff</p>",
    ],
)
def test_han_view_keeps_what_the_page_checks_read(body: str) -> None:
    import re

    from jzcli.repair.origin import traditional_re
    from jzcli.repair.page import _han_view

    for pad in ("", "<script>var a = 'é' + (b < c);</script>\n" * 200):
        html = f"<html>{pad}<body>{body}</body>{pad}</html>"
        view = _han_view(html)
        assert (view is None) == (re.search("[\u3400-\u9fff]", html) is None)
        if view is not None:
            assert bool(traditional_re().search(view)) == bool(traditional_re().search(html))
            assert _may_be_converted(html, view) == _may_be_converted(html)


def test_long_damaged_page_repaired_like_a_short_one() -> None:
    from jzcli.repair.script import convert

    body = convert("<p>这个网(wǎng)页为什么转换成繁体,我们来看看.</p><p>新闻</p>", "s2tw")
    short, counts = repair_page_text(f"<html><body>{body}</body></html>", "", None)
    assert counts and short != f"<html><body>{body}</body></html>"
    pad = "<script>var a = 'é' + (b < c);</script>\n" * 200
    long, long_counts = repair_page_text(f"<html>{pad}<body>{body}</body></html>", "", None)
    assert long == short.replace("<html>", f"<html>{pad}") and long_counts == counts


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(min_codepoint=0x20, max_codepoint=0x2FF),
            st.characters(min_codepoint=0x2F00, max_codepoint=0xA000),
            st.characters(min_codepoint=0xF800, max_codepoint=0x10FFFF),
        ),
        max_size=40,
    )
)
def test_script_counts_from_bytes_match_the_patterns(text: str) -> None:
    import re

    from jzcli.repair.plausibility import HAN_CLASS
    from jzcli.repair.script import _count, _han_latin_counts

    han_runs = re.compile(f"[{HAN_CLASS}]+")
    latin_runs = re.compile("[A-Za-z\u00c0-\u024f]+")
    assert _han_latin_counts(text) == (_count(han_runs, text), _count(latin_runs, text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=list(",?:;!()\n中文。a（）“\u3000\uffef\u9fffx "), max_size=16))
def test_marks_next_to_chinese_found_from_the_mark(text: str) -> None:
    import re

    from jzcli.repair.punctuation import _CJK, _NEAR_CJK_RE

    both_sides = re.compile(f"(?<=[{_CJK}])[,?:;!()]|[,?:;!()](?=[{_CJK}])")
    assert [m.span() for m in _NEAR_CJK_RE.finditer(text)] == [
        m.span() for m in both_sides.finditer(text)
    ]


@pytest.mark.parametrize("text", SAMPLES)
def test_settled_text_is_returned_as_a_full_repair_would(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jzcli.repair import text as module

    monkeypatch.setattr(module, "_SETTLED", {})
    once = _repair_encoding(text, defaultdict(int))
    settled = dict(module._SETTLED)
    # What was remembered is a fixed point: the full repair returns it as it is ...
    monkeypatch.setattr(module, "_SETTLED", {})
    for fixed in settled:
        counts: defaultdict[str, int] = defaultdict(int)
        assert _repair_encoding(fixed, counts) == fixed
        assert not any(counts.values())
    # ... and once remembered, it is answered without the mojibake checks.
    monkeypatch.setattr(module, "_SETTLED", settled)

    def refuse(t: str) -> tuple[str, None]:
        raise AssertionError(f"mojibake checked again: {t!r}")

    monkeypatch.setattr(module, "fix_mojibake", refuse)
    for fixed in settled:
        assert _repair_encoding(fixed, defaultdict(int)) == fixed
    assert once in settled or _clean_text(once)


def test_settled_texts_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from jzcli.repair import text as module

    monkeypatch.setattr(module, "_SETTLED", {})
    for k in range(module._SETTLED_MAX + 10):
        module._settle(f"Café {k}")
    assert 0 < len(module._SETTLED) <= module._SETTLED_MAX


@pytest.mark.parametrize("text", [*SAMPLES, "網(wǎng)民(min)說(shuō)", "行(xíng)人(ren)（rén）"])
def test_counting_and_removing_readings_agree(text: str) -> None:
    from jzcli.repair.pinyin import count_pinyin, remove_pinyin_marked

    out, positions = remove_pinyin_marked(text)
    assert count_pinyin(text) == len(positions)
    assert (out == text) == (not positions)


def test_removing_readings_marks_the_characters_they_followed() -> None:
    from jzcli.repair.pinyin import count_pinyin, remove_pinyin_marked

    text = "這個(ge)網頁(yè)為什麼(me)"
    assert count_pinyin(text) == 3
    assert remove_pinyin_marked(text) == ("這個網頁為什麼", [1, 3, 6])
    # 民 is the same in both scripts: a gloss after it is no converter's reading.
    assert remove_pinyin_marked("網(wǎng)民(mín)說(shuō)") == ("網民(mín)說", [0, 7])


# Simplified-only, Traditional-only and shared Han characters, readings' letters, brackets.
_DOC_ALPHABET = list("这们国说這們國說中文人(（)）wǎngmínè \n,，")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=_DOC_ALPHABET, max_size=12), max_size=6))
def test_reads_simplified_stops_counting_at_its_answer(texts: list[str]) -> None:
    from jzcli.repair import origin
    from jzcli.repair.plausibility import HAN_RE
    from jzcli.repair.text import _reads_simplified

    # The full count, over the texts with Han only, as it was computed before.
    joined = "\n".join(t for t in texts if HAN_RE.search(t))
    simplified = len(origin.simplified_re().findall(joined))
    full = simplified >= 3 and simplified > 3 * len(origin.traditional_re().findall(joined))
    assert _reads_simplified(texts) == full


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.text(alphabet=_DOC_ALPHABET, max_size=12), max_size=6),
    st.sampled_from(["", "mainland", "outside"]),
)
def test_no_reading_in_the_joined_texts_means_no_conversion_damage(
    texts: list[str], region: str
) -> None:
    from jzcli.repair.text import _conversion_damage

    # conversion_repair skips `_conversion_damage` when the joined texts hold no reading.
    if not has_pinyin_match("\n".join(texts)):
        assert not _conversion_damage(texts, region)  # type: ignore[arg-type]


# Common and rare Han, clean marks, ASCII, `&`, and characters of damage (Latin-1 letters,
# private use, kana, box drawing, U+FFFD, a full-width letter).
_ENCODING_ALPHABET = list("记者市的中国锺暨泓琪籓芖穝籇，。“”—… a1&é\ue15eの│\ufffdＡ")


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=_ENCODING_ALPHABET, max_size=24))
def test_text_found_clean_is_left_as_it_is(text: str) -> None:
    if _clean_text(text):
        assert fix_mojibake(text) == (text, None)
        assert fix_mojibake(text, cjk=False) == (text, None)
        assert not needs_normalizing(text)
        assert _repair_encoding(text, defaultdict(int), japanese=True) == text


def test_rare_han_among_common_is_clean_and_misread_han_is_not() -> None:
    assert _clean_text("锺书说，今年全市新建公园十二座。")  # one rare of 15 Han
    assert not _clean_text("籓芖呼隔穝籇")  # Big5 read as GBK: mostly rare
    assert not _clean_text("锺书说，今年全市新建公园十二座。é")  # a Latin-1 letter too


def test_beyond_clean_gives_the_same_characters_from_the_set_and_the_pattern(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import jzcli.repair.text as text_module

    texts = [*SAMPLES, "锺书说，今年全市新建公园十二座。", "籓芖呼隔穝籇é"]
    monkeypatch.setattr(text_module, "_set_checks", 0)
    by_set = [set(text_module._beyond_clean(t)) for t in texts]
    monkeypatch.setattr(text_module, "_set_checks", text_module._SET_CHECKS)
    assert [set(text_module._beyond_clean(t)) for t in texts] == by_set
    assert by_set[-1] == {"籓", "芖", "穝", "籇", "é"}
