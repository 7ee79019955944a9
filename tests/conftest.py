from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import LocalServer

DATA = Path(__file__).parent / "data"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A real HTTP server on 127.0.0.1 for the duration of one test."""
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def data_dir() -> Path:
    return DATA
