"""Start-up time of `jz` beside `python -c "import typer"`, measured side by side in one run.

    python benchmarks/startup/run.py            # 15 rounds
    python benchmarks/startup/run.py -n 31

Each round runs every command once, in turn (so a busy moment of a shared machine hits all
of them alike); the table gives the median wall time per command and its ratio to
`python -c "import typer"` (the floor any Typer CLI pays), then the median CPU time (user +
system, from getrusage of the waited-for child) and its ratio. `jz` runs as `python -m` on the
checkout's own code with the same interpreter, so no console-script wrapper is timed.
The small inputs are written to a temporary folder: a 4-line Simplified text file for
`jz fix` and a small HTML page for `jz clean`. Bytecode is cached (in a temporary folder) for
every command, as pip's install compiles it; `--source` compiles each module at each start.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TEXT = (
    "记者从市政府获悉，今年全市新建公园十二座。\n市民可以免费进入。\n活动将持续到月底。\n（完）\n"
)
PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>全市新建公园十二座</title></head><body><header>首页 | 新闻</header>
<article><h1>全市新建公园十二座</h1><p>记者从市政府获悉，今年全市新建公园十二座，
总面积超过三百公顷。</p><p>市民可以免费进入，公园每天早上六点开放，晚上十点关闭。</p>
<p>活动将持续到月底，届时还将举办摄影比赛和音乐会。</p></article>
<footer>版权所有</footer></body></html>"""


def commands(folder: Path, trees: list[tuple[str, Path]]) -> list[tuple[str, list[str], Path]]:
    py = sys.executable
    jz = [py, "-c", "from jzcli.cli.app import main; main()"]
    text, page = folder / "note.txt", folder / "page.html"
    text.write_text(TEXT, encoding="utf-8")
    page.write_text(PAGE, encoding="utf-8")
    out = [('python -c "import typer"', [py, "-c", "import typer"], trees[0][1])]
    for label, src in trees:
        out += [
            (f"jz --version{label}", [*jz, "--version"], src),
            (f"jz --help{label}", [*jz, "--help"], src),
            (f"jz fix note.txt (4 lines){label}", [*jz, "fix", str(text)], src),
            (f"jz clean page.html{label}", [*jz, "clean", str(page)], src),
        ]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=15, help="rounds (default 15)")
    parser.add_argument(
        "--also",
        type=Path,
        metavar="SRC",
        help="another tree's src/ folder (an older commit) timed in the same run, for before/after",
    )
    parser.add_argument(
        "--source",
        action="store_true",
        help="compile every module from source on each start (no bytecode cache), as an "
        "uninstalled checkout run with PYTHONDONTWRITEBYTECODE=1 does",
    )
    args = parser.parse_args()
    trees = [("", ROOT / "src")]
    if args.also:
        trees.append((f" [{args.also}]", args.also.resolve()))
    with tempfile.TemporaryDirectory() as tmp:
        cmds = commands(Path(tmp), trees)
        times: dict[str, list[float]] = {name: [] for name, _, _ in cmds}
        cpu: dict[str, list[float]] = {name: [] for name, _, _ in cmds}
        # Bytecode as an installed jz has it (pip compiles it on install): cached under a
        # temporary prefix by the warm-up run, even where PYTHONDONTWRITEBYTECODE is set.
        base_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        if not args.source:
            base_env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        else:
            base_env["PYTHONDONTWRITEBYTECODE"] = "1"
        envs = {src: dict(base_env, PYTHONPATH=str(src)) for _, src in trees}
        for _, argv, src in cmds:  # warm the file cache and .pyc files first
            subprocess.run(argv, env=envs[src], capture_output=True, check=True)
        for _ in range(args.n):
            for name, argv, src in cmds:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(argv, env=envs[src], capture_output=True, check=True)
                times[name].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(
                    after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    base = statistics.median(times[cmds[0][0]])
    cpu_base = statistics.median(cpu[cmds[0][0]])
    code = "compiled from source each start" if args.source else "bytecode cached"
    print(f"# {os.cpu_count()} CPUs, load average {load:.2f}; median of {args.n} runs; {code}")
    print("| command | median ms | × import typer | CPU ms | CPU × import typer |")
    print("|---|---|---|---|---|")
    for name, _, _ in cmds:
        med = statistics.median(times[name])
        cmed = statistics.median(cpu[name])
        print(
            f"| {name} | {1000 * med:.0f} | {med / base:.2f} "
            f"| {1000 * cmed:.0f} | {cmed / cpu_base:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
