"""`jz fetch URL --images DIR`: one article's images kept, the output pointing at them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.batch.helpers import jz
from tests.batch.test_images import LEAD, _site
from tests.support.server import LocalServer


def test_fetch_keeps_one_articles_images(server: LocalServer, tmp_path: Path) -> None:
    urls = _site(server)
    out = tmp_path / "a.md"
    pics = tmp_path / "pics"
    result = jz("fetch", urls[0], "-f", "md", "-o", str(out), "--images", str(pics))
    assert result.exit_code == 0, result.stderr
    kept = sorted(p.name for p in pics.iterdir())
    # Two body images and the lead image (og:image).
    assert len(kept) == 3 and {Path(k).suffix for k in kept} == {".jpg", ".png"}
    text = out.read_text("utf-8")
    refs = [f"pics/{name}" for name in kept]
    assert all(f'"{ref}"' in text for ref in refs), text
    lead = hashlib.sha256(LEAD).hexdigest()[:16]
    assert f'image: "pics/{lead}.jpg"' in text
    assert "/img/fake.jpg" in text  # refused (not an image): the remote address stays
    assert server.hits("/img/fake.jpg") == 1
