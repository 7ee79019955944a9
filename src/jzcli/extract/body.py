"""Find the article body among a page's blocks by scoring containers.

The idea is readability's, re-thought for flat tables and Chinese pages: every block that
reads like prose (long enough, few links, sentence punctuation, a full-width indent) adds to
the score of its container and, less and less, to the container's ancestors. The best
container, adjusted by its link density and its class/id, wins; siblings that score nearly as
well join it (articles split over several `<div>`s). Inside the chosen containers, link lists,
share bars, related-article lists, comment sections and short trailing debris are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jzcli.extract.blocks import HEADINGS, Block, Layout
from jzcli.extract.dates import month_number, parse_date, weekday_name

_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3040-\u30ff]")
_CJK_RUN = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3040-\u30ff]+")
# Sentence marks, also those of scripts that do not use the Latin ones: Armenian, Arabic
# (and Urdu), Devanagari (and Bengali), Myanmar, Khmer, Ethiopic, Tibetan.
_PUNCT = re.compile(r"[,.;:!?，。、；：！？։՝،؛؟۔।॥၊။។።፣།]")
_CLOCK = re.compile(r"(?<!\d)[0-2]?\d:[0-5]\d(?!\d)")
_SENTENCE_END = re.compile(r"[.!?。！？…\"'”’」』）)։؟۔।॥။។።།]\s*$")
# A block owned by one of these is a paragraph; its container is the parent element.
_PARA_TAGS = frozenset(
    {"p", "li", "dd", "dt", "pre", "blockquote", "figcaption", "address", "center", "summary",
     "caption", "th", "legend", "h1", "h2", "h3", "h4", "h5", "h6", "font", "span"}
)  # fmt: skip
_BEFORE = r"(?:^|[\s_-])"
_AFTER = r"(?:$|[\s_-])"


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression."""
    out: list[str] = []
    depth = start = at = 0
    in_class = False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            at += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and not depth:
            out.append(pattern[start:at])
            start = at + 1
        at += 1
    out.append(pattern[start:])
    return out


def _any_of(pattern: str) -> re.Pattern[str]:
    r"""Compile an alternation of class/id words that is only ever tested (found or not).

    `re` tries each alternative in turn at every position of the text: on long class lists
    (utility-class pages have 50-500 characters of them) that is most of the time spent
    scoring containers. Here the alternatives are grouped by their first letter (one branch
    per letter, the rest tried only after it), and a word bounded by `^`/`$` or a separator
    (`(?:^|[\s_-])ads?(?:$|[\s_-])`) is checked by a look-behind after its first letter and a
    look-ahead after it, so that it too starts with that letter. Whether the pattern finds
    something is unchanged; which alternative it finds may differ, so the result must only
    be tested. About three times faster on real class lists."""
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for alternative in _alternatives(pattern):
        alternative = alternative.replace(_AFTER, r"(?![^\s_-])")
        if alternative.startswith(_BEFORE):
            word = alternative[len(_BEFORE) :]
            alternative = rf"{word[0]}(?<![^\s_-]{word[0]}){word[1:]}"
        first, second = alternative[:1], alternative[1:2]
        if first.isascii() and (first.isalnum() or first == "-") and second not in "?*+{":
            groups.setdefault(first, []).append(alternative[1:])
        else:
            others.append(alternative)
    branches = [
        first + (rests[0] if len(rests) == 1 else f"(?:{'|'.join(rests)})")
        for first, rests in groups.items()
    ]
    compiled = re.compile("|".join(branches + others))
    ANY_OF_SOURCES[compiled] = pattern
    return compiled


ANY_OF_SOURCES: dict[re.Pattern[str], str] = {}
"""The alternation each `_any_of` pattern was built from (tests check one against the other)."""


# The box beside each post of a thread that presents its poster (rank, join date, post
# count): `userinfo`, `user-details`, `message-userExtras`, phpBB's `postprofile`.
_POSTER_BOX = r"user-?(?:info|details|extras|stats|title|banner)|postprofile|poster-?info"
# Reviews that buyers write under a product, like readers' comments: named for who wrote
# them (`customer-reviews`, `user_review`, `buyerreviews`), or as a list of them (a `reviews`
# block, `okeReviews-reviews-review`, `product-reviews__list`, `review-item`). Not a plain
# `review` or `product-review` (a review written by the site is the article), and never a
# taxonomy class (WordPress's `category-reviews` / `tag-reviews` on every post filed under
# reviews: `_TAXONOMY`).
_BUYERS_REVIEWS = r"(?:customer|buyer)s?[-_]?reviews?"
_READERS_REVIEWS = "|".join(
    [
        _BUYERS_REVIEWS,
        r"users?[-_]?reviews?",
        r"(?:^|[\s_-])reviews(?:$|[\s_-])",
        r"reviews?[-_]*(?:list|items?)(?![\w-])",
    ]
)
_NEGATIVE = _any_of(
    r"comment|footer|footnote|masthead|promo|related|shoutbox|sidebar|sponsor|shopping|"
    r"widget|share|sharing|social|navbar|nav\b|menu|breadcrumb|crumb|advert|(?:^|[\s_-])ads?"
    r"(?:$|[\s_-])|banner|newsletter|subscri|recommend|popular|trending|(?:^|[\s_-])hot|rank|"
    r"copyright|disclaimer|login|signup|pagination|pager|outbrain|taboola|sns|fenxiang|"
    r"(?:^|[\s_-])legal(?![\w-])|xgxw|xiangguan|pinglun|tuijian|jiathis|bdshare|toolbar|"
    r"(?:^|[\s_-])tags?(?:$|[\s_-])|"
    r"byline|author-bio|about-author|read-?more|more-stories|(?:^|[\s_-])meta(?:$|[\s_-])|"
    r"caption|credit|gallery|modal|cookie|print|" + _POSTER_BOX,
)
# Named so, a box is the poster's even when the name also says `detail` or `post`.
_POSTER = _any_of(_POSTER_BOX)
_POSITIVE = _any_of(
    r"article|(?:^|[\s_-])body|content|entry|hentry|main|(?:^|[\s_-])post|(?:^|[\s_-])text|"
    r"story|detail|zhengwen|neirong|wenzhang|artibody|endtext|trs_editor|(?:^|[\s_-])zw",
)
# Consent banners and dialogs lie over the page: their text is never what it is about.
_OVERLAY_WORDS = r"cookie|consent|onetrust|modal|sign-?up"
# Containers so unlikely to hold the article that their text does not vote at all.
_UNLIKELY = _any_of(
    r"-ad-|banner|breadcrumb|combx|comment|community|disqus|extra|footer|gdpr|legends|menu|"
    r"related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|"
    r"ad-break|agegate|pagination|pager|popup|newsletter|subscribe|recommend|outbrain|taboola|"
    r"pinglun|xiangguan|tuijian|copyright|most-?popular|trending|share|"
    r"(?:^|[\s_-])legal(?![\w-])|" + _OVERLAY_WORDS,
)
_READERS = _any_of(_READERS_REVIEWS)
# Class names a CMS gives a post for where it is filed (`category-reviews`, `tag-news`).
_TAXONOMY = re.compile(r"(?:^|\s)(?:category|tag|post_tag|topic|format)-\S*")
# Boxes laid over the page (consent banners, dialogs, sign-up prompts): a page keeps them out of
# sight until it shows them, and they are never the page itself.
OVERLAY = _any_of(_OVERLAY_WORDS + r"|gdpr|popup|pop-up|banner|overlay|dialog|lightbox")
_MAYBE = _any_of(r"and|article|body|column|content|main|shadow|post|story|text")
# Quoted posts embedded in the story are part of what the reader reads.
_EMBED = _any_of(r"twitter|tweet|instagram|tiktok|social-?media-?embed")
# Tags that are never article text even inside the article container.
# Figure captions describe pictures; readers and ground truths treat them apart from the text.
_CHROME_TAGS = frozenset({"nav", "aside", "footer", "form", "menu", "figcaption"})
_TAG_BONUS = {
    "div": 5.0, "article": 10.0, "main": 5.0, "section": 2.0, "td": 3.0, "pre": 3.0,
    "blockquote": 3.0, "ul": -3.0, "ol": -3.0, "dl": -3.0, "li": -3.0, "form": -3.0,
    "h1": -5.0, "h2": -5.0, "h3": -5.0, "th": -5.0, "header": -8.0, "footer": -15.0,
    "nav": -20.0, "aside": -15.0,
}  # fmt: skip


