"""Read a URL list: one URL a line (# comments, blank lines) or JSON lines with a url field."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from jzcli.errors import InputError
from jzcli.fetch.urls import as_url, normalize_url


def parse_url_lines(lines: Iterable[str], name: str = "input") -> Iterator[str]:
    """Yield the URLs of a list in their normal form, in order, each once.

    A bare host/path gets http:// as with `jz fetch`.
    """
    seen: set[str] = set()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        if line.startswith("{"):
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{name} line {number} is not valid JSON: {exc.msg}") from None
            except RecursionError:
                raise InputError(f"{name} line {number} is JSON nested too deeply") from None
            url = data.get("url") if isinstance(data, dict) else None
            if not isinstance(url, str) or not url.strip():
                raise InputError(f'{name} line {number} has no "url" field')
            line = url.strip()
        line = normalize_url(as_url(line))
        if line not in seen:
            seen.add(line)
            yield line


__all__ = ["parse_url_lines"]
