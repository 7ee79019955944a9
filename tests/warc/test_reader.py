"""read_records: a failure of jz's own is no `corrupt` record (damaged bytes are: see
test_warc_cmd's test_damaged_record_headers_are_one_line_not_an_internal_error)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import pytest
from tests.warc.archives import article_records, sample_pages, write_warc

from jzcli.warc import reader
from jzcli.warc.reader import Originals, Selection, Skipped, read_records


def _read(path: Path) -> list[Any]:
    with path.open("rb") as stream:
        return list(read_records(stream, str(path), Selection(), Originals()))


def test_a_bug_in_jz_while_selecting_a_record_is_not_called_a_damaged_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.warc.gz"
    write_warc(path, article_records(sample_pages()))
    assert not any(isinstance(item, Skipped) and "corrupt" in item.reason for item in _read(path))

    def broken(*args: Any) -> NoReturn:
        raise AttributeError("'NoneType' object has no attribute 'x'")  # jz's own code

    monkeypatch.setattr(reader, "_select", broken)
    with pytest.raises(AttributeError):
        _read(path)