@dataclass
class BodyChoice:
    """The blocks chosen as the body, in page order, and why others inside were dropped."""

    blocks: list[int] = field(default_factory=list)
    containers: list[int] = field(default_factory=list)
    dropped: list[tuple[int, str]] = field(default_factory=list)
    """(block index, reason) for blocks inside the containers that were left out."""
    unlikely: list[bool] = field(default_factory=list)
    """Per element: inside comments, sidebars, menus (see `unlikely_elements`)."""


@dataclass
class _Stats:
    length: list[int]
    links: list[int]
    weight: list[float]
    punct: list[int]
    prefix_len: list[int]
    prefix_links: list[int]


def block_weight(text: str) -> float:
    """Text length with CJK characters counted as three (one character is nearly a word)."""
    if text.isascii():
        return len(text)
    # Scanning for one character is fast; counting whole runs beats one match per character.
    first = _CJK.search(text)
    if first is None:
        return len(text)
    return len(text) + 2 * sum(map(len, _CJK_RUN.findall(text, first.start())))


TICKER_ITEMS = 3
"""A block of at least this many links, and as many clock times, is a ticker of headlines."""


def _ticker(block: Block) -> bool:
    return block.anchors >= TICKER_ITEMS and len(_CLOCK.findall(block.text)) >= TICKER_ITEMS


def _stats(blocks: list[Block]) -> _Stats:
    length: list[int] = []
    links: list[int] = []
    weight: list[float] = []
    punct: list[int] = []
    prefix_len = [0]
    prefix_links = [0]
    sum_len = sum_links = 0
    findall = _PUNCT.findall
    for block in blocks:
        text = block.text
        n = len(text)
        k = min(block.link_chars, n)
        if n >= 9:
            w: float = block_weight(text)
            p = len(findall(text))
            # Nobody links a whole paragraph of prose: an unclosed <a> swallowed the text.
            # Not so a news ticker, linked headlines each under its time (`08:45 ...`) and
            # each its own link (prose that gives train times has them under one link).
            if k >= n * 0.9 and w >= 300 and p >= 6 and not _ticker(block):
                k = 0
        else:
            # Blocks under 9 characters never count as prose; skip the regexes for them.
            w = float(n)
            p = 0
        length.append(n)
        links.append(k)
        weight.append(w)
        punct.append(p)
        sum_len += n
        sum_links += k
        prefix_len.append(sum_len)
        prefix_links.append(sum_links)
    return _Stats(length, links, weight, punct, prefix_len, prefix_links)


def _stats_of(layout: Layout) -> _Stats:
    """`_stats` of the layout's blocks, computed once a page (choosing the body, then maybe
    the page's main text, each need them)."""
    stats: _Stats | None = layout.memo.get("stats")
    if stats is None:
        stats = layout.memo["stats"] = _stats(layout.blocks)
    return stats


def blocks_weight(layout: Layout, indices: list[int]) -> float:
    """The summed `block_weight` of these blocks (the weights `_stats` has already found)."""
    stats = _stats_of(layout)
    blocks, length, weight = layout.blocks, stats.length, stats.weight
    total: float = 0
    for i in indices:
        # _stats weighs the blocks of 9 characters and more with block_weight.
        total += weight[i] if length[i] >= 9 else block_weight(blocks[i].text)
    return total


# Class/id verdicts are cached across pages: sites repeat the same class strings everywhere.
@lru_cache(maxsize=8192)
def hint_weight(hint: str) -> float:
    """Class/id evidence: +25 for article-like names, -25 for chrome-like names."""
    if not hint.strip():
        return 0.0
    weight = 0.0
    if _NEGATIVE.search(hint):
        weight -= 25.0
    if _POSITIVE.search(hint):
        weight += 25.0
    return weight


# Names of the parts of a page where readers write: comments and replies.
_READERS_WORDS = re.compile(r"comment|repl(?:y|ies)|remark|community|disqus")


def as_discussion(layout: Layout) -> None:
    """Read a forum thread as one: there the readers' posts are the text, so the names
    that mark them (`comment`, `replies`) no longer count against them."""
    layout.hints = [_READERS_WORDS.sub("post", hint) for hint in layout.hints]
    layout.memo["discussion"] = True


def _in_tags(layout: Layout, names: tuple[str, ...]) -> list[bool]:
    """Per element: is it, or is an ancestor, one of these tags?"""
    out: list[bool] = []
    parents, tags = layout.parents, layout.tags
    for i, tag in enumerate(tags):
        parent = parents[i]
        out.append(tag in names or (parent >= 0 and out[parent]))
    return out


def unlikely_elements(layout: Layout) -> list[bool]:
    """Per element: does it or an ancestor look like comments, sidebars, footers or menus?
    (A new list each call: callers change theirs. Worked out once per page and hints.)"""
    memo: tuple[list[str], list[bool]] | None = layout.memo.get("unlikely")
    if memo is None or memo[0] is not layout.hints:  # `as_discussion` gives new hints
        memo = layout.memo["unlikely"] = (layout.hints, _unlikely_elements(layout))
    return list(memo[1])


def _unlikely_elements(layout: Layout) -> list[bool]:
    out: list[bool] = []
    parents, tags = layout.parents, layout.tags
    for i, hint in enumerate(layout.hints):
        parent = parents[i]
        flag = parent >= 0 and out[parent]
        if not flag and hint != " " and tags[i] not in ("body", "html", "article", "main"):
            flag = _unlikely_hint(hint)
        out.append(flag)
    return out


# Unlikely-words that also name wrappers of whole articles: `share-container` (the article
# with its share buttons), `sidebar-content`, `community-thread`, `extra-wide`, a page that
# is one issue of a newsletter, a hero `banner` holding a service page's text, a page shell
# named after its sliding menu (`menu-side-transition`).
_WRAPPER_WORDS = re.compile(
    r"share|sidebar|extra|supplemental|social|community|newsletter|banner|menu"
)


@lru_cache(maxsize=8192)
def _wrapper_hint(hint: str) -> bool:
    """Unlikely only through words that may name a wrapper of the whole article."""
    return _unlikely_hint(hint) and not _unlikely_hint(_WRAPPER_WORDS.sub(" ", hint))


def _trust_wrappers(layout: Layout, prose: list[float], unlikely: list[bool]) -> bool:
    """Clear the flag of a wrapper-named element that holds most of the page's prose.

    The article is the bulk of the page's prose: an element holding more of it than all the
    unflagged elements together is not a sidebar or a share bar, whatever its name. Inside
    it, elements keep their own flags (its comments are still comments). True when a flag
    was cleared."""
    blocks = layout.blocks
    # The prose that votes as things stand; an element flagged for its name must hold more.
    voting = sum(p for i, p in enumerate(prose) if p > 0 and not unlikely[blocks[i].elem])
    if not any(prose):
        return False
    parents, hints = layout.parents, layout.hints
    changed = False
    prefix = [0.0]
    for score in prose:
        prefix.append(prefix[-1] + score)
    for root, flagged in enumerate(unlikely):
        if not flagged or (parents[root] >= 0 and unlikely[parents[root]]):
            continue
        if not _wrapper_hint(hints[root]):
            continue
        inside = prefix[layout.end_block[root]] - prefix[layout.first_block[root]]
        if inside <= voting:
            continue
        _clear(layout, unlikely, root)
        changed = True
    return changed


