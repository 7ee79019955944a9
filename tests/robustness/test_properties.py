"""Hypothesis properties over every cleaner and over HTML extraction (bounded examples for CI;
benchmarks/robustness/ runs the same generators on 50,000+ inputs).

- no cleaner raises, whatever the text; decoding never raises, whatever the bytes;
- repair is idempotent (single damage, and mixes other than the one issue #9 gives to repair);
- the pipeline on random and mutated HTML either builds an article or fails with a JzError,
  and the article is valid JSON with no control characters;
- `jz fix` keeps the line count; `jz clean --format json` prints valid JSON or one error line;
- `jz batch` keeps every file inside --out whatever the titles.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jzcli.decode.charset import decode_bytes
from jzcli.dedupe import dedupe_paragraphs
from jzcli.errors import ExitCode, JzError
from jzcli.export import render_articles
from jzcli.models import Page, safe_text
from jzcli.pipeline import process_page
from jzcli.repair import repair_document, repair_text
from jzcli.repair.mojibake import (
    fix_cjk_mojibake,
    fix_latin_mojibake,
    fix_mojibake,
    fix_single_byte_mojibake,
)
from jzcli.repair.normalize import narrow_alnum, remove_invisible, unescape_entities
from jzcli.repair.pinyin import remove_pinyin
from jzcli.repair.punctuation import restore_fullwidth_punct
from jzcli.repair.script import to_simplified, to_traditional
from jzcli.settings import Settings
from tests.cli.helpers import jz
from tests.robustness import generate
from tests.support.server import LocalServer, Reply

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Line separators inside a line: keeping them through `jz fix` is issue #9's repair part.
LINE_SEPARATORS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
DAMAGED = SEEDS.map(random.Random).map(
    lambda rng: generate.damage(
        rng,
        generate.chinese(rng, rng.randint(5, 60)),
        generate.damage_kinds(rng, rng.random() < 0.5),
    )
)
TEXTS = st.one_of(st.text(), DAMAGED)

CLEANERS = (
    fix_mojibake, fix_single_byte_mojibake, fix_cjk_mojibake, fix_latin_mojibake,
    remove_invisible, unescape_entities, narrow_alnum, remove_pinyin, restore_fullwidth_punct,
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_no_cleaner_raises(text: str) -> None:
    for cleaner in CLEANERS:
        out, _ = cleaner(text)
        assert isinstance(out, str)
    assert isinstance(to_simplified(text), str) and isinstance(to_traditional(text), str)
    once = safe_text(text)
    assert CONTROL.sub("", once.replace("\n", "").replace("\t", "")) == once.replace(
        "\n", ""
    ).replace("\t", "")
    assert safe_text(once) == once
    once.encode("utf-8")  # valid Unicode: no lone surrogate left


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([None, "gbk", "idna", "undefined", "big5"]))
def test_decoding_never_raises(raw: bytes, header: str | None) -> None:
    text, decision = decode_bytes(raw, http_charset=header, is_html=True)
    assert isinstance(text, str) and decision.encoding


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_repair_is_idempotent_on_single_and_mixed_damage(seed: int) -> None:
    rng = random.Random(seed)
    kinds = generate.damage_kinds(rng, rng.random() < 0.5)
    text = generate.damage(rng, generate.chinese(rng, rng.randint(5, 60)), kinds)
    once = repair_text(text)
    assert repair_text(once) == once, kinds
    doc, _ = repair_document([text, once])
    assert len(doc) == 2


@settings(max_examples=40, deadline=None)
@given(st.lists(TEXTS, max_size=8), st.floats(min_value=0.5, max_value=1.0))
def test_dedupe_is_idempotent(paragraphs: list[str], similarity: float) -> None:
    kept, _ = dedupe_paragraphs(paragraphs, similarity=similarity)
    assert dedupe_paragraphs(kept, similarity=similarity)[0] == kept


def _check_article_output(page: Page) -> None:
    try:
        article = process_page(page, Settings())
    except JzError as exc:
        assert exc.code in (ExitCode.INPUT, ExitCode.NO_ARTICLE, ExitCode.UNSUPPORTED_TYPE)
        return
    for fmt in ("json", "md", "txt"):
        out = render_articles([article], fmt)
        out.encode("utf-8")
        assert CONTROL.search(out.replace("\n", "").replace("\t", "")) is None, fmt
    assert json.loads(render_articles([article], "json"))["paragraphs"] == list(article.paragraphs)


@settings(max_examples=40, deadline=None)
@given(SEEDS)
def test_pipeline_on_random_html(seed: int) -> None:
    html = generate.random_html(random.Random(seed))
    _check_article_output(Page("http://127.0.0.1/a/1.html", html.encode("utf-8", "surrogatepass")))


@settings(max_examples=40, deadline=None)
@given(SEEDS)
def test_pipeline_on_mutated_pages(seed: int) -> None:
    rng = random.Random(seed)
    html = generate.mutate(rng, generate.base_page(rng))
    _check_article_output(Page("http://127.0.0.1/a/2.html", html.encode("utf-8", "surrogatepass")))


@settings(max_examples=25, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=8))
@example(["\x1f"])  # str.strip() takes U+001F for a space; as a byte it is no whitespace
def test_jz_fix_keeps_the_line_count(lines: list[str]) -> None:
    # NUL makes the input binary (exit 3, tested apart); separators are repair's part of #9.
    lines = ["".join(c for c in line if c not in LINE_SEPARATORS + "\n\x00") for line in lines]
    data = "\n".join(lines) + "\n"
    raw = data.encode("utf-8", "surrogatepass")
    run = jz("fix", "-", input=raw)
    # Empty input is a file of ASCII whitespace (the README's "empty file"); a control
    # character such as U+001F is content, kept line for line.
    if not raw.strip():
        assert run.code == ExitCode.INPUT  # nothing to repair
        return
    assert run.code == 0, run.stderr
    assert run.stdout.count("\n") == len(lines)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(SEEDS)
def test_jz_clean_json_is_valid_or_one_error_line(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    html = generate.random_html(rng) if seed % 2 else generate.mutate(rng, generate.base_page(rng))
    page = tmp_path / f"{seed}.html"
    page.write_bytes(html.encode("utf-8", "surrogatepass"))
    run = jz("clean", str(page), "--format", "json")
    if run.code == 0:
        art = json.loads(run.stdout)
        assert art["schema_version"] == 1
        assert CONTROL.search(run.stdout.replace("\n", "")) is None
    else:
        assert run.code in (ExitCode.INPUT, ExitCode.NO_ARTICLE), run.stderr
        assert run.stdout == ""
        assert run.stderr.startswith("jz: error: ") and run.stderr.count("\n") == 1


def test_batch_files_stay_inside_out_whatever_the_titles(tmp_path: Path) -> None:
    rng = random.Random(9)
    # A raw NUL near the top makes a page binary (exit 13), so here it comes as &#0;.
    titles = [generate.hostile_title(rng).replace("\x00", "&#0;") for _ in range(12)]
    with LocalServer() as server:
        urls = []
        for n, title in enumerate(titles):
            html, _ = generate.distinct_article(500 + n)
            html = html.replace("<title>", f"<title>{title}", 1)
            body = html.encode("utf-8", "surrogatepass")
            server.route(f"/a/2024/{n}.html", Reply(body, headers={"Content-Type": "text/html"}))
            urls.append(server.url(f"/a/2024/{n}.html"))
        listing = tmp_path / "urls.txt"
        listing.write_text("\n".join(urls) + "\n", "utf-8")
        out = tmp_path / "out"
        run = jz(
            "batch", str(listing), "-o", str(out), "--name-template", "{title}/{column}/{slug}",
            "--format", "json", "--retries", "0",
        )  # fmt: skip
    assert run.code == 0, run.stderr
    files = [p for p in out.rglob("*") if p.is_file() and p.suffix == ".json"]
    assert len(files) == len(titles)
    for file in files:
        assert file.resolve().is_relative_to(out.resolve())
        assert CONTROL.search(str(file.relative_to(out))) is None
        json.loads(file.read_text("utf-8"))
