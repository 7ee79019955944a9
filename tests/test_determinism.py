"""The pipeline's output is a function of its input alone, not of the process it runs in.

Worker processes, cluster tasks and a rerun each start with their own string hash seed, so
anything that follows a set's order would make `-j 2` differ from `-j 1`. Each seed below
runs in its own interpreter over the same pages; every output must be the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data" / "extraction"

# A shop's category page (no article markup): the <h1> names the item, and both the <title>
# and og:title hold a segment with all its words and more. Which segment names the page once
# depended on the order of a set of those titles.
SHOP = b"""<!doctype html><html lang="en"><head>
<title>Buy Electric Guitars at Soundhaus \xe2\x80\x93 Soundhaus UK</title>
<meta property="og:title" content="Soundhaus Buy Electric Guitars at Soundhaus">
<meta property="og:site_name" content="Musikhaus Soundhaus">
</head><body><header><nav><a href="/">Home</a> <a href="/guitars">Guitars</a></nav></header>
<main><h1>Electric Guitars</h1>
<p>Electric guitars for every style and budget, from first instruments for beginners to
hand-built models for the stage, all tested in our own workshop before they are shipped.</p>
<p>Choose by body shape, pickups or brand, and compare up to four models side by side
before you decide; every guitar comes with a thirty-day money-back guarantee.</p>
</main></body></html>"""

SCRIPT = """
import json, sys
from jzcli.extract.bench import extract_body_text, extract_metadata
out = []
for path, url in json.loads(sys.stdin.read()):
    html = open(path, "rb").read()
    out.append([extract_metadata(html, url), extract_body_text(html, url)])
print(json.dumps(out, sort_keys=True))
"""


def _run(seed: int, pages: list[tuple[str, str]]) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(pages),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout


def test_outputs_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    shop = tmp_path / "shop.html"
    shop.write_bytes(SHOP)
    pages = [(str(shop), "https://www.soundhaus.example/gb/electric_guitars.html")]
    pages += [
        (str(p), f"https://example.com/{p.stem}") for p in sorted((DATA / "pages").glob("*.html"))
    ]
    outputs = {seed: _run(seed, pages) for seed in (0, 1, 2, 3, 4, 5)}
    first = json.loads(outputs[0])
    assert first[0][0]["title"] == "Buy Electric Guitars at Soundhaus"
    assert all(out == outputs[0] for out in outputs.values())