def _clear(layout: Layout, unlikely: list[bool], root: int) -> None:
    """Clear `root`'s flag; the elements inside it keep their own (its comments)."""
    parents, hints, tags = layout.parents, layout.hints, layout.tags
    unlikely[root] = False
    for elem in range(root + 1, layout.ends[root]):
        parent = parents[elem]
        unlikely[elem] = (parent != root and unlikely[parent]) or (
            hints[elem] != " "
            and tags[elem] not in ("body", "html", "article", "main")
            and _unlikely_hint(hints[elem])
        )


_LEGAL = re.compile(r"(?:^|[\s_-])legal(?![\w-])")


def _legal_page(layout: Layout, unlikely: list[bool], headline: int) -> None:
    """A site's legal notices are small print beside a page, except on the page that is
    them: a block named `legal` that holds the headline (a Terms of Service page's own
    text, a law section's story), or opens within three lines under it in its container
    (the headline just outside, a `Last updated` line between), is the page, not its
    notices."""
    parents, hints, first_block = layout.parents, layout.hints, layout.first_block

    def legal(elem: int) -> bool:
        hint = hints[elem]
        if (
            unlikely[elem]
            and not unlikely[parents[elem]]
            and _LEGAL.search(hint)
            and not _unlikely_hint(_LEGAL.sub(" ", hint))
        ):
            _clear(layout, unlikely, elem)
            return True
        return False

    elem = layout.blocks[headline].elem
    while elem > 0:
        if legal(elem):
            return
        elem = parents[elem]
    for i in range(headline + 1, min(headline + 4, len(layout.blocks))):
        elem = layout.blocks[i].elem
        while elem > 0 and first_block[elem] > headline:
            if legal(elem):
                return
            elem = parents[elem]


# Names that say outright that the posts or articles inside are other ones than this page's.
_OTHER_POSTS = re.compile(r"related[-_]?(?:posts?|articles?|stories|content|entries)")


# A customer's or a buyer's review is theirs even when its name also says `body`.
_BUYERS = re.compile(_BUYERS_REVIEWS)


@lru_cache(maxsize=8192)
def _unlikely_hint(hint: str) -> bool:
    if "review" in hint:
        own = _TAXONOMY.sub(" ", hint)
        # Only a reviews name that says article-like words itself (`reviews-content`,
        # `review-body`) is the site's: not a utility class beside it (`text-sm`, `shadow-sm`).
        if _READERS.search(own) and (
            _BUYERS.search(own)
            or not any(_MAYBE.search(name) for name in own.split() if "review" in name)
        ):
            return True
    if not _UNLIKELY.search(hint):
        return False
    return not _MAYBE.search(hint) or bool(_OTHER_POSTS.search(hint))


# The line of a poster's box that says when the member joined the forum: the box is a
# member's profile beside a post, never a story's author card.
_JOINED = re.compile(
    r"\s*(?:joined|join date|member since|registered|registration date|registriert|"
    r"mitglied seit|dabei seit|inscrit|inscription|membre depuis|registrado|miembro desde|"
    r"iscritto|注册|註冊|加入时间|加入時間|入站时间)"
    r"(?:\s*(?:时间|時間|日期|于|於|date|on|in|since|le|am|seit|el|il))?\s*[:：]?\s*",
    re.I,
)
# A month and year alone (`Mar 2019`), which `parse_date` leaves (it wants a day).
_MONTH_YEAR = re.compile(r"[^\W\d_]{3,9}\.?,?\s+\d{4}$")
_FIRST_WORD = re.compile(r"[^\W\d_]+\.?")


def _joined_line(text: str) -> bool:
    """Does the line say when a member joined: the word, then nothing (a label, its date in
    the next cell), a number or a date? Not a bio that starts with the word (`Registered
    nurse and health writer`, `注册会计师`) in a story's author card."""
    said = _JOINED.match(text)
    if said is None:
        return False
    rest = text[said.end() :].rstrip()
    if not rest or rest[0].isdigit():
        return True
    # A date right after the word (`Mar 2019`, `March 3, 2019`), not one further on in a bio
    # (`Registered dietitian, at the paper since May 4, 2015`); its weekday may come first
    # (phpBB: `Joined: Sun Dec 28, 2014 3:02 pm`).
    word = _FIRST_WORD.match(rest)
    if word is not None and weekday_name(word.group()):
        rest = rest[word.end() :].lstrip(" ,")
        if rest[:1].isdigit():
            return True
        word = _FIRST_WORD.match(rest)
    return (
        word is not None
        and month_number(word.group()) > 0
        and (bool(_MONTH_YEAR.match(rest)) or bool(parse_date(rest)))
    )


def in_poster_box(layout: Layout, elem: int, since: int = 0) -> bool:
    """Inside the box that presents a post's poster (`_POSTER_BOX`) on a thread: its `Joined`
    date is the member's, never the page's. A thread is a page read `as_discussion`, one
    where such boxes repeat from the headline (element `since`) on, outside comments, or
    one whose box says when its member joined (a thread of one post); one `user-info` box
    under a story's headline is its author's."""
    box = _outer_poster_box(layout, elem)
    if not box:
        return False
    if layout.memo.get("discussion") or _poster_boxes(layout, since) > 1:
        return True
    joined: dict[int, bool] = layout.memo.setdefault("joined_boxes", {})
    if box not in joined:
        joined[box] = any(
            _joined_line(layout.blocks[i].text)
            for i in range(layout.first_block[box], layout.end_block[box])
        )
    return joined[box]


def _outer_poster_box(layout: Layout, elem: int) -> int:
    """The outermost poster box among `elem` and its ancestors but the root (0 if none).

    Remembered per element for the page's hints (`as_discussion` gives new ones): the lines
    between a headline and the body share their ancestors, and each would climb them all."""
    if elem <= 0:
        return 0
    memo: tuple[list[str], dict[int, int]] | None = layout.memo.get("poster_box")
    if memo is None or memo[0] is not layout.hints:
        memo = layout.memo["poster_box"] = (layout.hints, {0: 0})
    known = memo[1]
    chain: list[int] = []
    while elem not in known:
        chain.append(elem)
        elem = layout.parents[elem]
    box = known[elem]
    for elem in reversed(chain):  # outermost first: an outer box holds every inner one
        if not box and _POSTER.search(layout.hints[elem]):
            box = elem
        known[elem] = box
    return box


def _poster_boxes(layout: Layout, since: int) -> int:
    """How many poster boxes, none inside another, stand from element `since` on outside
    comments and other unlikely parts (one pass, worked out once per page)."""
    counts: dict[int, int] = layout.memo.setdefault("poster_boxes", {})
    if since not in counts:
        unlikely = unlikely_elements(layout)
        hints, ends = layout.hints, layout.ends
        boxes = inside = 0
        for i in range(max(since, 0), len(hints)):
            if i >= inside and not unlikely[i] and _POSTER.search(hints[i]):
                boxes += 1
                inside = ends[i]
        counts[since] = boxes
    return counts[since]


@lru_cache(maxsize=8192)
def _chrome_hint(hint: str) -> bool:
    """A chrome-like class/id that is neither article-like nor an embedded post."""
    if _POSTER.search(hint):
        return True
    return bool(_NEGATIVE.search(hint)) and not _POSITIVE.search(hint) and not _EMBED.search(hint)


