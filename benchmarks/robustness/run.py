"""Robustness run: 50,000+ generated hostile inputs, then the large-page cases with peak RSS.

    python benchmarks/robustness/run.py                 # the full run (README figures)
    python benchmarks/robustness/run.py --scale 0.02    # a quick smoke run
    python benchmarks/robustness/run.py --skip-large    # only the generated inputs

Run from the repository root (it imports the generators of tests/robustness/generate.py).
Every input is made from a seed, and every failure is written with its seed to
--failures (JSON lines) so that it can be replayed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.robustness import generate  # noqa: E402
from tests.robustness.pages import MEASURED_JZ  # noqa: E402

from jzcli.batch.files import safe_join  # noqa: E402
from jzcli.batch.naming import NameFields, render_name  # noqa: E402
from jzcli.errors import ExitCode, JzError  # noqa: E402
from jzcli.export import render_articles  # noqa: E402
from jzcli.models import Page  # noqa: E402
from jzcli.pipeline import process_page  # noqa: E402
from jzcli.repair import repair_document, repair_text  # noqa: E402
from jzcli.settings import Settings  # noqa: E402

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
EXPECTED_CODES = {ExitCode.INPUT, ExitCode.NO_ARTICLE, ExitCode.UNSUPPORTED_TYPE}
COUNTS = {
    "random HTML": 14_000,
    "mutated HTML": 14_000,
    "damaged text, one kind": 8_000,
    "damaged text, mixed": 8_000,
    "damaged documents (jz fix)": 2_000,
    "hostile titles": 6_000,
}
SETTINGS = Settings()


class Failure(Exception):
    """A property that did not hold (not a crash)."""


def _check_article(html: str, url: str) -> str:
    """Run the pipeline and check its outputs; '' when it refused the page as it should."""
    page = Page(url, html.encode("utf-8", "surrogatepass"))
    try:
        article = process_page(page, SETTINGS)
    except JzError as exc:
        if exc.code not in EXPECTED_CODES:
            raise Failure(f"exit code {int(exc.code)}: {exc}") from None
        return ""
    for fmt in ("json", "md", "txt"):
        out = render_articles([article], fmt)
        out.encode("utf-8")
        if CONTROL.search(out.replace("\n", "").replace("\t", "")):
            raise Failure(f"control character in {fmt} output")
    json.loads(render_articles([article], "json"))
    return article.title


def random_html(rng: random.Random) -> None:
    _check_article(generate.random_html(rng), "http://127.0.0.1/a/2024/01/1.html")


def mutated_html(rng: random.Random, real: list[Path]) -> None:
    if real and rng.random() < 0.2:
        with gzip.open(rng.choice(real)) as file:
            base = file.read().decode("utf-8", "replace")
    else:
        base = generate.base_page(rng)
    _check_article(generate.mutate(rng, base), "http://127.0.0.1/a/2024/01/2.html")


def damaged_text(rng: random.Random, mixed: bool) -> str:
    """'' when repair is idempotent; else the damage kinds (a failure to report)."""
    kinds = generate.damage_kinds(rng, mixed)
    text = generate.damage(rng, generate.chinese(rng, rng.randint(5, 80)), kinds)
    once = repair_text(text)
    if repair_text(once) != once:
        return "+".join(kinds)
    return ""


def damaged_document(rng: random.Random) -> str:
    kinds_seen: set[str] = set()
    lines = []
    for _ in range(rng.randint(2, 8)):
        kinds = generate.damage_kinds(rng, rng.random() < 0.5)
        kinds_seen.update(kinds)
        lines.append(generate.damage(rng, generate.chinese(rng, rng.randint(5, 60)), kinds))
    once, _ = repair_document(lines)
    if len(once) != len(lines):
        raise Failure("line count changed")
    twice, _ = repair_document(once)
    if twice != once:
        return "+".join(sorted(kinds_seen))
    return ""


def hostile_title(rng: random.Random, out: Path) -> None:
    html, _ = generate.distinct_article(rng.randint(0, 10**6))
    title = generate.hostile_title(rng)
    html = html.replace("<title>", f"<title>{title}", 1).replace("<h1>", f"<h1>{title}", 1)
    got = _check_article(html, "http://127.0.0.1/a/2024/01/3.html")
    name = render_name(
        rng.choice(
            ("{date}-{slug}", "{title}", "{column}/{title}/{slug}", "{host}/{year}/{title}")
        ),
        NameFields("http://127.0.0.1/a/3.html", got or title, "2024-01-02", "127.0.0.1", title),
        "md",
    )
    path = safe_join(out, name)
    if not path.resolve().is_relative_to(out.resolve()) or CONTROL.search(name):
        raise Failure(f"unsafe file name {name!r}")


def run_generated(scale: float, failures_path: Path) -> dict[str, object]:
    real = sorted((ROOT.parent / "shared/bench/extraction").glob("*/html/*.html.gz"))
    results: dict[str, object] = {}
    out = Path(tempfile.mkdtemp(prefix="jz-robust-"))
    crashes_total = 0
    with failures_path.open("w", encoding="utf-8") as log:
        for category, count in COUNTS.items():
            n = max(1, int(count * scale))
            crashes = 0
            broken: Counter[str] = Counter()
            started = time.perf_counter()
            for i in range(n):
                seed = zlib.crc32(f"{category}:{i}".encode())
                rng = random.Random(seed)
                try:
                    note = _one(category, rng, real, out)
                except Failure as exc:
                    broken[str(exc)[:60]] += 1
                    log.write(
                        json.dumps({"category": category, "seed": seed, "failure": str(exc)}) + "\n"
                    )
                except Exception as exc:  # a crash: what the run is looking for
                    crashes += 1
                    log.write(
                        json.dumps(
                            {
                                "category": category,
                                "seed": seed,
                                "crash": f"{type(exc).__name__}: {exc}"[:300],
                                "where": traceback.format_exc().splitlines()[-3:],
                            }
                        )
                        + "\n"
                    )
                else:
                    if note:
                        broken[note] += 1
                        log.write(
                            json.dumps({"category": category, "seed": seed, "not_idempotent": note})
                            + "\n"
                        )
            seconds = time.perf_counter() - started
            crashes_total += crashes
            results[category] = {
                "inputs": n,
                "crashes": crashes,
                "failures": sum(broken.values()),
                "by_kind": dict(broken.most_common()),
                "seconds": round(seconds, 1),
            }
            print(f"{category}: {results[category]}", flush=True)
    return results


def _one(category: str, rng: random.Random, real: list[Path], out: Path) -> str:
    if category == "random HTML":
        random_html(rng)
        return ""
    if category == "mutated HTML":
        mutated_html(rng, real)
        return ""
    if category == "damaged text, one kind":
        return damaged_text(rng, mixed=False)
    if category == "damaged text, mixed":
        return damaged_text(rng, mixed=True)
    if category == "damaged documents (jz fix)":
        return damaged_document(rng)
    hostile_title(rng, out)
    return ""


# -- large pages: the real CLI in a subprocess, its peak RSS --------------------------------


def _measure(args: list[str]) -> tuple[int, float, int, str]:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", MEASURED_JZ, *args],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=1800,
    )
    seconds = time.perf_counter() - started
    err = proc.stderr.decode("utf-8", "replace")
    maxrss = int(err.rsplit("maxrss_kb=", 1)[1].split()[0]) * 1024 if "maxrss_kb=" in err else 0
    first = err.strip().splitlines()[0] if err.strip() else ""
    return proc.returncode, seconds, maxrss, first[:120]


def _pages(folder: Path) -> dict[str, Path]:
    pages: dict[str, Callable[[], str | bytes]] = {
        "1,000,000 tiny <p> (9 MB)": lambda: (
            "<html><body>"
            + "".join(f"<p>{i % 10}</p>\n" for i in range(1_000_000))
            + "</body></html>"
        ),
        "100,000 nested <div>": lambda: generate_nested("div", 100_000),
        "10,000 nested unclosed <font>": lambda: generate_nested("font", 10_000),
        "article repeated to 10 MB": lambda: big_article(10_000_000),
        "1 MB random bytes": lambda: _random_bytes(1_000_000),
    }
    paths = {}
    for n, (name, make) in enumerate(pages.items()):
        data = make()
        path = folder / f"large{n}.html"
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        paths[name] = path
    return paths


def _random_bytes(size: int) -> bytes:
    rng = random.Random(1)
    return bytes(rng.randrange(1, 256) for _ in range(size))  # no NUL: no cheap tell


def generate_nested(tag: str, depth: int) -> str:
    from tests.robustness.pages import nested

    return nested(tag, depth)


def big_article(size: int) -> str:
    """A long article page of distinct paragraphs (a real page's shape, at a size near the cap)."""
    rng = random.Random(5)
    paragraphs = []
    total = 0
    while total < size:
        p = f"<p>{generate.chinese(rng, 120)}</p>\n"
        paragraphs.append(p)
        total += len(p.encode("utf-8"))
    return (
        "<html><head><title>长文</title></head><body><div class='article'>"
        + "".join(paragraphs)
        + "</div></body></html>"
    )


def run_large() -> list[dict[str, object]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="jz-large-") as tmp:
        for name, path in _pages(Path(tmp)).items():
            code, seconds, rss, first = _measure(["clean", str(path), "--format", "json"])
            size = path.stat().st_size
            row = {
                "case": name,
                "MB": round(size / 1e6, 1),
                "exit": code,
                "seconds": round(seconds, 1),
                "peak_rss_MB": round(rss / 1e6),
                "rss_per_byte": round(rss / size, 1),
                "stderr": first,
            }
            print(row, flush=True)
            rows.append(row)
        rows.append(_batch_of_large_pages(Path(tmp)))
    return rows


def _batch_of_large_pages(folder: Path) -> dict[str, object]:
    """`jz batch --concurrency 4`: four 9 MB pages of a million <p> each (on 127.0.0.1)."""
    from tests.support.server import LocalServer, Reply

    body = (
        "<html><body>" + "".join(f"<p>{i % 10}</p>\n" for i in range(1_000_000)) + "</body></html>"
    ).encode()
    with LocalServer() as server:
        urls = []
        for n in range(4):
            server.route(f"/big/{n}.html", Reply(body, headers={"Content-Type": "text/html"}))
            urls.append(server.url(f"/big/{n}.html"))
        listing = folder / "urls.txt"
        listing.write_text("\n".join(urls) + "\n")
        code, seconds, rss, first = _measure(
            [
                "batch",
                str(listing),
                "-o",
                str(folder / "out"),
                "--concurrency",
                "4",
                "--per-host",
                "4",
                "--retries",
                "0",
            ]
        )
    row = {
        "case": "jz batch --concurrency 4, four 9 MB pages",
        "MB": round(4 * len(body) / 1e6, 1),
        "exit": code,
        "seconds": round(seconds, 1),
        "peak_rss_MB": round(rss / 1e6),
        "rss_per_byte": round(rss / len(body), 1),
        "stderr": first,
    }
    print(row, flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the input counts")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--only-large", action="store_true", help="skip the generated inputs")
    parser.add_argument("--json", type=Path, default=Path("robustness-results.json"))
    parser.add_argument("--failures", type=Path, default=Path("robustness-failures.jsonl"))
    args = parser.parse_args()
    started = time.perf_counter()
    generated = {} if args.only_large else run_generated(args.scale, args.failures)
    large = [] if args.skip_large else run_large()
    total = sum(int(r["inputs"]) for r in generated.values())  # type: ignore[index]
    summary = {
        "inputs": total,
        "generated": generated,
        "large": large,
        "seconds": round(time.perf_counter() - started),
    }
    args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2), "utf-8")
    print(f"{total} generated inputs in {summary['seconds']} s; results in {args.json}")


if __name__ == "__main__":
    main()
