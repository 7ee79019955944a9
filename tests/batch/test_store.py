from __future__ import annotations

from pathlib import Path

from jzcli.batch.naming import with_suffix_id
from jzcli.batch.store import StateStore, pack_article, unpack_article
from jzcli.models import Article, Author, CharsetDecision, Provenance


def test_paths_are_reserved_once_and_collisions_get_the_url_hash(tmp_path: Path) -> None:
    with StateStore(tmp_path / "s.sqlite") as store:
        store.add("http://a/1")
        store.add("http://a/2")
        first = store.reserve_path("http://a/1", "2024-05-12-title.md")
        second = store.reserve_path("http://a/2", "2024-05-12-TITLE.md")  # same on macOS
        assert first == "2024-05-12-title.md"
        assert second == with_suffix_id("2024-05-12-TITLE.md", "http://a/2")
        # A URL keeps its path even if its title (and so its wanted name) changes.
        assert store.reserve_path("http://a/1", "2024-05-12-other.md") == first
    with StateStore(tmp_path / "s.sqlite") as store:  # and across runs
        assert store.reserve_path("http://a/2", "2024-05-12-TITLE.md") == second


def test_rows_keep_input_order_and_statuses(tmp_path: Path) -> None:
    with StateStore(tmp_path / "s.sqlite") as store:
        for u in ("http://a/3", "http://a/1", "http://a/2", "http://a/1"):
            store.add(u)
        assert [r.url for r in store.rows()] == ["http://a/3", "http://a/1", "http://a/2"]
        store.mark_failed("http://a/1", "boom", 10, 503)
        store.mark_skipped("http://a/2", "disallowed by robots.txt")
        assert store.counts() == {"pending": 1, "failed": 1, "skipped": 1}
        assert store.urls_with_status("pending", "failed") == ["http://a/3", "http://a/1"]


def test_done_rows_feed_fingerprint_counts(tmp_path: Path) -> None:
    article = Article(title="t", paragraphs=("一段正文内容",))
    with StateStore(tmp_path / "s.sqlite") as store:
        for i in range(3):
            url = f"http://a/{i}"
            store.add(url)
            for _ in range(2):  # exporting twice (e.g. --update) must not count twice
                store.mark_done(
                    url,
                    article=article,
                    final_url=url,
                    http_status=200,
                    etag="",
                    last_modified="",
                    sha256="x",
                    output_sha256="y",
                    removed_fps=(),
                    site="a",
                    fingerprints={"f1", f"own{i}"},
                )
        assert store.site_sizes() == {"a": 3}
        assert store.repeated_fingerprints("a", 3) == [("f1", 3)]
        assert store.urls_with_fingerprints("a", ["f1"]) == {f"http://a/{i}" for i in range(3)}


def test_article_round_trips_through_the_store() -> None:
    article = Article(
        url="http://a/1",
        title="标题",
        authors=(Author("王 五", "王五", "reporter"),),
        paragraphs=("一", "二"),
        provenance=Provenance(input_kind="html", charset=CharsetDecision("gb18030", "meta")),
    )
    assert unpack_article(pack_article(article)) == article
