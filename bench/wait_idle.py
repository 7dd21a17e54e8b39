"""Wait until gunicorn's workers stop using CPU (requests a finished wrk run left behind).

    python bench/wait_idle.py MASTER_PID [--timeout 120]

wrk stops at its deadline, but requests already queued at the server are still served;
on a slow endpoint they would eat into the next measurement. Exits 0 once the workers
used under 2% of a core for a whole second, 1 after the timeout.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("pid", type=int)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    hz = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + args.timeout
    quiet_needed, quiet = 2, 0  # two consecutive quiet half-seconds
    previous = _cpu_ticks(_children(args.pid))
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = _cpu_ticks(_children(args.pid))
        quiet = quiet + 1 if (now - previous) / hz < 0.01 else 0
        previous = now
        if quiet >= quiet_needed:
            return 0
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
