"""Which name of the page becomes its title: `<title>`, og:title or `<h1>`, on pages written
for each rule (site names, front pages, sharing defaults, headings split across elements)."""

from __future__ import annotations

import pytest

from jzcli.extract.html import extract_html
from jzcli.extract.metadata import front_page, split_title
from jzcli.models import Article
from jzcli.settings import Settings

NO_RULES = Settings(use_rules=False)
BODY = "".join(
    f"<p>Paragraph {i}: the council met on Tuesday and voted to extend the bike lanes along "
    "the river road, after a year of complaints from residents about traffic.</p>"
    for i in range(1, 6)
)


def page(head: str, before: str = "", url: str = "https://example.com/news/bike-lanes") -> Article:
    html = (
        f"<html><head><meta charset='utf-8'>{head}</head><body>{before}"
        f"<div class='article'>{BODY}</div></body></html>"
    )
    return extract_html(html, url, NO_RULES, None)


def test_a_title_whose_page_part_is_blank_gives_the_heading() -> None:
    assert split_title("| Nuts & Volts Magazine") == ("", ["Nuts & Volts Magazine"])
    article = page("<title>| Nuts & Volts Magazine</title>", "<h1>Electronic Gadgets</h1>")
    assert article.title == "Electronic Gadgets"


def test_a_segment_that_is_the_site_name_without_its_last_words_is_the_site() -> None:
    title = "Website Design Portfolio | Thrive Internet Marketing"
    assert split_title(title, "Thrive Internet Marketing Agency")[0] == "Website Design Portfolio"
    assert split_title(title)[0] == "Thrive Internet Marketing"  # no site name: the longest


@pytest.mark.parametrize(
    ("og", "title"),
    [("Bombas", "All Men's Socks"), ("Home", "All Men's Socks")],
)
def test_og_title_left_at_the_site_name_or_home_names_no_page(og: str, title: str) -> None:
    head = (
        f"<title>All Men's Socks</title><meta property='og:title' content=\"{og}\">"
        "<meta property='og:site_name' content='Bombas'>"
    )
    assert page(head, url="https://bombas.example/collections/mens-socks").title == title


def test_on_the_front_page_the_site_name_in_og_title_stays() -> None:
    head = (
        "<title>Ars Technica - Serving the Technologist since 1998</title>"
        "<meta property='og:title' content='Ars Technica'>"
        "<meta property='og:site_name' content='Ars Technica'>"
    )
    assert page(head, url="https://arstechnica.example/").title == "Ars Technica"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://hf.example/", True),
        ("https://hf.example", True),
        ("https://hf.example/index.html", True),
        ("https://hf.example/models", False),
        ("https://hf.example/?page=2", False),
        ("", False),
    ],
)
def test_front_page(url: str, expected: bool) -> None:
    assert front_page(url) is expected


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        # The site's name, then its motto: a front page is named by both.
        (
            "Hugging Face – The AI community building the future.",
            "https://hf.example/",
            "Hugging Face – The AI community building the future.",
        ),
        # The page's name first: it stays the title.
        (
            "Push your ideas to the web | Netlify",
            "https://netlify.example/",
            "Push your ideas to the web",
        ),
        # Below the front page the site's name is cut off as before.
        (
            "Hugging Face – The AI community building the future.",
            "https://hf.example/about",
            "The AI community building the future.",
        ),
    ],
)
def test_a_front_page_keeps_its_site_name_and_motto(title: str, url: str, expected: str) -> None:
    assert page(f"<title>{title}</title>", url=url).title == expected


def test_og_title_naming_another_segment_beats_an_h1_on_the_first() -> None:
    head = (
        "<title>backup - How to back up my entire system? - Ask Ubuntu</title>"
        "<meta property='og:title' content='How to back up my entire system?'>"
    )
    before = "<h1>How to back up my entire system?</h1><h1>Backup</h1>"
    assert page(head, before).title == "How to back up my entire system?"


@pytest.mark.parametrize(
    ("og", "h1"),
    [
        (
            "Info - Ultimate Graphics Card Comparison Guide",
            "<span class='label'>Info</span> Ultimate Graphics Card Comparison Guide",
        ),
        ("Remote Full-Stack Programming Jobs", "Remote Full<br>Stack Programming Jobs"),
    ],
)
def test_og_title_punctuation_where_the_h1_has_the_same_words_without_it(og: str, h1: str) -> None:
    head = f"<title>{og} | Forum</title><meta property='og:title' content='{og}'>"
    assert page(head, f"<h1>{h1}</h1>").title == og


def test_the_h1_keeps_its_punctuation_where_only_quotes_or_dashes_differ() -> None:
    head = (
        "<title>Why Cheap SEO Doesn't Work - Acme</title>"
        "<meta property='og:title' content=\"Why Cheap SEO Doesn't Work\">"
    )
    assert page(head, "<h1>Why Cheap SEO Doesn’t Work</h1>").title == "Why Cheap SEO Doesn’t Work"


