#!/usr/bin/env bash
# Extraction benchmark: jz beside trafilatura and readability on the three dev sets, in one run.
# Run from anywhere; paths are relative to the repository root. Extra arguments go to score.py
# (e.g. --per-page /tmp/pages.tsv --json /tmp/results.json). FUNC picks the jz adapter:
# extract_body_text (default: the whole per-article pipeline, as users get it) or
# extract_only_text (decode + extract only, to measure the extraction stage alone).
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH=../shared/bench/extraction
exec python "$BENCH/score.py" \
    --func "jzcli.extract.bench:${FUNC:-extract_body_text}" \
    --dataset "$BENCH/scrapinghub" "$BENCH/zh-cwce" "$BENCH/wcxb-dev" \
    --peers trafilatura,readability \
    --by page_type \
    "$@"
