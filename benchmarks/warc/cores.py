"""What two cores of this machine give for jz's per-record work: alone, then two at once.

    python benchmarks/warc/cores.py FILE.warc.gz... [--records 150] [--rounds 2]

Each process reads the first N records of the files, then runs `prepare_record` (the
pipeline, listing detection, the store's packing: a worker's whole job) over them, timing
that part only (CPU and wall). A round runs one process alone, then two at once on the same
records, with no pool, pipe or main process involved. Two at once should each take the time
one takes alone; the ratio `2 x alone / two at once` (wall) is the most `-j 2` can gain
over `-j 1` on this machine, whatever jz does (a value under 2 is the hardware: two vCPUs
sharing a core or a memory bus, or a clock that runs slower with both busy).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time
from typing import Any


def work(results: Any, files: list[str], records: int) -> None:
    from jzcli.settings import Settings
    from jzcli.warc.pages import prepare_record
    from jzcli.warc.reader import Capture, Originals, Selection, open_source, read_records

    captures: list[Capture] = []
    for path in files:
        with open_source(path) as fh:
            for record in read_records(fh, path, Selection(), Originals()):
                if isinstance(record, Capture):
                    captures.append(record)
        if len(captures) >= records:
            break
    captures = captures[:records]
    settings = Settings()
    cpu, wall = time.process_time(), time.perf_counter()
    for capture in captures:
        prepare_record(capture.page, settings, capture.captured)
    n = len(captures)
    results.put((1000 * (time.process_time() - cpu) / n, 1000 * (time.perf_counter() - wall) / n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--records", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    for round_ in range(1, args.rounds + 1):
        walls = {}
        for n in (1, 2):
            results = context.Queue()
            procs = [
                context.Process(target=work, args=(results, args.files, args.records))
                for _ in range(n)
            ]
            for p in procs:
                p.start()
            got = [results.get() for _ in procs]
            for p in procs:
                p.join()
            walls[n] = max(w for _, w in got)
            shown = ", ".join(f"{c:.1f} ms CPU / {w:.1f} ms wall" for c, w in got)
            print(
                f"round {round_}, {n} at once: per record {shown} (load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
        print(f"round {round_}: 2 x alone / two at once = {2 * walls[1] / walls[2]:.2f}\n")


if __name__ == "__main__":
    main()
