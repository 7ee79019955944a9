"""Dates shown as plain lines next to the headline: date lines, info lines, lines above it."""

from __future__ import annotations

import pytest

from jzcli.extract.byline import info_line_name, person_name
from jzcli.extract.dates import date_line, info_line_date
from jzcli.extract.html import extract_html
from jzcli.extract.metadata import heading_segment
from jzcli.settings import Settings

NO_RULES = Settings(use_rules=False)
BODY = "".join(
    f"<p>Paragraph {n} of the story goes on for a while, saying what happened and why it "
    f"matters to the people who read it every day.</p>"
    for n in range(6)
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("August 28, 2025", "2025-08-28"),
        ("29th August, 2023", "2023-08-29"),
        ("Published: Tuesday 3 March 2024, 10:20 am", "2024-03-03T10:20"),
        ("Mis à jour le 3 mars 2024", "2024-03-03"),
        ("Veröffentlicht am 12.03.2021 um 10:20 Uhr", "2021-03-12T10:20"),
        ("Feb. 27, 2025", "2025-02-27"),
    ],
)
def test_date_line_with_month_names_weekdays_and_labels(text: str, expected: str) -> None:
    assert date_line(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ratings from March 3, 2024 reviews",
        "Team Example September 4, 2025",
        "The fair opens on 3 March 2024 in the old town hall",
        "No date here",
    ],
)
def test_date_line_rejects_lines_with_other_words(text: str) -> None:
    assert date_line(text) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dec 26, 2025 • Jane Doe in Project Management", "2025-12-26"),
        ("23.07.2025 · 6 min read", "2025-07-23"),
        ("Faith Katunga•Oct 20, 2025", "2025-10-20"),
        ("Acme- 2025/4/29", "2025-04-29"),
        ("December 18, 2025 ・ 3 min read", "2025-12-18"),
        ("Date of Last Revision: August 9, 2017", "2017-08-09"),
        ("Datum: 22.12.2012, Rubrik: USA", "2012-12-22"),
        ("22/11/2020 - 04:30 - Fonte: Agência Brasil", "2020-11-22"),
        # a name and the date with no separator between them
        ("Jane Doe March 3, 2024", "2024-03-03"),
        ("von Fred Hüning 31.10.2023", "2023-10-31"),
    ],
)
def test_info_line_date_reads_one_dated_part(text: str, expected: str) -> None:
    assert info_line_date(text) == expected


def test_info_line_date_needs_a_part_that_is_only_a_date() -> None:
    assert info_line_date("The show runs until March 3, 2024 - book now") == ""
    assert info_line_date("Sale • ends March 3, 2024 • 20% off everything") == ""
    assert info_line_date("Paris, France: 12.3.2020 was the day") == ""
    # words before a date: a name is a few words without digits, not a sentence or a count
    assert info_line_date("Tickets for all 12 shows 31.10.2023") == ""
    assert info_line_date("The best laptops of the year, as our team sees them 2024-01-01") == ""


@pytest.mark.parametrize(
    "text",
    [
        "Closing Date 31.10.2023",
        "Expires March 3, 2024",
        "Copyright March 3, 2024",
        "Geändert am 31.10.2023",
        "Super Bowl LVIII February 11, 2024",
        "Super Bowl February 11, 2024",
        "Application Deadline March 3, 2024",
        "JANE DOE March 3, 2024",
    ],
)
def test_a_label_or_an_event_before_a_date_is_not_a_name(text: str) -> None:
    assert info_line_date(text) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dec. 19, 2025 · Jane Doe on behalf of the Docs team", "Jane Doe"),
        ("Dec 19, 2025 · Jane Doe for The Daily", "Jane Doe"),
        # inline elements glued where they meet
        ("Dec 17, 2025Jane Q. Doe", "Jane Q. Doe"),
        ("Jane DoeDecember 17, 2025", "Jane Doe"),
        ("Dec 17, 2025 Updated Daily", ""),
        ("March 3, 2024 Read More", ""),
    ],
)
def test_a_name_on_an_info_line_ends_where_a_team_or_a_date_begins(
    text: str, expected: str
) -> None:
    assert info_line_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By A. J. Neal March 3, 2024", "2024-03-03"),
        ("Written by Nick van Mead 3 March 2024", "2024-03-03"),
        ("par Jean-Luc O’Neil 3 mars 2024", "2024-03-03"),
        ("door Anne de Vries 3 maart 2024", "2024-03-03"),
    ],
)
def test_a_person_name_before_a_date(text: str, expected: str) -> None:
    assert info_line_date(text) == expected


