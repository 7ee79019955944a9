#!/usr/bin/env bash
# On the 16-core device machine (Python 3.12, no network), from the repository root:
#   bash benchmarks/warc/device.sh PAGES_DIR [RECORDS]
# PAGES_DIR holds benchmark pages (<set>/html/*.html.gz with <set>/ground-truth.json, as in
# ../shared/bench/extraction, or any *.html / *.html.gz). Needs the wheels of
# device_wheels.sh in .whl/. Builds a WARC of RECORDS records (default 4000) in 16 files,
# runs `jz warc -j N` for N = 1 2 4 8 16 and writes the table to $OUT/scale.txt.
# Sized for about 5 minutes; runs that would not fit in the budget are listed as skipped.
set -euo pipefail
pages=${1:?usage: device.sh PAGES_DIR [RECORDS]}
records=${2:-4000}
out=${OUT:-/tmp/jz-warc-out}
mkdir -p "$out"
python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/site .whl/*.whl
export PYTHONPATH=/tmp/site:$PWD/src
work=/tmp/jz-warc-scale
rm -rf "$work"
{
    echo "jz warc scaling, $(date -u +%FT%TZ), $(nproc) cores, $(python3 --version)"
    python3 -c "import jzcli, selectolax, warcio; print('imports ok')"
    /usr/bin/env time -f "build: %e s" python3 benchmarks/warc/build.py "$work/in" \
        --records "$records" --pages "$pages" --parts 16 2>&1 || \
        python3 benchmarks/warc/build.py "$work/in" --records "$records" --pages "$pages" --parts 16
    timeout 420 python3 benchmarks/warc/scale.py "$work" --jobs ${JOBS:-1 2 4 8 16} --budget 360
} 2>&1 | tee "$out/scale.txt"