def _link_density(layout: Layout, stats: _Stats, elem: int) -> float:
    start, end = layout.first_block[elem], layout.end_block[elem]
    total = stats.prefix_len[end] - stats.prefix_len[start]
    if total <= 0:
        return 1.0
    return (stats.prefix_links[end] - stats.prefix_links[start]) / total


def _text_len(layout: Layout, stats: _Stats, elem: int) -> int:
    return stats.prefix_len[layout.end_block[elem]] - stats.prefix_len[layout.first_block[elem]]


def _prose_scores(blocks: list[Block], stats: _Stats) -> list[float]:
    """How much each block reads like prose (0 for links, labels and short lines)."""
    out: list[float] = []
    for block, n, k, weight, punct in zip(
        blocks, stats.length, stats.links, stats.weight, stats.punct
    ):
        if n == 0:
            out.append(0.0)
            continue
        density = k / n
        if density > 0.5 or weight < 25 or (punct == 0 and weight < 80):
            out.append(0.0)
            continue
        score = 1.0 + punct + min(weight / 100.0, 3.0)
        if block.indented:
            score += 1.0
        if block.tag in HEADINGS:
            score *= 0.3
        elif block.tag in ("li", "dt", "dd"):
            # Lists are mostly menus, related links and thread indexes; article lists ride
            # along with the paragraphs around them.
            score *= 0.5
        out.append(score * (1.0 - density))
    return out


def _vote(
    layout: Layout, prose: list[float], unlikely: list[bool]
) -> tuple[dict[int, float], float]:
    """Each prose block adds its score to its container and, less, to the ancestors."""
    parents, tags = layout.parents, layout.tags
    scores: dict[int, float] = {}
    total = 0.0
    for i, block in enumerate(layout.blocks):
        score = prose[i]
        if score <= 0 or unlikely[block.elem]:
            continue
        total += score
        elem = block.elem
        if tags[elem] in _PARA_TAGS and parents[elem] >= 0:
            elem = parents[elem]
        for divider in (1.0, 2.0, 6.0, 9.0):
            if elem < 0:
                break
            scores[elem] = scores.get(elem, 0.0) + score / divider
            elem = parents[elem]
    return scores, total


def choose_body(layout: Layout, headline: int = -1, title: str = "") -> BodyChoice:
    """Pick the article's containers and the body blocks inside them.

    `headline` is the block that shows the page's `title` (-1 when none does): a winner
    that is not about the headline loses to the story under it (see `_under_headline`)."""
    blocks = layout.blocks
    if not blocks:
        return BodyChoice()
    stats = _stats_of(layout)
    tags = layout.tags
    unlikely = unlikely_elements(layout)
    if headline >= 0:
        _legal_page(layout, unlikely, headline)
    prose = _prose_scores(blocks, stats)
    scores, voted = _vote(layout, prose, unlikely)
    voters = sum(1 for i, p in enumerate(prose) if p > 0 and not unlikely[blocks[i].elem])
    if voters < 3 and voted < 0.3 * sum(prose):
        # Most prose sits in suspicious containers (a wrapper named "has-sidebar"): trust it,
        # all but the page's footer and menus, which the page marks as such by their tags.
        unlikely = _in_tags(layout, ("footer", "nav"))
        scores, voted = _vote(layout, prose, unlikely)
    elif _trust_wrappers(layout, prose, unlikely):
        scores, voted = _vote(layout, prose, unlikely)
    if not scores:
        return main_text(layout)

    final: dict[int, float] = {}
    for elem, raw in scores.items():
        bonus = _TAG_BONUS.get(tags[elem], 0.0) + hint_weight(layout.hints[elem])
        # A good name cannot make up for missing text: at most it doubles what the text earned.
        bonus = min(bonus, 2 * raw)
        final[elem] = (raw + bonus) * (1.0 - _link_density(layout, stats, elem)) ** 2
    best = max(final, key=lambda e: final[e])

    best = _climb(layout, final, best, -1)
    avoid = -1
    if headline >= 0:
        story = _under_headline(layout, stats, final, best, headline, title)
        if story >= 0:
            best, avoid = _climb(layout, final, story, best), best

    wide = _widen(layout, stats, unlikely, best, avoid)
    if wide == best:
        wide = _sections(layout, stats, unlikely, best, avoid)
    if wide != best:
        # Widening must add text, not trade it: everything kept of the winner stays kept
        # (posts named "comment" inside a wider container would be dropped as chrome).
        kept = set(_filter(layout, stats, [wide]).blocks)
        if kept.issuperset(_filter(layout, stats, [best]).blocks):
            best = wide
    containers = _with_siblings(layout, stats, final, best, unlikely)
    containers = _with_twins(layout, stats, scores, best, containers, unlikely)
    choice = _filter(layout, stats, containers)
    _without_side_boxes(layout, stats, choice)
    choice.unlikely = unlikely
    return choice


def _without_side_boxes(layout: Layout, stats: _Stats, choice: BodyChoice) -> None:
    """Drop from the chosen containers the boxes `_with_siblings` keeps out of the story's
    own box when a wider container won: a page whose template dresses the story and the
    sidebar boxes in one class (`box`) inside a well-named wrapper (`article-content`)
    brings those boxes in with the wrapper."""
    boxes: list[int] = []
    for container in choice.containers:
        boxes.extend(_side_boxes(layout, stats, container))
    if not boxes:
        return
    inside = {i for box in boxes for i in range(layout.first_block[box], layout.end_block[box])}
    choice.dropped.extend((i, "boilerplate") for i in choice.blocks if i in inside)
    choice.blocks = [i for i in choice.blocks if i not in inside]


def _side_boxes(layout: Layout, stats: _Stats, container: int) -> list[int]:
    """The container's children that wear the class of its child holding the story (the most
    real paragraphs, two or more) but are boxes of short lines under a heading of their own
    (`_goes_on`: a heading and two lines or more, no code, no long line), after the last child
    that carries paragraphs (a box between two parts of the story is one of them, see
    `_with_boxes_within`). Only a column of two such boxes or more: one box after the story
    may close it (a fact box), and a document's closing sections (`Specifications`, `See
    also`) share their class with the sections above."""
    ends, hints = layout.ends, layout.hints
    children = []
    child = container + 1
    while child < ends[container]:
        children.append(child)
        child = ends[child]
    if len(children) < 2:
        return []
    counts = [_paragraphs(layout, stats, c) for c in children]
    story = max(range(len(children)), key=lambda k: counts[k])
    hint = hints[children[story]].strip()
    if counts[story] < 2 or not hint:
        return []
    carry = [k for k, n in enumerate(counts) if n]
    boxes = [
        c
        for k, c in enumerate(children)
        if k > carry[-1]
        and hints[c].strip() == hint
        and layout.tags[c] == layout.tags[children[story]]
        and not _goes_on(layout, stats, c)
        and layout.end_block[c] - layout.first_block[c] >= 3
        and _short_lines(layout, stats, c)
    ]
    return boxes if len(boxes) >= 2 else []


def _short_lines(layout: Layout, stats: _Stats, elem: int) -> bool:
    """Does the element hold only short lines of text (no code, no long line)?"""
    start, end = layout.first_block[elem], layout.end_block[elem]
    return all(
        stats.weight[i] < 80 and layout.blocks[i].tag not in ("pre", "code")
        for i in range(start, end)
    )


def _holds(layout: Layout, elem: int, other: int) -> bool:
    """True when `other` is `elem` or lies inside it."""
    return other >= 0 and elem <= other < layout.ends[elem]


