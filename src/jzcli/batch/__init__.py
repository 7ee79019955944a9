"""Many articles at once: column and URL-list export, resumable and polite."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jzcli.batch.runner import BatchOptions, BatchRun, run_batch, run_column

__all__ = ["BatchOptions", "BatchRun", "run_batch", "run_column"]


def __getattr__(name: str) -> Any:
    # Loaded on first use, so `jzcli.batch.files` does not pull in the whole runner.
    if name in __all__:
        return getattr(import_module("jzcli.batch.runner"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
