from __future__ import annotations

import asyncio
import random
from pathlib import Path

from jzcli.batch import BatchOptions, BatchRun
from jzcli.batch.boilerplate import (
    BoilerplateRule,
    boilerplate_fingerprints,
    fingerprint,
    remove_boilerplate,
)
from jzcli.models import Article
from tests.batch.helpers import article_files
from tests.batch.site import DISCLAIMER, PROMO, NewsSite, paragraph
from tests.support.server import LocalServer


def test_fingerprint_ignores_spacing_width_and_punctuation() -> None:
    assert fingerprint("关注我们，获取更多资讯！") == fingerprint("关注我们 获取更多资讯!")
    assert fingerprint("ＡＢＣ news today") == fingerprint("abc NEWS today.")
    assert fingerprint("图") is None


def test_threshold_is_three_articles_and_a_fifth_of_the_site() -> None:
    rule = BoilerplateRule()
    assert rule.threshold(5) == 3
    assert rule.threshold(100) == 20
    assert boilerplate_fingerprints([("a", 19), ("b", 20)], 100, rule) == {"b"}


def test_removal_is_recorded_and_never_empties_an_article() -> None:
    article = Article(paragraphs=("正文第一段内容在这里。", DISCLAIMER))
    fp = fingerprint(DISCLAIMER)
    assert fp is not None
    cleaned, removed = remove_boilerplate(article, {fp})
    assert cleaned.paragraphs == ("正文第一段内容在这里。",)
    assert removed == {fp}
    assert cleaned.provenance.removed[0].reason == "cross-article"
    assert cleaned.provenance.removed[0].index == 1
    only = Article(paragraphs=(DISCLAIMER,))
    assert remove_boilerplate(only, {fp})[0] == only


def _run_in_order(site: NewsSite, urls: list[str], out: Path) -> dict[str, str]:
    options = BatchOptions(out_dir=out, per_host=4, robots=False)
    asyncio.run(BatchRun(options).urls(urls))
    return {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in article_files(out)}


def test_cross_article_result_does_not_depend_on_arrival_order(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=40, gbk_count=0, multipage_every=0, promo_every=4)
    urls = site.all_article_urls("local")
    shuffled = urls[:]
    random.Random(7).shuffle(shuffled)
    a = _run_in_order(site, urls, tmp_path / "a")
    b = _run_in_order(site, shuffled, tmp_path / "b")
    assert a == b
    everything = "".join(a.values())
    # In all 40 articles, and in 10 of 40 (25% >= 20%): both removed.
    assert DISCLAIMER not in everything and PROMO not in everything
    assert paragraph(11, 0) in everything  # article text stays


def test_rare_repeats_are_kept_and_resume_adds_removals(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=40, gbk_count=0, multipage_every=0, promo_every=40)
    urls = site.all_article_urls("local")
    out = tmp_path / "out"
    # The first half alone: the promo is in one article of 20, kept.
    first = _run_in_order(site, urls[:20], out)
    assert sum(PROMO in t for t in first.values()) == 1
    assert not any(DISCLAIMER in t for t in first.values())
    # The same folder with the rest: the earlier files are rewritten consistently.
    both = _run_in_order(site, urls, out)
    assert not any(DISCLAIMER in t for t in both.values())
    fresh = _run_in_order(site, list(reversed(urls)), tmp_path / "fresh")
    assert both == fresh