def _climb(layout: Layout, final: dict[int, float], best: int, avoid: int) -> int:
    """The winner's ancestor that collects the article's other pieces, never one holding
    `avoid` (a container already judged not to be the article)."""
    parents = layout.parents
    # Climb while the parent holds nearly as much: the body split over sibling containers.
    last = final[best]
    threshold = last / 3.0
    parent = parents[best]
    while parent > 0 and not _holds(layout, parent, avoid):
        if parent not in final:
            break
        score = final[parent]
        if score < threshold:
            break
        if score > last:
            best = parent
            break
        last = score
        parent = parents[parent]
    # A near ancestor that outscores the winner collects the article's other pieces.
    ancestor = parents[best]
    for _ in range(3):
        if ancestor <= 0 or _holds(layout, ancestor, avoid):
            break
        if ancestor in final and final[ancestor] > final[best] * 0.8:
            best = ancestor
        ancestor = parents[ancestor]
    return best


_TOPIC_WORD = re.compile(r"[^\W\d_]{4,}")
_HAN_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")


def topic_words(text: str) -> set[str]:
    """The words a text is about, roughly: words of four letters or more, and every pair of
    adjacent Han characters (Chinese has no spaces; most words are two characters)."""
    text = text.lower()
    return set(_TOPIC_WORD.findall(text)) | set(_HAN_PAIR.findall(text))


def _topic_share(layout: Layout, elem: int, words: set[str]) -> float:
    """The share of `words` that the text inside `elem` uses."""
    text = " ".join(
        layout.blocks[i].text for i in range(layout.first_block[elem], layout.end_block[elem])
    )
    return len(words & topic_words(text)) / len(words)


HEADLINE_WORDS = 3
"""A headline needs this many topic words to tell what a block is about."""
OFF_TOPIC = 0.2
"""A winner using fewer of the headline's words than this share is about something else..."""
ON_TOPIC = 0.5
"""...and loses to the story under the headline when that uses at least this share."""


def _under_headline(
    layout: Layout, stats: _Stats, final: dict[int, float], best: int, headline: int, title: str
) -> int:
    """The container of the story under the headline, when the winner is about something else.

    A story is about its headline: its text uses the headline's words. On a page where the
    story is short (three paragraphs of local news), a longer text beside it (a market
    commentary in the next column, a feature in a box) can outscore it while sharing none of
    the headline's words. Then the best container after the headline, inside the headline's
    own part of the page (its lowest ancestor that holds scored text and not the winner),
    is the article, when it holds real paragraphs that use the headline's words. Returns -1
    when the winner stands: it holds the headline, it shares the headline's part of the
    page, or it is about the headline too."""
    parents, ends = layout.parents, layout.ends
    elem = layout.blocks[headline].elem
    if _holds(layout, best, elem):
        return -1
    words = topic_words(title)
    if len(words) < HEADLINE_WORDS:
        return -1
    region = parents[elem]
    story = -1
    while region > 0 and story < 0:
        if _holds(layout, region, best):
            return -1
        for cand, score in final.items():
            if (
                score > 0
                and region < cand < ends[region]
                and layout.first_block[cand] > headline
                and (story < 0 or score > final[story])
            ):
                story = cand
        region = parents[region]
    if story < 0 or _paragraphs(layout, stats, story) < 2:
        return -1
    if _topic_share(layout, best, words) >= OFF_TOPIC:
        return -1
    if _topic_share(layout, story, words) < ON_TOPIC:
        return -1
    return story


WIDEN_SMALL = 0.4
"""A winner holding less than this share of the page's readable text is widened..."""
WIDEN_SHARE = 0.6
"""...to its lowest ancestor holding at least this share..."""
WIDEN_LINKS = 0.4
"""...unless an ancestor on the way is more links than text (a menu, a link farm)."""


def _widen(layout: Layout, stats: _Stats, unlikely: list[bool], best: int, avoid: int) -> int:
    """The main content is the bulk of a page's readable text (text outside links and
    outside comments, sidebars and menus). A winner holding a small share of it is one part
    (an intro, one section, one card) of a body made of many: how-to steps, a list of jobs,
    product tiles, an article cut into sections. Its lowest ancestor that holds most of the
    readable text, and is not mostly links, is the body. It never widens to hold `avoid`."""
    parents = layout.parents
    prefix = [0]
    for i, block in enumerate(layout.blocks):
        own = 0 if unlikely[block.elem] else stats.length[i] - stats.links[i]
        prefix.append(prefix[-1] + own)

    def readable(elem: int) -> int:
        return prefix[layout.end_block[elem]] - prefix[layout.first_block[elem]]

    page = prefix[-1]
    if not page or readable(best) >= page * WIDEN_SMALL:
        return best
    cur = best
    while True:
        up = parents[cur]
        if up <= 0 or unlikely[up] or layout.tags[up] in ("body", "html"):
            return best
        if _holds(layout, up, avoid):
            return best
        if _link_density(layout, stats, up) > WIDEN_LINKS:
            return best
        if readable(up) >= page * WIDEN_SHARE:
            return up
        cur = up


SECTION_TWINS = 2
"""Sibling sections built like the winner's own that make it one section of a document..."""
SECTION_MIN = 3
"""...when the winner holds this many paragraphs (one long section outvoting the rest; a
short winner is an FAQ's answer or a card, whose siblings are more of the same)."""


# Grid and layout names (Bootstrap's `row`, `col-md-8`, `container`): any part of a page
# wears them, so sharing one says nothing about being parts of one document. Not a bare
# `section`, `box` or `block`: documents are cut into those (Sphinx's `<div class="section">`).
# Whole names only, one after another: each space-separated name is matched once (a pattern
# that may also cut one name into several is tried in exponentially many ways on a long
# class list that ends in another name).
_LAYOUT_NAME = r"(?:row|container(?:-fluid)?|col(?:-\S+)?|columns?|grid|wrapper|clearfix)"
_LAYOUT = re.compile(rf"{_LAYOUT_NAME}(?:\s+{_LAYOUT_NAME})*")


def _linked_heading(layout: Layout, stats: _Stats, elem: int) -> bool:
    """Does the element open with a heading that is a link (a teaser: another story's title
    over its excerpt), not a section's own heading?"""
    for i in range(layout.first_block[elem], layout.end_block[elem]):
        if layout.blocks[i].tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return stats.links[i] * 2 > stats.length[i]
        if stats.weight[i] >= 80:
            return False
    return False


def _sections(layout: Layout, stats: _Stats, unlikely: list[bool], best: int, avoid: int) -> int:
    """A manual or a reference page is cut into sections of one template (`<div
    class="sect1">` after `<div class="sect1">`, each a heading and its text); the longest
    one (a command's options) can outvote the rest. When an ancestor of the winner, a few
    levels up, stands among `SECTION_TWINS` or more siblings with its own tag and class
    that hold real paragraphs too, their parent is the body."""
    parents, hints, tags, ends = layout.parents, layout.hints, layout.tags, layout.ends
    if _paragraphs(layout, stats, best) < SECTION_MIN:
        return best
    elem = best
    for _ in range(4):
        up = parents[elem]
        if up <= 0 or unlikely[up] or tags[up] in ("body", "html") or _holds(layout, up, avoid):
            return best
        hint = hints[elem].strip()
        if hint and not _LAYOUT.fullmatch(hint):
            twins = 0
            child = up + 1
            while child < ends[up]:
                if (
                    child != elem
                    and tags[child] == tags[elem]
                    and hints[child].strip() == hint
                    and _paragraphs(layout, stats, child)
                    and not _linked_heading(layout, stats, child)
                ):
                    twins += 1
                child = ends[child]
            if twins >= SECTION_TWINS and _link_density(layout, stats, up) < 0.3:
                return up
        elem = up
    return best


