"""--images: body and lead images kept beside the articles, deduplicated, resumable."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from jzcli.batch.images import image_format
from tests.batch.helpers import check_consistent, jz, manifest
from tests.support.server import LocalServer, Reply

FAST = ("--timeout", "2", "--retries", "0")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8
PNG = b"\x89PNG\r\n\x1a\n" + hashlib.sha256(b"png").digest() * 40
LEAD = b"\xff\xd8\xff\xe1" + hashlib.sha256(b"lead").digest() * 50


def _article(n: int, images: list[str]) -> Reply:
    imgs = "".join(f'<p><img src="{src}" alt="图{k}"></p>' for k, src in enumerate(images))
    text = "".join(
        f"<p>第{n}篇第{k}段，市政府召开专题会议研究部署城市更新工作，群众反映道路改造进展顺利。</p>"
        for k in range(5)
    )
    html = (
        f'<html><head><meta charset="utf-8"><title>新闻{n}</title>'
        '<meta property="og:image" content="/img/lead.jpg"></head><body>'
        f'<div class="article"><h1>新闻{n}</h1><div class="content">{text}{imgs}</div></div>'
        "</body></html>"
    )
    return Reply(html.encode(), 200, {"Content-Type": "text/html; charset=utf-8"})


def _site(server: LocalServer) -> list[str]:
    server.route("/img/a.jpg", Reply(JPEG, 200, {"Content-Type": "image/jpeg"}))
    server.route("/img/photo.png", Reply(PNG, 200, {"Content-Type": "image/png"}))
    server.route("/img/copy.png", Reply(PNG, 200, {"Content-Type": "image/png"}))
    server.route("/img/lead.jpg", Reply(LEAD, 200, {"Content-Type": "image/jpeg"}))
    server.route("/img/huge.jpg", Reply(JPEG * 100, 200, {"Content-Type": "image/jpeg"}))
    fake = b"<html><body>404 not found</body></html>"
    server.route("/img/fake.jpg", Reply(fake, 200, {"Content-Type": "image/jpeg"}))
    server.route("/n/1.html", _article(1, ["/img/a.jpg", "/img/photo.png", "/img/fake.jpg"]))
    server.route("/n/2.html", _article(2, ["/img/copy.png?utm_source=x", "/img/huge.jpg"]))
    return [server.url("/n/1.html"), server.url("/n/2.html")]


def _front_matter_urls(text: str) -> list[str]:
    return [
        line.split(":", 1)[1].strip().strip('"') for line in text.splitlines() if "- url:" in line
    ]


def test_images_kept_deduplicated_and_checked(server: LocalServer, tmp_path: Path) -> None:
    urls = _site(server)
    out = tmp_path / "out"
    args = ("batch", "-", "-o", str(out), "--images", "--max-bytes", "100k", *FAST)
    result = jz(*args, input="\n".join(urls) + "\n")
    assert result.exit_code == 0, result.stderr
    rows = check_consistent(out)
    lines = {line["url"]: line for line in manifest(out)}
    kept = sorted(p.relative_to(out).as_posix() for p in out.rglob("images/*"))
    # a.jpg, the PNG (two URLs, one file) and the lead image (shared by both articles).
    assert len(kept) == 3, kept
    assert {image_format((out / k).read_bytes()) for k in kept} == {"jpg", "png"}
    one = {i["url"]: i for i in lines[urls[0]]["images"]}
    assert one[server.url("/img/fake.jpg")]["error"].startswith("not an image")
    assert "path" not in one[server.url("/img/fake.jpg")]
    assert one[server.url("/img/lead.jpg")]["lead"] is True
    two = {i["url"]: i for i in lines[urls[1]]["images"]}
    assert two[server.url("/img/copy.png")]["path"] == one[server.url("/img/photo.png")]["path"]
    assert "larger than" in two[server.url("/img/huge.jpg")]["error"]
    # The Markdown points at the local copies, relative to the article file.
    for url in urls:
        md = out / rows[url]["path"]
        local = [u for u in _front_matter_urls(md.read_text("utf-8")) if not u.startswith("http")]
        assert local, md.read_text("utf-8")
        for ref in local:
            assert (md.parent / ref).is_file(), ref
        assert sum(1 for _ in _front_matter_urls(md.read_text("utf-8"))) >= len(local)
    assert server.hits("/img/lead.jpg") == 1
    lead = one[server.url("/img/lead.jpg")]["path"]
    for url in urls:  # the front matter's lead image is the local copy too
        md = out / rows[url]["path"]
        rel = Path(lead).relative_to(Path(rows[url]["path"]).parent).as_posix()
        assert f'image: "{rel}"' in md.read_text("utf-8")
    # The CSV view carries the same image records.
    csv_text = (out / "manifest.csv").read_text("utf-8-sig")
    assert json.dumps(lines[urls[0]]["images"], ensure_ascii=False).replace('"', '""') in csv_text


def test_an_interrupted_images_run_resumes_without_downloading_again(
    server: LocalServer, tmp_path: Path
) -> None:
    urls = _site(server)
    out = tmp_path / "out"
    args = ("batch", "-", "-o", str(out), "--images", "--max-bytes", "100k", *FAST)
    assert jz(*args, input=urls[0] + "\n").exit_code == 0
    before = {p: server.hits(p) for p in ("/img/a.jpg", "/img/photo.png", "/img/lead.jpg")}
    assert all(n == 1 for n in before.values())
    # A kill after the images were kept but before the article was marked done leaves this:
    con = sqlite3.connect(out / ".jz-state.sqlite")
    con.execute("UPDATE articles SET status = 'pending' WHERE url = ?", (urls[0],))
    con.commit()
    con.close()
    (out / "manifest.jsonl").unlink()
    result = jz(*args, input="\n".join(urls) + "\n")
    assert result.exit_code == 0, result.stderr
    check_consistent(out)
    assert server.hits("/n/1.html") == 2  # the article was redone...
    for path, n in before.items():
        assert server.hits(path) == n, path  # ...but no image was downloaded again
    assert server.hits("/img/copy.png") == 1  # new URL, known bytes: fetched, not stored twice
    assert len(list(out.rglob("images/*"))) == 3
    for line in manifest(out):
        for image in line["images"]:
            if "path" in image:
                assert (out / image["path"]).is_file()


def test_images_needs_out(server: LocalServer) -> None:
    result = jz("batch", "-", "--images", input=server.url("/n/1.html") + "\n")
    assert result.exit_code == 2
    assert "--images needs -o/--output" in result.stderr


def test_image_format_sniffing() -> None:
    assert image_format(JPEG) == "jpg"
    assert image_format(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "webp"
    assert image_format(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">') == "svg"
    assert image_format(b"<!DOCTYPE html><html>") is None
    assert image_format(b"RIFF\x00\x00\x00\x00WAVEfmt ") is None
