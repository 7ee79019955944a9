"""A crash in a worker process, for tests of `jz` run as a subprocess.

Put this folder on PYTHONPATH and Python imports this module in every process it starts:
the `jz` process, the forkserver and the pool's workers. A worker process (any but the
first that imported it) handed a page whose bytes hold CRASH_MARK dies of SIGSEGV at once,
as it would of a crash in a C parser; the `jz` process itself never does. The production
code is untouched: the functions `jz batch` and `jz warc` send to their workers are wrapped
here.
"""

from __future__ import annotations

import functools
import os
import signal
from collections.abc import Callable
from typing import Any

CRASH_MARK = b"<!-- jz-test: this page crashes the worker -->"
_FIRST = os.getpid()


def _crashing(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(pages: Any, *args: Any, **kwargs: Any) -> Any:
        many = pages if isinstance(pages, list) else [pages]
        if os.getpid() != _FIRST and any(CRASH_MARK in page.content for page in many):
            os.kill(os.getpid(), signal.SIGSEGV)
            os._exit(139)  # were SIGSEGV handled
        return func(pages, *args, **kwargs)

    return wrapper


def _install() -> None:
    import jzcli.pipeline

    jzcli.pipeline.process_pages = _crashing(jzcli.pipeline.process_pages)  # type: ignore[assignment]
    import jzcli.fetch.article

    jzcli.fetch.article.single_page_article = _crashing(  # type: ignore[assignment]
        jzcli.fetch.article.single_page_article
    )
    import jzcli.warc.pages

    jzcli.warc.pages.prepare_record = _crashing(jzcli.warc.pages.prepare_record)  # type: ignore[assignment]


if __name__ == "sitecustomize":  # not when a test imports CRASH_MARK from here
    _install()