def _with_siblings(
    layout: Layout, stats: _Stats, final: dict[int, float], best: int, unlikely: list[bool]
) -> list[int]:
    parent = layout.parents[best]
    if parent < 0:
        return [best]
    threshold = max(10.0, final.get(best, 0.0) * 0.2)
    hint = layout.hints[best].strip()
    chosen = []
    headed = []
    child = parent + 1
    end = layout.ends[parent]
    while child < end:
        if child == best:
            chosen.append(child)
        elif not unlikely[child]:
            strong = final.get(child, 0.0) >= threshold and hint_weight(layout.hints[child]) >= 0
            # One template repeated: the article cut into cards or chunks of the same class.
            same = bool(hint) and layout.hints[child].strip() == hint
            twin = same and _goes_on(layout, stats, child)
            prose = layout.tags[child] == "p" and _prose_sibling(layout, stats, child)
            if strong or prose or (twin and _link_density(layout, stats, child) < 0.3):
                chosen.append(child)
            elif same and _link_density(layout, stats, child) < 0.3:
                headed.append(child)
        child = layout.ends[child]
    return _with_boxes_within(chosen, headed)


def _with_boxes_within(chosen: list[int], headed: list[int]) -> list[int]:
    """Add the winner's same-class boxes of short lines under a heading of their own (kept
    out by `_goes_on`: sidebar boxes wear generic classes too) that stand between two parts of
    the story: the story goes on after such a box, so it is one of its parts (a recipe's
    ingredients between its introduction and its method, a fact box inside a report), not
    a sidebar, which comes before or after the story or beside it."""
    if len(chosen) < 2 or not headed:
        return chosen
    inside = [elem for elem in headed if chosen[0] < elem < chosen[-1]]
    return sorted(chosen + inside) if inside else chosen


def _goes_on(layout: Layout, stats: _Stats, elem: int) -> bool:
    """Can an element wearing the winner's class carry the story on? Not a box of short lines
    under a heading of its own: generic names (`box`, `block`) also dress a page's sidebar
    boxes (contact details, a list of services), which share the class and nothing else.
    Posts of a thread and rows of a list carry no heading of their own, and stay twins."""
    start = layout.first_block[elem]
    if start == layout.end_block[elem] or layout.blocks[start].tag not in HEADINGS:
        return True
    return _paragraphs(layout, stats, elem) >= 1


def _paragraphs(layout: Layout, stats: _Stats, elem: int) -> int:
    """How many real paragraphs (long, punctuated, few links) an element holds."""
    count = 0
    for i in range(layout.first_block[elem], layout.end_block[elem]):
        n = stats.length[i]
        if stats.weight[i] >= 80 and stats.punct[i] and stats.links[i] < n * 0.3:
            count += 1
    return count


def _class_key(hint: str) -> str:
    """The first class name of an element (hints are 'id classes')."""
    _, _, classes = hint.partition(" ")
    return classes.split()[0] if classes.split() else ""


def _with_twins(
    layout: Layout,
    stats: _Stats,
    scores: dict[int, float],
    best: int,
    chosen: list[int],
    unlikely: list[bool],
) -> list[int]:
    """Add containers built from the winner's template: an article cut up by figures, pull
    quotes or ads into several `post__content` / `block-text` chunks. Same class anywhere, or
    the same first class within the winner's near ancestor."""
    hint = layout.hints[best].strip()
    key = _class_key(layout.hints[best])
    if not hint or layout.tags[best] in ("body", "html"):
        return chosen
    ends, parents = layout.ends, layout.parents
    near = best
    for _ in range(3):
        if parents[near] > 0:
            near = parents[near]
    out = list(chosen)
    for elem, score in scores.items():
        if score <= 0 or unlikely[elem] or layout.tags[elem] != layout.tags[best]:
            continue
        same = layout.hints[elem].strip() == hint and _goes_on(layout, stats, elem)
        cousin = (
            bool(key)
            and near < elem < ends[near]
            and _class_key(layout.hints[elem]) == key
            and _paragraphs(layout, stats, elem) >= 2
        )
        if not (same or cousin):
            continue
        if any(c <= elem < ends[c] or elem <= c < ends[elem] for c in out):
            continue
        if _link_density(layout, stats, elem) < 0.3:
            out.append(elem)
    return sorted(out)


def _prose_sibling(layout: Layout, stats: _Stats, elem: int) -> bool:
    start, end = layout.first_block[elem], layout.end_block[elem]
    if start == end:
        return False
    weight = sum(stats.weight[start:end])
    density = _link_density(layout, stats, elem)
    text = layout.blocks[end - 1].text
    if weight > 80 and density < 0.25:
        return True
    return weight > 0 and density == 0 and bool(_SENTENCE_END.search(text))


def keep_all(layout: Layout) -> BodyChoice:
    """Every block of the layout except chrome and link lists (a site rule chose the body)."""
    if not layout.blocks:
        return BodyChoice()
    return _filter(layout, _stats_of(layout), [0])


MAIN_TEXT_MIN = 40
"""Characters of main text a page without an article body must have left to return it."""


def main_text(layout: Layout) -> BodyChoice:
    """The page's main text when no body was found: the text of its `<main>` (or, failing
    that, its largest `<article>`, or the whole page), less menus, headers, footers, asides,
    forms, sidebars, comments and blocks that are mostly links. A listing or a category page
    has no paragraphs to vote, but what a reader comes for is still what is left of it once
    the chrome is gone."""
    blocks = layout.blocks
    if not blocks:
        return BodyChoice()
    stats = _stats_of(layout)
    tags = layout.tags
    mains = [e for e, tag in enumerate(tags) if tag == "main"]
    if not mains:
        mains = [e for e, tag in enumerate(tags) if tag == "article"]
    container = max(mains, key=lambda e: _text_len(layout, stats, e), default=0)
    if mains and _text_len(layout, stats, container) == 0:
        container = 0
    unlikely = unlikely_elements(layout)
    chrome = _chrome_elements(layout, stats, container)
    titles = _card_titles(layout, stats, container)
    index = _index_lists(layout, stats, container)
    for elem in index:
        chrome.pop(elem, None)
    choice = BodyChoice(containers=[container])
    kept = []
    # (Each found once for the container: a climb from every block to it was quadratic in
    # the nesting, 1.5 s for an article of 6,000 unclosed `<div><p>`.)
    owners = _chrome_owners(layout, chrome)
    headers = _under_headers(layout, container)
    listed = _chrome_owners(layout, index)
    for i in range(layout.first_block[container], layout.end_block[container]):
        elem = blocks[i].elem
        n = stats.length[i]
        if (
            i in owners
            or unlikely[elem]
            or i in headers
            or (
                n
                and stats.links[i] / n > 0.5
                and not _headline_like(blocks[i].text)
                and i not in titles
                and not (blocks[i].card and _linked_cards(layout, stats, container))
                and i not in listed
            )
        ):
            choice.dropped.append((i, "boilerplate"))
        else:
            kept.append(i)
    # A few words left over (a cart counter, a button) are a label, not the page's text.
    if sum(stats.length[i] for i in kept) < MAIN_TEXT_MIN:
        choice.dropped.extend((i, "boilerplate") for i in kept)
        kept = []
    choice.blocks = kept
    choice.unlikely = unlikely
    return choice


def _headline_like(text: str) -> bool:
    """A link that reads like a headline or an item's name (several words, or a dozen CJK
    characters), not a menu entry: on a page of teasers and tiles the links are the text."""
    return text.count(" ") >= 4 or block_weight(text) >= 36