@pytest.mark.parametrize(
    "line",
    ["Closing Date 31.10.2023", "Geändert am 31.10.2023", "Super Bowl LVIII February 11, 2024"],
)
def test_a_label_and_date_by_the_headline_does_not_date_the_page(line: str) -> None:
    # a job's deadline, an update, an event: none is the publication date
    page = _page("", f"<p>{line}</p>")
    assert extract_html(page, "https://example.com/b", NO_RULES).published == ""
    page = _page(f"<p>{line}</p>", "")
    assert extract_html(page, "https://example.com/b", NO_RULES).published == ""


def test_name_and_date_line_under_the_headline_dates_the_page() -> None:
    # `<em>von</em><span>Fred Hüning</span><em>31.10.2023</em>`: no separator in the line
    page = _page("", "<p><em>von</em><span>Fred Hüning</span> <em>31.10.2023</em></p>")
    assert extract_html(page, "https://example.com/b", NO_RULES).published == "2023-10-31"


def _page(before: str, after: str) -> str:
    return (
        "<html><head><title>Why rivers flood in spring - Example Blog</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/blog'>Blog</a></nav>"
        f"<div>{before}</div><h1>Why rivers flood in spring</h1><div>{after}</div>"
        f"<article>{BODY}</article></body></html>"
    )


@pytest.mark.parametrize("label", ["Written by", "By", "WRITTEN BY", "Author:", "Posted By"])
def test_a_credit_label_on_its_own_line_names_the_author_on_the_next(label: str) -> None:
    page = _page("Aug 4, 2025", f"<p>{label}</p><p>Jane Doe</p><p>8 min read</p>")
    assert [a.name for a in extract_html(page, "https://example.com/b", NO_RULES).authors] == [
        "Jane Doe"
    ]


def test_a_credit_label_before_a_list_of_names() -> None:
    names = "<ul><li>Jane Doe</li><li>John Roe</li></ul><p>8 min read</p>"
    page = _page("Aug 4, 2025", f"<p>Written by:</p>{names}")
    assert [a.name for a in extract_html(page, "https://example.com/b", NO_RULES).authors] == [
        "Jane Doe"
    ]


def test_author_markup_wins_over_a_note_after_a_credit_label() -> None:
    after = (
        "<p>By</p><p>Fact Checked</p><p>Aug 4, 2025</p><span class='author-name'>Jane Doe</span>"
    )
    page = _page("", after)
    assert [a.name for a in extract_html(page, "https://example.com/b", NO_RULES).authors] == [
        "Jane Doe"
    ]


@pytest.mark.parametrize("note", ["Fact Checked", "Medically Reviewed", "Expert Verified"])
def test_a_review_note_after_a_credit_label_is_no_author(note: str) -> None:
    # Without author markup the note itself was credited (`By`, then `Fact Checked`); so was
    # a note on the line beside the dated line.
    for after in (f"<p>By</p><p>{note}</p><p>Aug 4, 2025</p>", f"<p>{note}</p><p>Aug 4, 2025</p>"):
        page = _page("", after)
        assert extract_html(page, "https://example.com/b", NO_RULES).authors == (), after


@pytest.mark.parametrize("label", ["Writer", "Contributors"])
def test_other_labels_before_a_line_name_no_author(label: str) -> None:
    after = f"<p>{label}</p><p>Local Business</p><p>Share this story</p><p>Aug 4, 2025</p>"
    page = _page("", after)
    assert extract_html(page, "https://example.com/b", NO_RULES).authors == ()


def test_month_name_date_line_under_the_headline_dates_the_page() -> None:
    article = extract_html(_page("", "August 28, 2025"), "https://example.com/b", NO_RULES)
    assert article.published == "2025-08-28"


def test_info_line_under_the_headline_dates_the_page() -> None:
    page = _page("", "Dec 26, 2025 • Jane Doe in Guides")
    assert extract_html(page, "https://example.com/b", NO_RULES).published == "2025-12-26"


