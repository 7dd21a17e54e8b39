"""CPU time the benchmark server uses: gunicorn's workers and the PostgreSQL backends
serving the benchmark database.

    python bench/cpu_ticks.py snap GUNICORN_MASTER_PID > before.json
    ... load ...
    python bench/cpu_ticks.py delta GUNICORN_MASTER_PID before.json
    -> CPU gunicorn_ms=1234.0 postgres_ms=567.0

Divided by the requests served, the difference is the server's CPU cost per request.
Unlike requests per second, that figure hardly moves when other work shares the machine
(other work steals wall time, not our CPU time), so it is the steadier way to compare an
endpoint with the references. Counted per process id, so a database connection replaced
during the run (CONN_MAX_AGE) loses only its own share instead of corrupting the sum.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

DB_NAME = os.environ.get("BENCH_DB_NAME", "hep_bench")


def _ticks(pid: str) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime, stime


def _gunicorn_workers(master: str) -> list[str]:
    children: list[str] = []
    for task in Path(f"/proc/{master}/task").glob("*"):
        try:
            children += (task / "children").read_text().split()
        except OSError:
            pass
    return children


def _postgres_backends() -> list[str]:
    """Backends whose process title names the database: `postgres: 15/main: user db ...`."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres:") and f" {DB_NAME} " in title:
            pids.append(entry.name)
    return pids


def snapshot(master: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {"gunicorn": {}, "postgres": {}}
    for group, pids in (("gunicorn", _gunicorn_workers(master)),
                        ("postgres", _postgres_backends())):
        for pid in pids:
            ticks = _ticks(pid)
            if ticks is not None:
                out[group][pid] = ticks
    return out


def main(argv: list[str]) -> int:
    mode, master = argv[1], argv[2]
    now = snapshot(master)
    if mode == "snap":
        print(json.dumps(now))
        return 0
    before = json.loads(Path(argv[3]).read_text())
    hz = os.sysconf("SC_CLK_TCK")
    used = {group: sum(t - before[group].get(pid, 0) for pid, t in now[group].items())
            for group in now}
    print(f"CPU gunicorn_ms={1000 * used['gunicorn'] / hz:.1f} "
          f"postgres_ms={1000 * used['postgres'] / hz:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