def test_the_second_h1_when_the_first_is_the_site_logo() -> None:
    head = (
        "<title>The Average Cost of Cleaning in San Diego — Cleaning Co.</title>"
        "<meta property='og:site_name' content='Cleaning Co.'>"
        "<meta property='og:type' content='article'>"
    )
    before = "<h1>Cleaning Co.</h1><h1>Cleaning Costs in San Diego</h1>"
    assert page(head, before).title == "Cleaning Costs in San Diego"


def test_an_h1_that_og_title_repeats_is_not_widened_to_a_title_segment() -> None:
    head = (
        "<title>Sustainable Sneakers for Men | Allbirds</title>"
        "<meta property='og:title' content=\"Men's Sneakers\">"
        "<meta property='og:site_name' content='Allbirds'>"
    )
    assert page(head, "<h1>Men's Sneakers</h1>").title == "Men's Sneakers"


def test_an_og_title_sharing_no_word_with_the_title_is_a_sharing_default() -> None:
    head = (
        "<title>Trending repositories on GitHub today · GitHub</title>"
        "<meta property='og:title' content='Build software better, together'>"
        "<meta property='og:site_name' content='GitHub'>"
    )
    assert page(head).title == "Trending repositories on GitHub today"


HEADLINE = "Council votes to extend the bike lanes along the river road"


@pytest.mark.parametrize(
    "head",
    [
        "<title>Example News</title>",  # one segment: the CMS's name on every page
        "<title>Example News</title><meta property='og:site_name' content='Example News'>",
        # the site's name, then its motto: no page's own title either
        "<title>Example News - Your daily paper</title>"
        "<meta property='og:site_name' content='Example News'>",
    ],
)
def test_og_title_is_the_headline_when_the_title_only_names_the_site(head: str) -> None:
    head += f"<meta property='og:title' content='{HEADLINE}'>"
    assert page(head).title == HEADLINE
    # A logo drawn as an image in the <h1> changes nothing.
    logo = "<h1><a href='/'><img src='/logo.png' alt='Example News'></a></h1>"
    assert page(head, logo).title == HEADLINE


@pytest.mark.parametrize(
    ("head", "h1"),
    [
        ("<title>tokio - Rust</title>", "Crate tokio"),
        (
            "<title>Networking | Docker Docs</title>"
            "<meta property='og:title' content='Networking'>",
            "Networking in Compose",
        ),
    ],
)
def test_an_h1_saying_the_title_and_more_is_the_fuller_name(head: str, h1: str) -> None:
    assert page(head, f"<h1>{h1}</h1>").title == h1


def test_a_segment_naming_the_host_is_not_the_title() -> None:
    head = "<title>Klatch Coffee | Shopify App Store</title>"
    url = "https://apps.shopify.example/klatch-coffee"
    assert page(head, url=url.replace("shopify.example", "shopify.com")).title == "Klatch Coffee"


def test_a_site_and_motto_title_below_the_front_page_gives_way_to_the_h1() -> None:
    head = "<title>Reddit - The heart of the internet</title>"
    h1 = "<h1>Enameled Cast Iron Pan and Metal</h1>"
    url = "https://www.reddit.com/r/castiron/comments/abc/enameled/"
    assert page(head, h1, url).title == "Enameled Cast Iron Pan and Metal"
    # On the front page the <title> is the page's name.
    assert page(head, h1, "https://www.reddit.com/").title != "Enameled Cast Iron Pan and Metal"


def test_a_slash_drawn_before_the_heading_is_decoration() -> None:
    head = "<title>Creative Agency Portfolio | Denver Web Design | Blennd</title>"
    assert page(head, "<h1>/ CREATIVE AGENCY PORTFOLIO</h1>").title == "CREATIVE AGENCY PORTFOLIO"


@pytest.mark.parametrize("generic", ["README", "Home", "index"])
def test_a_generic_page_name_gives_the_book_or_site_name(generic: str) -> None:
    head = f"<title>{generic} | mostly-adequate-guide</title>"
    assert page(head, f"<h1>{generic}</h1>").title == "mostly-adequate-guide"


def test_a_date_stamp_opening_the_h1_is_not_part_of_the_title() -> None:
    head = "<title>Moving the archive to a new host | Jane Roe's notes</title>"
    h1 = (
        "<h1><a href='/notes/move'><time datetime='2025-12-18'>Dec <span>18</span> 2025</time>"
        " Moving the archive to a new host</a></h1>"
    )
    assert page(head, h1).title == "Moving the archive to a new host"


def test_a_date_inside_the_h1_stays_in_the_title() -> None:
    head = "<title>Why the vote on May 3 matters | Example News</title>"
    h1 = "<h1>Why the vote on <time datetime='2025-05-03'>May 3</time> matters</h1>"
    assert page(head, h1).title == "Why the vote on May 3 matters"
