"""Run a module (-m NAME) or script in this process and write its peak RSS (VmHWM, kB) to a file.

ru_maxrss of a child would also count the parent it was forked from (Linux keeps the
high-water mark across exec); VmHWM belongs to the process's own address space.
"""

from __future__ import annotations

import atexit
import runpy
import sys


def _write_peak(path: str) -> None:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                with open(path, "w", encoding="ascii") as out:
                    out.write(line.split()[1])


def main() -> None:
    out, *rest = sys.argv[1:]
    atexit.register(_write_peak, out)
    if rest[0] == "-m":
        sys.argv = [rest[1], *rest[2:]]
        runpy.run_module(rest[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = rest
        runpy.run_path(rest[0], run_name="__main__")


if __name__ == "__main__":
    main()
