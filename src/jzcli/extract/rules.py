"""Optional per-site extraction rules in TOML.

A rule file names the sites it covers and CSS selectors for what the generic extractor might
get wrong there:

    [site]
    name = "example"                      # optional; defaults to the file name
    domains = ["example.com", "news.example.org"]

    [select]
    body = "div.article-content"          # the article body (all matches, in page order)
    title = "h1.title"
    date = ".info .time"
    byline = ".info .author"
    drop = [".share", ".related"]         # removed before anything is extracted

Rules are read from `Settings.rules_dirs` (first wins), then the user's folder
(`$XDG_CONFIG_HOME/jz/rules` or `~/.config/jz/rules`), then the rules bundled with jz. A rule
in an earlier folder replaces a bundled one with the same name; among the rules matching a
host, the one naming the longest domain wins.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from jzcli.errors import InputError
from jzcli.settings import Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class SiteRule:
    """Selectors for one site."""

    name: str
    domains: tuple[str, ...]
    body: str = ""
    title: str = ""
    date: str = ""
    byline: str = ""
    drop: tuple[str, ...] = ()
    path: str = ""


def user_rules_dir() -> Path:
    """The user's rule folder: $XDG_CONFIG_HOME/jz/rules, else ~/.config/jz/rules."""
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "jz" / "rules"


_user_dirs: dict[tuple[str | None, str], str] = {}


def _user_rules_folder() -> str:
    """`str(user_rules_dir())`, kept per value of the variables it depends on: every page
    looks its rules up, and building the path costs more than the look-up."""
    home = os.environ.get("HOME")
    if home is None:  # the home folder then comes from the password database
        return str(user_rules_dir())
    key = (os.environ.get("XDG_CONFIG_HOME"), home)
    folder = _user_dirs.get(key)
    if folder is None:
        folder = _user_dirs[key] = str(user_rules_dir())
    return folder


def _text(table: dict[str, object], key: str, path: Path) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise InputError(f"site rule {path}: {key} must be a string")
    return value.strip()


def load_rule(path: Path) -> SiteRule:
    """Read one rule file; InputError when it is not valid."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read site rule {path}: {exc}") from None
    site = data.get("site")
    select = data.get("select", {})
    if not isinstance(site, dict) or not isinstance(select, dict):
        raise InputError(f"site rule {path}: needs a [site] table (and [select] is a table)")
    domains = site.get("domains")
    if not isinstance(domains, list) or not all(isinstance(d, str) and d for d in domains):
        raise InputError(f"site rule {path}: [site] domains must be a list of host names")
    drop = select.get("drop", [])
    if isinstance(drop, str):
        drop = [drop]
    if not isinstance(drop, list) or not all(isinstance(d, str) for d in drop):
        raise InputError(f"site rule {path}: drop must be a list of CSS selectors")
    return SiteRule(
        name=_text(site, "name", path) or path.stem,
        domains=tuple(d.strip().lower().lstrip(".") for d in domains),
        body=_text(select, "body", path),
        title=_text(select, "title", path),
        date=_text(select, "date", path),
        byline=_text(select, "byline", path),
        drop=tuple(d.strip() for d in drop if d.strip()),
        path=str(path),
    )


def _signature(folder: str) -> tuple[tuple[str, float], ...]:
    """(name, mtime) of the folder's `*.toml` files (what `Path.glob` finds, links followed)."""
    try:
        with os.scandir(folder) as entries:
            found = [(e.name, e.stat().st_mtime) for e in entries if e.name.endswith(".toml")]
    except OSError:
        return ()
    return tuple(sorted(found))


@lru_cache(maxsize=16)
def _load_folders(
    folders: tuple[str, ...], signatures: tuple[tuple[tuple[str, float], ...], ...]
) -> tuple[SiteRule, ...]:
    by_name: dict[str, SiteRule] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.toml")):
            rule = load_rule(path)
            by_name.setdefault(rule.name, rule)
    return tuple(by_name.values())


def load_rules(settings: Settings) -> tuple[SiteRule, ...]:
    """All rules visible with these settings, earlier folders overriding later ones."""
    # Plain strings and os calls: this runs for every page (pathlib costs more than the look-up).
    folders = [*settings.rules_dirs, _user_rules_folder(), str(BUNDLED_DIR)]
    existing = tuple(f for f in folders if os.path.isdir(f or "."))  # Path("") is "."
    return _load_folders(existing, tuple(_signature(f or ".") for f in existing))


def _matches(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def find_rule(url: str, settings: Settings) -> SiteRule | None:
    """The rule for the URL's host, or None (also when rules are turned off)."""
    if not settings.use_rules or not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    best: SiteRule | None = None
    best_len = -1
    for rule in load_rules(settings):
        for domain in rule.domains:
            if _matches(host, domain) and len(domain) > best_len:
                best, best_len = rule, len(domain)
    return best
