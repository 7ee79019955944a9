"""Many articles at once: column and URL-list export, resumable and polite."""

from jzcli.batch.runner import BatchOptions, BatchRun, run_batch, run_column

__all__ = ["BatchOptions", "BatchRun", "run_batch", "run_column"]