def test_date_line_just_above_the_headline_dates_the_page() -> None:
    page = _page("December 17, 2025 • 8 minutes", "")
    assert extract_html(page, "https://example.com/b", NO_RULES).published == "2025-12-17"


def test_a_date_three_lines_above_the_headline_dates_the_page() -> None:
    page = _page("<p>October 14, 2025</p><p>in</p><p>Corporate training</p>", "")
    assert extract_html(page, "https://example.com/b", NO_RULES).published == "2025-10-14"


def test_a_line_under_the_headline_wins_over_one_above_it() -> None:
    page = _page("December 17, 2025", "January 2, 2026")
    assert extract_html(page, "https://example.com/b", NO_RULES).published == "2026-01-02"


def test_a_dated_sentence_under_the_headline_is_not_a_date_line() -> None:
    page = _page("", "The fair opens on 3 March 2024 in the old town hall, with music.")
    assert extract_html(page, "https://example.com/b", NO_RULES).published == ""


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("By Dr. Vahid Osman - Mar 27, 2024", "Dr. Vahid Osman"),
        ("By Sofia Gonzalez December 2, 2025", "Sofia Gonzalez"),
        ("Kristian Larsen July 13, 2025 — 7 minutes read", "Kristian Larsen"),
        ("Dec 26, 2025 • Mahua Das in Project Management", "Mahua Das"),
        ("Faith Katunga•Oct 20, 2025", "Faith Katunga"),
        ("December 18, 2025 ・ 3 min read", ""),
        ("Updated May 3, 2024 • Press Release", ""),
        ("The fair opens March 3, 2024 in Town Hall", ""),
        # a section after the date is no author, with or without a reading time
        ("Dec 17, 2025 Local Sports · 5 min read", ""),
        ("Dec 17, 2025 · World Politics", ""),
        ("March 2, 2024 Business Technology", ""),
        ("Dec 17, 2025 Marta Lindqvist · 5 min read", "Marta Lindqvist"),
    ],
)
def test_info_line_name(text: str, name: str) -> None:
    assert info_line_name(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Elliot Raba", "Elliot Raba"),
        ("By Nick van Mead", "Nick van Mead"),
        ("A. J. Neal", "A. J. Neal"),
        ("Table of contents", ""),
        ("Read More", ""),
        ("Jane", ""),
        ("the quick brown fox jumps", ""),
        ("Fact Checked", ""),
        ("Medically Reviewed", ""),
        ("Ted Checked", ""),
        ("Fred Reed", "Fred Reed"),
    ],
)
def test_person_name(text: str, name: str) -> None:
    assert person_name(text) == name


def test_a_name_on_the_dated_line_under_the_headline_is_the_author() -> None:
    page = _page("", "Dec 26, 2025 • Jane Doe in Guides")
    assert [a.name for a in extract_html(page, "https://example.com/b", NO_RULES).authors] == [
        "Jane Doe"
    ]


def test_a_name_line_next_to_the_date_line_is_the_author() -> None:
    page = _page("", "<p>Elliot Raba</p><p>23.07.2025 · 6 min read</p>")
    article = extract_html(page, "https://example.com/b", NO_RULES)
    assert [a.name for a in article.authors] == ["Elliot Raba"]
    assert article.published == "2025-07-23"


def test_a_heading_or_category_next_to_the_date_is_not_an_author() -> None:
    page = _page("<div class='categories'>Press Office</div><div>December 19, 2025</div>", "")
    assert extract_html(page, "https://example.com/b", NO_RULES).authors == ()
    page = _page("", "<p>December 19, 2025</p><h2>Getting Started</h2>")
    assert extract_html(page, "https://example.com/b", NO_RULES).authors == ()


def test_a_name_line_without_a_date_beside_it_is_not_an_author() -> None:
    page = _page("", "<p>Elliot Raba</p>")
    assert extract_html(page, "https://example.com/b", NO_RULES).authors == ()