def _under_headers(layout: Layout, container: int) -> set[int]:
    """The blocks of `container` inside a page's header below it: their innermost `<header>`
    stands in no `<article>` below the container (an article's header, its headline and
    summary, is the article's own).

    One pass down the container's elements, each inheriting its parent's answer, and none
    when it holds no `<header>` (most do not)."""
    tags, parents, end = layout.tags, layout.parents, layout.ends[container]
    try:
        tags.index("header", container + 1, end)
    except ValueError:
        return set()
    under = [False] * (end - container)  # by offset from the container
    in_article = [False] * (end - container)
    for elem in range(container + 1, end):
        up = parents[elem] - container
        tag = tags[elem]
        in_article[elem - container] = in_article[up] or tag == "article"
        under[elem - container] = not in_article[up] if tag == "header" else under[up]
    blocks = layout.blocks
    return {
        i
        for i in range(layout.first_block[container], layout.end_block[container])
        if under[blocks[i].elem - container]
    }


def _prose_weight(layout: Layout, stats: _Stats, elem: int) -> float:
    """Weight of the real paragraphs (long, punctuated, few links) inside an element."""
    total = 0.0
    for i in range(layout.first_block[elem], layout.end_block[elem]):
        if stats.weight[i] >= 80 and stats.punct[i] and stats.links[i] < stats.length[i] * 0.3:
            total += stats.weight[i]
    return total


# Chrome words that name a place in the page builder's layout rather than a kind of
# content: a `WidgetWrapper` or an `elementor-widget` may hold the article itself.
_LAYOUT_WORDS = re.compile(r"widget|sidebar|gallery|caption|promo")


@lru_cache(maxsize=8192)
def _layout_chrome_hint(hint: str) -> bool:
    """Chrome-like only through layout words (no comment/related/footer/share... name)."""
    return _chrome_hint(hint) and not _NEGATIVE.search(_LAYOUT_WORDS.sub(" ", hint))


def _chrome_elements(layout: Layout, stats: _Stats, container: int) -> dict[int, str]:
    """Elements inside `container` that hold page chrome, with the reason.

    Chrome is the lesser part of an article's container: when the elements named like chrome
    only through layout words (`WidgetWrapper`, `elementor-widget`, `sidebar-…`) hold most of
    its paragraphs, those names describe the page builder, not the content, and are ignored.
    """
    out = _chrome_by(layout, stats, container, layout_names=True)
    named = [e for e in out if _layout_chrome_hint(layout.hints[e])]
    if named:
        prose = _prose_weight(layout, stats, container)
        if prose and sum(_prose_weight(layout, stats, e) for e in named) > prose * 0.5:
            out = _chrome_by(layout, stats, container, layout_names=False)
    return out


def _chrome_by(layout: Layout, stats: _Stats, container: int, layout_names: bool) -> dict[int, str]:
    # (`_text_len` written out: this loop meets every element of the container.)
    tags, hints, ends = layout.tags, layout.hints, layout.ends
    first_block, end_block, prefix_len = layout.first_block, layout.end_block, stats.prefix_len
    total = max(1, _text_len(layout, stats, container))
    out: dict[int, str] = {}
    elem = container + 1
    end = ends[container]
    while elem < end:
        tag = tags[elem]
        reason = ""
        if tag in _CHROME_TAGS:
            reason = "boilerplate"
        elif prefix_len[end_block[elem]] - prefix_len[first_block[elem]] < total * 0.4:
            hint = hints[elem]
            negative = _chrome_hint(hint) and (layout_names or not _layout_chrome_hint(hint))
            link_list = tag in ("ul", "ol", "dl", "table") and (
                _link_density(layout, stats, elem) > 0.5
            )
            if negative or link_list:
                reason = "boilerplate"
        if reason:
            out[elem] = reason
            elem = ends[elem]
        else:
            elem += 1
    return out


CARD_TITLES = 3
"""Linked headings, each over its own card's text, that make a container a list of cards."""


def _card_titles(layout: Layout, stats: _Stats, container: int) -> set[int]:
    """The linked headings inside `container` that title a card: a heading that is a link,
    followed in its own parent element by text that is not a link (a job's place and hours,
    a course's summary, a doc page's one-line description). On a page of such cards the
    linked headings are the names of what the page lists, not a menu; they count once there
    are `CARD_TITLES` of them (an article's next/previous teasers are two), most of them
    distinct (a thread's `Re: …` subjects are one name repeated; a featured story may
    appear twice on a blog's front page)."""
    blocks, parents, ends = layout.blocks, layout.parents, layout.ends
    end = layout.end_block[container]
    out: set[int] = set()
    for i in range(layout.first_block[container], end - 1):
        block = blocks[i]
        n = stats.length[i]
        if (block.tag not in HEADINGS and block.tag != "dt") or not n or stats.links[i] * 2 <= n:
            continue
        card = parents[block.elem]
        after = blocks[i + 1]
        m = stats.length[i + 1]
        if (
            card > container
            and card <= after.elem < ends[card]
            and after.tag not in HEADINGS
            and stats.links[i + 1] * 2 < m
        ):
            out.add(i)
    # Headings and definition terms are told apart: a thread's `Re: …` headings stay one
    # name repeated beside the distinct names of its attachments' terms. A term counts
    # only in a list of two terms or more (a glossary, an API's members), not in a box of
    # one (a forum post's author beside the count of their posts).
    terms: dict[int, int] = {}
    for i in out:
        if blocks[i].tag == "dt":
            terms[parents[blocks[i].elem]] = terms.get(parents[blocks[i].elem], 0) + 1
    kept: set[int] = set()
    for group in (
        {i for i in out if blocks[i].tag == "dt" and terms[parents[blocks[i].elem]] >= 2},
        {i for i in out if blocks[i].tag != "dt"},
    ):
        names = len({blocks[i].text for i in group})
        if names >= CARD_TITLES and names * 2 > len(group):
            kept |= group
    return kept


LINKED_CARDS = 0.5
"""Share of a container's text on the faces of cards that are links as a whole that makes
it a page of such cards."""


def _linked_cards(layout: Layout, stats: _Stats, container: int) -> bool:
    """Is the container a list of cards that are each one link (`<a>` around the card's
    heading, picture, price and summary: a shop's tiles, a job board, a recipe index)? Their
    faces are what the page lists, not menus, when they hold most of the container's text;
    a few such tiles under an article (more stories) are a small part of it."""
    first, end = layout.first_block[container], layout.end_block[container]
    total = stats.prefix_len[end] - stats.prefix_len[first]
    faces: list[int] | None = layout.memo.get("card_faces")
    if faces is None:  # asked only on pages with a card: most pages never pay for it
        faces = [0]
        for block, n in zip(layout.blocks, stats.length):
            faces.append(faces[-1] + n if block.card else faces[-1])
        layout.memo["card_faces"] = faces
    if not (total > 0 and faces[end] - faces[first] > total * LINKED_CARDS):
        return False
    known: dict[int, bool] = layout.memo.setdefault("linked_cards", {})
    if container not in known:
        # An article above the cards (paragraphs of prose before the first) makes them its
        # tiles of more stories, however many: a page of cards opens with a line or two.
        prose = 0
        for i in range(first, end):
            if layout.blocks[i].card:
                break
            prose += _prose_line(layout, stats, i)
        known[container] = prose < ARTICLE_ABOVE_CARDS
    return known[container]


ARTICLE_ABOVE_CARDS = 2
"""Paragraphs of prose before a container's first linked card that make it an article with
tiles of more stories below, not a page of cards."""


# A reply's subject line (`Re: <the thread's subject>`) heads each post of a forum thread or
# a mail archive: it repeats the thread's name, not what the reply says.
_REPLY_SUBJECT = re.compile(r"(?:re|回复|回覆)\s*[:：]\s*", re.I)


