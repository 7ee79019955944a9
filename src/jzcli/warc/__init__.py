"""Web archives (WARC/ARC) as input: read records, pick captures, run the batch pipeline.

`reader` streams records and selects article candidates; `run` feeds them through the
batch runner (same store, outputs and worker pool); `cluster` spreads files over Dask.
"""
