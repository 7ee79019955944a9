"""Site rules: TOML files from settings, the user's folder and the bundled folder."""
# ruff: noqa: E501  (the test page is long lines of HTML, as real pages are)

from __future__ import annotations

from pathlib import Path

import pytest

from jzcli.errors import InputError
from jzcli.extract import rules
from jzcli.extract.html import extract_html
from jzcli.extract.rules import find_rule, load_rule, user_rules_dir
from jzcli.settings import Settings

PAGE = """<html><head><title>Generic title - Example News</title></head><body>
<div class="headline-box"><span class="hl">Rule title wins</span></div>
<div class="when">Posted 2020-03-04 10:30</div>
<div class="who">记者 张三 通讯员 李四</div>
<div class="sidebar-long">
<p>This sidebar text is long enough to look like an article body to a scorer, with commas, clauses, and plenty of words in it.</p>
<p>It goes on for a second paragraph, with more commas, more clauses, and more words, so that a generic scorer may well pick it.</p>
<p>And a third paragraph, again with commas, clauses, and words, which makes the sidebar the largest block of prose on the page.</p>
</div>
<div class="story"><p>The real story is short.</p><p class="promo">Buy our newsletter.</p><p>It has two lines.</p></div>
</body></html>"""

RULE = """
[site]
name = "example"
domains = ["example.com"]

[select]
body = "div.story"
title = ".headline-box .hl"
date = ".when"
byline = ".who"
drop = [".promo"]
"""


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Empty bundled, user and settings folders, wired into the loader."""
    out = {name: tmp_path / name for name in ("bundled", "config", "extra")}
    for path in out.values():
        path.mkdir()
    monkeypatch.setattr(rules, "BUNDLED_DIR", out["bundled"])
    monkeypatch.setenv("XDG_CONFIG_HOME", str(out["config"]))
    (out["config"] / "jz" / "rules").mkdir(parents=True)
    return out


def test_user_rules_dir_follows_xdg(folders: dict[str, Path]) -> None:
    assert user_rules_dir() == folders["config"] / "jz" / "rules"


def test_rule_from_user_folder_is_applied(folders: dict[str, Path]) -> None:
    (folders["config"] / "jz" / "rules" / "example.toml").write_text(RULE, encoding="utf-8")
    article = extract_html(PAGE, "https://www.example.com/a/1", Settings(), None)
    assert article.provenance.extractor == "html+rule:example"
    assert article.paragraphs == ("The real story is short.", "It has two lines.")
    assert article.title == "Rule title wins"
    assert article.published == "2020-03-04T10:30"
    assert {(a.normalized, a.role) for a in article.authors} == {
        ("张三", "reporter"),
        ("李四", "correspondent"),
    }


def test_without_a_rule_the_generic_extractor_runs(folders: dict[str, Path]) -> None:
    article = extract_html(PAGE, "https://www.example.com/a/1", Settings(), None)
    assert article.provenance.extractor == "html"
    assert article.title == "Generic title"


def test_rules_can_be_turned_off(folders: dict[str, Path]) -> None:
    (folders["bundled"] / "example.toml").write_text(RULE, encoding="utf-8")
    assert find_rule("https://example.com/x", Settings(use_rules=False)) is None
    assert find_rule("https://example.com/x", Settings()) is not None


def test_user_rule_overrides_bundled_rule_of_same_name(folders: dict[str, Path]) -> None:
    (folders["bundled"] / "example.toml").write_text(RULE, encoding="utf-8")
    user = RULE.replace('body = "div.story"', 'body = "div.sidebar-long"')
    (folders["config"] / "jz" / "rules" / "example.toml").write_text(user, encoding="utf-8")
    rule = find_rule("https://example.com/x", Settings())
    assert rule is not None and rule.body == "div.sidebar-long"


def test_settings_folder_comes_first(folders: dict[str, Path]) -> None:
    (folders["config"] / "jz" / "rules" / "example.toml").write_text(RULE, encoding="utf-8")
    (folders["extra"] / "mine.toml").write_text(
        RULE.replace('name = "example"', 'name = "mine"'), encoding="utf-8"
    )
    rule = find_rule("https://example.com/x", Settings(rules_dirs=(str(folders["extra"]),)))
    assert rule is not None and rule.name == "mine"


def test_longest_matching_domain_wins(folders: dict[str, Path]) -> None:
    (folders["bundled"] / "a.toml").write_text(RULE, encoding="utf-8")
    sub = RULE.replace('name = "example"', 'name = "news"').replace(
        '["example.com"]', '["news.example.com"]'
    )
    (folders["bundled"] / "b.toml").write_text(sub, encoding="utf-8")
    settings = Settings()
    assert find_rule("https://news.example.com/1", settings).name == "news"  # type: ignore[union-attr]
    assert find_rule("https://www.example.com/1", settings).name == "example"  # type: ignore[union-attr]
    assert find_rule("https://notexample.com/1", settings) is None


def test_body_selector_that_matches_nothing_falls_back(folders: dict[str, Path]) -> None:
    broken = RULE.replace('body = "div.story"', 'body = "div.gone"')
    (folders["config"] / "jz" / "rules" / "example.toml").write_text(broken, encoding="utf-8")
    article = extract_html(PAGE, "https://example.com/a", Settings(), None)
    assert any("matched nothing" in w for w in article.provenance.warnings)
    assert article.paragraphs


@pytest.mark.parametrize(
    "text",
    [
        "not toml [",
        "[select]\nbody = 'x'\n",
        "[site]\ndomains = 'example.com'\n",
        "[site]\ndomains = ['a.com']\n[select]\ndrop = [1]\n",
    ],
)
def test_invalid_rule_files_raise_input_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError):
        load_rule(path)


def test_bundled_rules_are_valid() -> None:
    for path in sorted(rules.BUNDLED_DIR.glob("*.toml")):
        rule = load_rule(path)
        assert rule.domains, path


def test_rule_date_beats_head_metadata(folders: dict[str, Path]) -> None:
    (folders["config"] / "jz" / "rules" / "example.toml").write_text(RULE, encoding="utf-8")
    page = PAGE.replace("<head>", '<head><meta name="pubdate" content="2019-01-01">')
    article = extract_html(page, "https://www.example.com/a/1", Settings(), None)
    assert article.published == "2020-03-04T10:30"