@pytest.mark.parametrize(
    ("title_tag", "headings", "expected"),
    [
        ("Auth | Supabase Docs", ["Auth"], ("Auth", ["Supabase Docs"])),
        (
            "Flexbox - Learn web development | MDN",
            ["Flexbox"],
            ("Flexbox", ["Learn web development", "MDN"]),
        ),
        # the matching <h1> need not be the first one
        (
            "Defer, Panic, and Recover - The Go Blog",
            ["The Go Blog", "Defer, Panic, and Recover"],
            ("Defer, Panic, and Recover", ["The Go Blog"]),
        ),
        # an <h1> that is the site's segment, not the first, is no title
        ("Why ISOs changed / Arch Discussion / Arch Linux", ["Arch Linux"], ("", [])),
        ("One single title", ["One single title"], ("", [])),
    ],
)
def test_heading_segment(
    title_tag: str, headings: list[str], expected: tuple[str, list[str]]
) -> None:
    assert heading_segment(title_tag, headings) == expected


def test_a_short_headline_that_opens_the_title_tag_is_the_title() -> None:
    page = (
        "<html><head><title>News | National Student Support Accelerator</title></head><body>"
        f"<h1>News</h1><article>{BODY}</article></body></html>"
    )
    assert extract_html(page, "https://example.org/news", NO_RULES).title == "News"


def _lead_page(lead: str) -> str:
    return (
        "<html><head><title>Rivers in spring</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/blog'>Blog</a></nav>"
        f"<article><h1>Why rivers flood in spring</h1>{lead}{BODY}</article></body></html>"
    )


def test_a_date_line_among_the_body_first_lines_dates_the_page() -> None:
    # under a photo's caption, in the text (`<p>January 18, 2020</p>`, then the story)
    lead = "<div>A river in flood near the old bridge, seen from the east bank.</div>"
    page = _lead_page(lead + "<p>January 18, 2020</p>")
    assert extract_html(page, "https://example.com/b", NO_RULES).published == "2020-01-18"


def test_a_date_in_a_cell_in_the_lead_is_not_the_page_date() -> None:
    cell = "<dl><dt>Joined</dt><dd>Feb 14, 2024</dd></dl>"
    assert extract_html(_lead_page(cell), "https://example.com/b", NO_RULES).published == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发布时间：2024年5月12日 10:20", "2024-05-12T10:20"),
        ("發佈時間：2024年5月12日 10:20 星期日", "2024-05-12T10:20"),
        ("日期：2024-05-12", "2024-05-12"),
        ("2024年5月12日 周日", "2024-05-12"),
    ],
)
def test_chinese_date_lines_with_labels_in_either_script(text: str, expected: str) -> None:
    assert date_line(text) == expected


@pytest.mark.parametrize(
    "text", ["今天是2024年5月12日", "今天是 2024年5月12日 星期日", "截至2024年5月12日"]
)
def test_a_chinese_line_with_other_words_is_not_a_date_line(text: str) -> None:
    assert date_line(text) == ""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("发布时间：2024年5月12日 10:20", "2024-05-12T10:20"),
        ("發佈時間：2024年5月12日", "2024-05-12"),
    ],
)
def test_a_chinese_date_line_under_a_photo_caption_dates_the_page(line: str, expected: str) -> None:
    lead = "<div>图为市民在公园里散步，摄于东门外的河边步道。</div>"
    page = _lead_page(f"{lead}<p>{line}</p>")
    assert extract_html(page, "https://example.com/b", NO_RULES).published == expected


def test_a_date_labelled_in_a_definition_list_in_the_lead_dates_the_page() -> None:
    for label, expected in (("Datum", "2017-01-12"), ("發佈日期", "2017-01-12"), ("Kategorie", "")):
        page = _lead_page(f"<dl><dt>{label}</dt><dd>12.01.2017</dd></dl>")
        assert extract_html(page, "https://example.com/b", NO_RULES).published == expected


def test_a_kicker_over_the_headline_is_one_heading_but_a_second_story_stops_the_lead() -> None:
    kicker = "<h4>SPORT</h4><h2>Home side wins in the last minute</h2><p>22/11/2020 - 04:30</p>"
    assert extract_html(_lead_page(kicker), "https://example.com/b", NO_RULES).published == (
        "2020-11-22"
    )
    story = (
        "<div>A photo of the river.</div><h3>Another story entirely</h3>"
        "<p>The other story's first line, with words.</p><p>March 2, 2024</p>"
    )
    assert extract_html(_lead_page(story), "https://example.com/b", NO_RULES).published == ""


