"""The pipeline's binary-content check counts what its character class defines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jzcli.models import Page
from jzcli.pipeline import _NOT_TEXT, not_text_count, not_text_share, process_page
from jzcli.settings import Settings

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


def test_fields_each_card_repeats_survive_the_whole_pipeline() -> None:
    cards = "".join(
        f"<section><h2>Seven nights in {place}</h2>"
        f"<p>From {price} per person with flights, transfers and breakfast included.</p>"
        "<p>BOOK: By Dec 31, 2025</p><p>TRAVEL: Through Mar 31, 2026</p>"
        "<p>Not valid with other offers; some restrictions apply.</p></section>"
        for place, price in (("Lisbon", "$899"), ("Porto", "$749"), ("Madeira", "$1,099"))
    )
    html = (
        "<html><head><title>Winter offers</title></head><body><main><h1>Winter offers</h1>"
        "<p>Three island and city breaks for the cold months, each with a fixed booking "
        f"window and the same terms.</p>{cards}</main></body></html>"
    )
    article = process_page(Page("https://travel.example/offers", html.encode()), Settings())
    text = "\n".join(article.paragraphs)
    assert text.count("BOOK: By Dec 31, 2025") == 3
    assert text.count("Not valid with other offers; some restrictions apply.") == 3
    assert not [r for r in article.provenance.removed if r.reason == "duplicate"]