def _reply_subjects(layout: Layout, container: int) -> set[int]:
    """The headings in a container that are reply subject lines of a thread.

    `Re: <subject>` is a reply's subject line only where the thread shows: two headings or
    more of the container name the same subject, replies or the first post. One such heading
    alone is a title that happens to start so (`Re:Zero`, a letter answering an article)."""
    subjects: dict[int, str] = {}
    replies: list[int] = []
    for i in range(layout.first_block[container], layout.end_block[container]):
        block = layout.blocks[i]
        if block.tag not in HEADINGS:
            continue
        text, reply = block.text, False
        while (prefix := _REPLY_SUBJECT.match(text)) is not None:
            text, reply = text[prefix.end() :], True
        subjects[i] = " ".join(text.split()).casefold()
        if reply:
            replies.append(i)
    if not replies:
        return set()
    count: dict[str, int] = {}
    for subject in subjects.values():
        count[subject] = count.get(subject, 0) + 1
    return {i for i in replies if subjects[i] and count[subjects[i]] >= 2}


INDEX_SECTIONS = 3
"""Headed lists of links that make a container an index (a wiki's list page, a reading list)."""


def _index_lists(layout: Layout, stats: _Stats, container: int) -> set[int]:
    """The lists of links inside `container` that are its content: an index page (a list of
    languages under A, B, C, a wiki's reading list per topic) is headings, each over a list
    whose items are links. Such lists are what the page is for when there are
    `INDEX_SECTIONS` of them or more and they hold most of the container's text; the
    "See also" and "External links" lists at the end of an article are a small part of it.
    A table of contents leads only to places on the same page and never counts."""
    tags = layout.tags
    first, end = layout.first_block[container], layout.end_block[container]
    lists: list[int] = []
    size = 0
    elem = container + 1
    while elem < layout.ends[container]:
        if tags[elem] in ("ul", "ol") and _headed_link_list(layout, stats, elem, first):
            lists.append(elem)
            size += _text_len(layout, stats, elem)
            elem = layout.ends[elem]
        else:
            elem += 1
    total = stats.prefix_len[end] - stats.prefix_len[first]
    if len(lists) < INDEX_SECTIONS or size * 2 <= total:
        return set()
    # Beside the lists, an index has an intro; an article has its own paragraphs (a short
    # story above "local news" / "most read" lists in the same container outweighs none).
    listed = [False] * (end - first)  # (the lists do not nest: each was skipped past)
    for elem in lists:
        for i in range(layout.first_block[elem], layout.end_block[elem]):
            listed[i - first] = True
    inside = outside = 0.0
    for i in range(first, end):
        if listed[i - first]:
            inside += stats.weight[i]
        elif _prose_line(layout, stats, i):
            outside += stats.weight[i]
    return set(lists) if outside * INDEX_PROSE < inside else set()


INDEX_PROSE = 2
"""An index's lists outweigh the prose beside them (its intro) more than this many times."""


def _prose_line(layout: Layout, stats: _Stats, i: int) -> bool:
    n = stats.length[i]
    return (
        n > 0
        and stats.links[i] * 2 <= n
        and stats.weight[i] >= 25
        and (stats.punct[i] > 0 or stats.weight[i] >= 80)
        and layout.blocks[i].tag not in HEADINGS
    )


def _headed_link_list(layout: Layout, stats: _Stats, elem: int, first: int) -> bool:
    """Is the list mostly links, right under a heading (past an edit or permalink link
    beside it: `[edit]`, `#`, `¶`), and not a table of contents?"""
    start = layout.first_block[elem]
    if not first < start < layout.end_block[elem] or _link_density(layout, stats, elem) <= 0.5:
        return False
    head = start - 1
    # (A few blocks at most: a run of short links is no edit link, and walking back over
    # it from every list of a long page cost quadratic time.)
    stop = max(first, start - 4)
    while head > stop and stats.length[head] <= 10 and stats.links[head] * 2 > stats.length[head]:
        head -= 1
    return (
        layout.blocks[head].tag in HEADINGS
        and stats.links[head] * 2 <= stats.length[head]
        and not _contents_list(layout.nodes[elem])
    )


def _contents_list(node: Any) -> bool:
    """Does every link of the list lead to a place on the same page (`href="#…"`)?"""
    hrefs = [a.attrs.get("href") or "" for a in node.css("a")]
    return bool(hrefs) and all(h.startswith("#") for h in hrefs)


def _filter(layout: Layout, stats: _Stats, containers: list[int]) -> BodyChoice:
    choice = BodyChoice(containers=containers)
    for container in containers:
        chrome = _chrome_elements(layout, stats, container)
        titles = _card_titles(layout, stats, container)
        subjects = _reply_subjects(layout, container)
        index = _index_lists(layout, stats, container)
        for elem in index:
            chrome.pop(elem, None)
        owners = _chrome_owners(layout, chrome)
        listed = _chrome_owners(layout, index)
        for i in range(layout.first_block[container], layout.end_block[container]):
            block = layout.blocks[i]
            owner = owners.get(i, -1)
            if owner >= 0:
                choice.dropped.append((i, chrome[owner]))
                continue
            n = stats.length[i]
            if (
                n
                and stats.links[i] / n > 0.5
                and i not in titles
                and not (block.card and _linked_cards(layout, stats, container))
                and i not in listed
                and not _linked_sentence(layout, block, stats, i)
            ):
                choice.dropped.append((i, "boilerplate"))
                continue
            if i in subjects:
                choice.dropped.append((i, "boilerplate"))
                continue
            choice.blocks.append(i)
    return choice


LINKED_SENTENCE = 1 / 3
"""A sentence keeps at least this share of its text outside its links."""


def _linked_sentence(layout: Layout, block: Block, stats: _Stats, i: int) -> bool:
    """Is the block a sentence of the article whose words link to other pages here and
    there (`As <a>Storm Ciarán batters the coast</a> and <a>the islands</a>, forecasters
    warn ...`)? A sentence's length and end, and words of its own beside its links, where
    a menu or a list of headlines has only separators between its links and a `Read more:`
    line a label before one headline."""
    n = stats.length[i]
    return (
        block.anchors >= 1
        and stats.weight[i] >= 80
        and stats.punct[i] > 0
        and n - stats.links[i] >= n * LINKED_SENTENCE
        and bool(_SENTENCE_END.search(block.text))
        and not (block.anchors == 1 and _labelled_headline(layout, block))
    )


def _labelled_headline(layout: Layout, block: Block) -> bool:
    """Is the line a label before another story's headline (`Read more | Subscribers only
    <a>Auto strike: 'Pay is …'</a>`), however long the label? Its one link ends the line,
    opens with a capital letter and ends as no sentence does (a headline has no full
    stop), and the words before it end none either. A sentence ending in a link has its
    object there (`she was then <a>forced to deny …</a>`), and a sentence's own link
    after another sentence (`Want to know more? <a>Read our comparison.</a>`) follows a
    full stop or a question mark."""
    text = block.text.rstrip()
    for a in layout.nodes[block.elem].css("a"):
        words = " ".join(a.text(deep=True).split())
        if not words or not text.endswith(words) or len(words) >= len(text):
            continue
        first = next((c for c in words if c.isalpha()), "")
        label = text[: -len(words)].rstrip()
        return (
            first.isupper()
            and not words.endswith((".", "。"))
            and not label.endswith((".", "!", "?", "…", "。", "！", "？"))
        )
    return False


def _chrome_owners(layout: Layout, elems: Iterable[int]) -> dict[int, int]:
    """Block -> the innermost of `elems` (chrome, index lists) holding it, for the blocks
    inside them.

    A block lies inside an element exactly when it falls in the element's block range, and
    pre-order puts an element before its descendants: marking the ranges in element order
    leaves each block marked by the innermost one. Chrome and index lists do not nest (each
    search skips past what it found), so this is one pass over their blocks, not a climb
    from every block of the container to the container."""
    owners: dict[int, int] = {}
    first_block, end_block = layout.first_block, layout.end_block
    for elem in sorted(elems):
        owners.update(dict.fromkeys(range(first_block[elem], end_block[elem]), elem))
    return owners
