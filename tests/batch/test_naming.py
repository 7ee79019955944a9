from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jzcli.batch.files import safe_join
from jzcli.batch.naming import (
    MAX_COMPONENT_BYTES,
    NameFields,
    check_template,
    render_name,
    slugify,
    with_suffix_id,
)
from jzcli.errors import JzError, OutputError

TEMPLATES = st.sampled_from(
    [
        "{date}-{slug}",
        "{year}/{month}/{slug}",
        "{host}/{column}/{date}-{title}",
        "../../{slug}",
        "/etc/{slug}",
        "{slug}/../../x",
        "a/b/c/d/e/f/{id}",
        "..",
        "",
        " . ",
    ]
)


def test_slug_keeps_chinese_and_lowercases_ascii() -> None:
    assert slugify("焦作：城市 News 2024！") == "焦作-城市-news-2024"


def test_default_name_uses_date_and_slug() -> None:
    fields = NameFields(url="http://x/1", title="市政府召开会议", date="2024-05-12")
    assert render_name("{date}-{slug}", fields, "md") == "2024-05-12-市政府召开会议.md"


def test_missing_date_is_undated() -> None:
    fields = NameFields(url="http://x/1", title="标题", date="")
    assert render_name("{date}-{slug}", fields, "md") == "undated-标题.md"


def test_unknown_field_is_rejected() -> None:
    with pytest.raises(JzError):
        check_template("{date}-{nope}")
    with pytest.raises(JzError):
        check_template("{slug!r}")


def test_collision_suffix_is_stable_and_distinct() -> None:
    a = with_suffix_id("2024/x.md", "http://a")
    b = with_suffix_id("2024/x.md", "http://b")
    assert a != b and a == with_suffix_id("2024/x.md", "http://a")
    assert a.startswith("2024/x-") and a.endswith(".md")


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(max_size=400),
    column=st.text(max_size=80),
    host=st.text(max_size=40),
    date=st.one_of(st.just(""), st.dates().map(str), st.text(max_size=12)),
    template=TEMPLATES,
    url=st.text(min_size=1, max_size=60),
)
def test_rendered_names_are_always_safe(
    title: str, column: str, host: str, date: str, template: str, url: str
) -> None:
    fields = NameFields(url=url, title=title, date=date, host=host, column=column)
    path = render_name(template, fields, "md")
    for candidate in (path, with_suffix_id(path, url)):
        assert not candidate.startswith("/")
        assert "\\" not in candidate and "\x00" not in candidate
        parts = candidate.split("/")
        assert all(p and p not in (".", "..") for p in parts)
        assert all(len(p.encode("utf-8")) <= 255 for p in parts)
        assert all(p.isprintable() for p in parts)
    assert path.endswith(".md")
    assert len(path.split("/")[-1].encode()) <= MAX_COMPONENT_BYTES + len(".md")
    # Deterministic: same input, same name.
    assert path == render_name(template, fields, "md")


def test_safe_join_refuses_paths_leaving_the_folder(tmp_path: Path) -> None:
    assert safe_join(tmp_path, "2024/a.md") == tmp_path / "2024" / "a.md"
    for bad in ("../a.md", "/etc/passwd", "a/../../b.md", "a//b.md", "./a.md", "a\\..\\b"):
        with pytest.raises(OutputError):
            safe_join(tmp_path, bad)