@pytest.mark.parametrize("label", ["Lesen Sie auch", "Related stories", "相关阅读"])
def test_a_date_after_a_read_also_line_in_the_lead_is_another_story(label: str) -> None:
    first = "<p>" + "The river rose through the night and the town woke to water. " * 3 + "</p>"
    page = _lead_page(f"{first}<div>{label}</div><div>14/08/2021</div>")
    assert extract_html(page, "https://example.com/b", NO_RULES).published == ""
    page = _lead_page(f"{first}<div>14/08/2021</div>")  # the same line, no teaser label
    assert extract_html(page, "https://example.com/b", NO_RULES).published == "2021-08-14"


def test_a_day_shown_as_published_and_updated_is_the_publication() -> None:
    # the markup's date is a CMS stamp two days earlier; the page calls the modification day
    # both its publication and its update: the day it shows as published is the date
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Why rivers '
        'flood in spring", "datePublished": "2024-05-04T09:00:00+02:00", '
        '"dateModified": "2024-05-06T15:00:00+02:00"}</script>'
    )
    shown = (
        '<p><span class="published">Published 6 May 2024</span> · '
        '<span class="updated">Updated 6 May 2024 15:00</span></p>'
    )
    page = _page("", shown).replace("</head>", head + "</head>")
    assert extract_html(page, "https://example.com/b", NO_RULES).published[:10] == "2024-05-06"
    # shown only as the update: the stated date is the publication
    shown = '<p><span class="updated">Updated 6 May 2024 15:00</span></p>'
    page = _page("", shown).replace("</head>", head + "</head>")
    assert extract_html(page, "https://example.com/b", NO_RULES).published[:10] == "2024-05-04"


def _front() -> str:
    # A blog whose front page shows its latest post in full, byline and all.
    return (
        "<html><head><title>Council approves bike lanes | The Gazette</title></head><body>"
        "<main><article><h1>Council approves bike lanes</h1><p>By Jane Doe</p>"
        f"{BODY}</article></main></body></html>"
    )


@pytest.mark.parametrize(
    ("url", "authors"),
    [("https://example.com/", []), ("https://example.com/2024/05/01/post", ["Jane Doe"])],
)
def test_a_front_page_credits_no_post_author(url: str, authors: list[str]) -> None:
    # A front page lists the site's posts: `By Jane Doe` under one of them is not its author.
    assert [a.name for a in extract_html(_front(), url, NO_RULES).authors] == authors


@pytest.mark.parametrize(("og_type", "authors"), [("article", ["Jane Doe"]), ("website", [])])
def test_an_author_box_after_the_article_credits_its_author(
    og_type: str, authors: list[str]
) -> None:
    # `Written by Jane Doe` over a bio that starts with her name, below an undated article;
    # on a page that is neither an article nor dated, such a box credits no one.
    page = (
        f"<html><head><title>Council approves bike lanes | The Gazette</title>"
        f"<meta property='og:type' content='{og_type}'></head><body><main><article>"
        f"<h1>Council approves bike lanes</h1>{BODY}<h3>Written by Jane Doe</h3>"
        "<p>Jane Doe is a reporter who covers city hall.</p></article></main></body></html>"
    )
    found = extract_html(page, "https://example.com/news/bike-lanes", NO_RULES)
    assert [a.name for a in found.authors] == authors


def test_a_saved_front_page_credits_no_author_box_either() -> None:
    # A blog's front page saved to a file (no URL; its canonical link names the front page),
    # showing its latest post in full with the author box under it: as with its URL given,
    # the box is one post's, not the page's.
    page = (
        "<html><head><title>The Gazette</title><meta property='og:type' content='article'>"
        "<link rel='canonical' href='https://example.com/'></head><body><main><article>"
        f"<h1>Council approves bike lanes</h1>{BODY}<h3>Written by Jane Doe</h3>"
        "<p>Jane Doe is a reporter who covers city hall.</p></article></main></body></html>"
    )
    for url in ("https://example.com/", ""):
        assert extract_html(page, url, NO_RULES).authors == (), url
