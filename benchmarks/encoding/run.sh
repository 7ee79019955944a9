#!/usr/bin/env sh
# Score jz's text repair on the encoding benchmark, beside ftfy and OpenCC (one run).
# The benchmark lives beside the repository (../shared/bench/encoding); set
# JZ_ENCODING_BENCH to its folder when it lives elsewhere. Extra arguments go to score.py
# (e.g. --max-per-sub 20 for a quick run, --json results.json).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bench=${JZ_ENCODING_BENCH:-"$root/../shared/bench/encoding"}
if [ ! -f "$bench/score.py" ]; then
    echo "run.sh: error: no score.py in $bench. Set JZ_ENCODING_BENCH to the benchmark folder." >&2
    exit 2
fi
if [ -n "${PYTHON:-}" ]; then
    python=$PYTHON
elif command -v python >/dev/null 2>&1; then
    python=python
else
    python=python3
fi
cd "$root"
# The checkout's own code, installed or not.
PYTHONPATH="$root/src${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONPATH
exec "$python" "$bench/score.py" --func jzcli.repair:repair_text --baselines "$@"
