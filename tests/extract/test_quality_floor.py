"""Extraction quality floor: F1 on a fixed sample of the benchmark pages, as score.py measures it.

The metric is re-implemented here (token 4-gram shingles, per-page normalised tp/fp/fn,
precision averaged over non-empty outputs, recall over all pages) so the test runs on a clone
without ../shared. The floors sit a little under what jz reaches; a drop below them means an
extraction change made things worse on real pages.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from jzcli.errors import JzError
from jzcli.models import Page
from jzcli.pipeline import extract_page
from jzcli.settings import Settings

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "extraction" / "sample"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
TOKENIZERS = {
    "words": re.compile(r"\w+"),
    "cjk-chars": re.compile(rf"[{_CJK}]|[^\W{_CJK}]+"),
}
# Measured F1 on this sample (decode + extract, before repair and dedupe, which have their own
# tests): scrapinghub 0.990, zh-cwce 0.960. Floors leave room for small deliberate trade-offs.
FLOORS = {"scrapinghub": 0.97, "zh-cwce": 0.93}


def shingles(tokens: list[str], n: int = 4) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_scores(truth: str, pred: str, tokenizer: str) -> tuple[float | None, float]:
    """(precision or None for empty output, recall) of one page."""
    pattern = TOKENIZERS[tokenizer]
    ts, ps = shingles(pattern.findall(truth)), shingles(pattern.findall(pred))
    tp = sum((ts & ps).values())
    fp = sum((ps - ts).values())
    fn = sum((ts - ps).values())
    total = tp + fp + fn or 1
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def f1(rows: list[tuple[float | None, float]]) -> float:
    precisions = [p for p, _ in rows if p is not None]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(r for _, r in rows) / len(rows)
    return 2 * p * r / (p + r) if p + r else 0.0


def test_metric_matches_known_values() -> None:
    assert page_scores("a b c d e", "a b c d e", "words") == (1.0, 1.0)
    precision, recall = page_scores("a b c d e f", "a b c d", "words")
    assert precision == 1.0 and 0 < recall < 1
    assert page_scores("a b c d", "", "words") == (None, 0.0)
    assert page_scores("我们一起学习", "我们一起", "cjk-chars")[0] == 1.0
    assert f1([(1.0, 1.0), (None, 0.0)]) == pytest.approx(2 * 0.5 / 1.5)


def extract_text(raw: bytes, url: str) -> str:
    try:
        article = extract_page(Page(url, raw, kind="html"), Settings(use_rules=False))
    except JzError:
        return ""
    return "\n".join(article.paragraphs)


@pytest.mark.parametrize("dataset", sorted(FLOORS))
def test_extraction_f1_floor(dataset: str) -> None:
    truth = json.loads((SAMPLE / "ground-truth.json").read_text(encoding="utf-8"))
    rows = []
    for entry in truth.values():
        if entry["dataset"] != dataset:
            continue
        raw = gzip.decompress((SAMPLE / entry["file"]).read_bytes())
        rows.append(
            page_scores(entry["articleBody"], extract_text(raw, entry["url"]), entry["tokenizer"])
        )
    assert len(rows) >= 10
    assert f1(rows) >= FLOORS[dataset]
