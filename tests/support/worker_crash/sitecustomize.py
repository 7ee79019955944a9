"""A crash in a worker process, for tests of `jz` run as a subprocess.

Put this folder on PYTHONPATH and Python imports this module in every process it starts:
the `jz` process, the forkserver and the pool's workers. A worker process (one that
multiprocessing started: it has a parent process, under forkserver on Linux as under spawn
on macOS and Windows) handed a page whose bytes hold CRASH_MARK dies of SIGSEGV at once, as
it would of a crash in a C parser, and one handed a page holding STALL_MARK works on it for
an hour (a parser in quadratic time on a hostile page); the `jz` process itself never does.
The production code is untouched: the functions `jz batch` and `jz warc` send to their
workers are wrapped here.
A sitecustomize module this one hides (later on sys.path: a distribution's, coverage's) is
run too.
"""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from typing import Any

CRASH_MARK = b"<!-- jz-test: this page crashes the worker -->"
STALL_MARK = b"<!-- jz-test: this page takes the worker an hour -->"
STALLED_ENV = "JZ_TEST_STALLED"
"""A folder where each worker that starts on a STALL_MARK page makes a file."""


def _crashing(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(pages: Any, *args: Any, **kwargs: Any) -> Any:
        many = pages if isinstance(pages, list) else [pages]
        # Asked at each call: a spawned worker imports this module before multiprocessing
        # records its parent.
        worker = multiprocessing.parent_process() is not None
        if worker and any(CRASH_MARK in page.content for page in many):
            os.kill(os.getpid(), signal.SIGSEGV)
            os._exit(139)  # were SIGSEGV handled
        if worker and any(STALL_MARK in page.content for page in many):
            stalled = os.environ.get(STALLED_ENV)
            if stalled:  # tell the test this worker holds such a page now
                with open(os.path.join(stalled, f"{os.getpid()}-{time.monotonic_ns()}"), "w"):
                    pass
            time.sleep(3600)
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


def _chain() -> None:
    """Run the sitecustomize module that this one hides, if there is one."""
    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module  # as if it had been found first
    spec.loader.exec_module(module)


if __name__ == "sitecustomize":  # not when a test imports CRASH_MARK from here
    _install()
    _chain()
