"""Dedupe scaling benchmark: time per paragraph from 10k to 1M paragraphs.

    python benchmarks/dedupe/run.py            # 10k, 100k, 1M
    python benchmarks/dedupe/run.py --sizes 10000 100000

The input is synthetic but shaped like scraped news: Chinese paragraphs of 20-200 characters
drawn from a fixed vocabulary, 10% exact repeats (some with flattened punctuation or
Traditional forms), 5% near-duplicates (a few characters changed or a trailer added).
Seeded, so every run sees the same input. Linear scaling means a flat µs/paragraph column.
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import time

from jzcli.dedupe import dedupe_paragraphs

# GB2312 level-1 characters (the 3,755 most common Han characters), in code order.
HAN = [
    bytes([hi, lo]).decode("gb2312")
    for hi in range(0xB0, 0xD8)
    for lo in range(0xA1, 0xFF)
    if not (hi == 0xD7 and lo > 0xF9)
]
_vocab_rng = random.Random(1)
# Words of 1-4 characters with a Zipf-like reuse, as in news text.
VOCAB = [
    "".join(_vocab_rng.choices(HAN, k=_vocab_rng.choice((1, 2, 2, 2, 3, 4)))) for _ in range(20000)
]
CUM_WEIGHTS = list(itertools.accumulate(1 / (i + 1) for i in range(len(VOCAB))))
PUNCT = "，，，、。；："


def paragraph(rng: random.Random) -> str:
    words = rng.choices(VOCAB, cum_weights=CUM_WEIGHTS, k=rng.randint(8, 80))
    out = []
    for i, w in enumerate(words):
        out.append(w)
        if i % rng.randint(3, 9) == 0:
            out.append(rng.choice(PUNCT))
    return "".join(out) + "。"


def corpus(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    paras: list[str] = []
    for _ in range(n):
        r = rng.random()
        if paras and r < 0.10:
            p = rng.choice(paras)
            paras.append(p.replace("，", ",") if rng.random() < 0.5 else p)
        elif paras and r < 0.15:
            p = rng.choice(paras)
            i = rng.randrange(len(p))
            paras.append(p[:i] + "有" + p[i + 1 :] if rng.random() < 0.5 else p + "（完）")
        else:
            paras.append(paragraph(rng))
    return paras


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    print("| paragraphs | MB | seconds | µs/paragraph | removed | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    for n in args.sizes:
        paras = corpus(n)
        mb = sum(len(p.encode()) for p in paras) / 1e6
        start = time.perf_counter()
        _, removed = dedupe_paragraphs(paras)
        elapsed = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"| {n:,} | {mb:.1f} | {elapsed:.2f} | {elapsed / n * 1e6:.1f} | "
            f"{len(removed):,} | {rss:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
