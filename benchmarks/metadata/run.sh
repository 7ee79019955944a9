#!/usr/bin/env bash
# Metadata benchmark: jz beside trafilatura and htmldate on both dev sets (wcxb-dev,
# htmldate-dev), in one run, by page type. Run from anywhere; extra arguments go to score.py
# (e.g. --per-page /tmp/pages.tsv --json /tmp/results.json --limit 100).
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH=../shared/bench/metadata
exec python "$BENCH/score.py" \
    --func jzcli.extract.bench:extract_metadata \
    --peers trafilatura,htmldate \
    --by page_type \
    "$@"
