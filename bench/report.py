"""Turn one `make bench` run's raw wrk output into bench/results/latest.md and a table.

    python bench/report.py bench/results

Reads `<name>.r<round>.raw` (wrk output with the BENCH line printed by bench/wrk/common.lua's
done() hook), `queries.json` (bench/count_queries.py) and `meta.json` (bench/run.sh).
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from pathlib import Path

# (raw file name, label, count_queries name, is a patient endpoint)
ENDPOINTS = [
    ("ref_plain", "ref-plain: Django JsonResponse {\"ok\": true}", "ref-plain", False),
    ("ref_drf", "ref-drf: DRF + device token + 1 indexed query", "ref-drf", False),
    ("today", "GET me/today (patient)", "GET me/today", True),
    ("session_log", "POST session-logs (patient)", "POST session-logs", True),
    ("patients", "GET patients, a page of 50 (clinic of 1,000)", "GET patients (1,000)", False),
    ("patients_c1", "GET patients, 1 connection (unloaded latency)", "GET patients (1,000)",
     False),
    ("patients_10k", "GET patients, a page of 50 (clinic of 10,000)", "GET patients (10,000)",
     False),
]
PATIENT_LIST_CPU_TARGET = 5.0  # times ref-drf's server CPU per request (issue 13)
PATIENT_SHARE_TARGET = 0.40  # of the trivial endpoint's throughput
PATIENT_LIST_P95_TARGET_MS = 300.0


def parse_bench_line(text: str) -> dict[str, float]:
    line = next((ln for ln in text.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        raise ValueError("no BENCH line (did wrk fail?)")
    return {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)}


def _fmt_ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def build(results: Path) -> tuple[str, list[dict]]:
    meta = json.loads((results / "meta.json").read_text())
    queries = {}
    if (results / "queries.json").exists():
        queries = {q["name"]: q for q in json.loads((results / "queries.json").read_text())}
    rows = []
    for raw_name, label, query_name, is_patient in ENDPOINTS:
        rounds = []
        for raw in sorted(results.glob(f"{raw_name}.r*.raw")):
            if raw.name.endswith(".warmup.raw"):
                continue
            text = raw.read_text()
            stats = parse_bench_line(text)
            load = re.search(r"^LOADAVG ([0-9.]+)", text, re.M)
            stats["loadavg"] = float(load.group(1)) if load else float("nan")
            cpu = re.search(r"^CPU gunicorn_ms=([0-9.]+) postgres_ms=([0-9.]+)", text, re.M)
            stats["cpu_ms_per_req"] = ((float(cpu.group(1)) + float(cpu.group(2)))
                                       / max(stats["requests"], 1)) if cpu else None
            rounds.append(stats)
        if not rounds:
            continue
        best = dict(max(rounds, key=lambda r: r["rps"]))
        cpu_values = [r["cpu_ms_per_req"] for r in rounds if r["cpu_ms_per_req"] is not None]
        best["cpu_ms_per_req"] = statistics.median(cpu_values) if cpu_values else None
        q = queries.get(query_name, {})
        rows.append({"key": raw_name, "label": label, "patient": is_patient, **best,
                     "rounds_rps": [r["rps"] for r in rounds],
                     "queries": q.get("queries"), "in_process_ms": q.get("ms_median")})
    by_key = {r["key"]: r for r in rows}
    plain, drf = by_key["ref_plain"]["rps"], by_key["ref_drf"]["rps"]
    drf_rounds = by_key["ref_drf"]["rounds_rps"]
    drf_cpu = by_key["ref_drf"]["cpu_ms_per_req"]

    plain_cpu = by_key["ref_plain"]["cpu_ms_per_req"]

    def cpu_cols(r: dict) -> str:
        if r["cpu_ms_per_req"] is None or not drf_cpu or not plain_cpu:
            return "| | | "
        return (f"| {r['cpu_ms_per_req']:.2f} | {plain_cpu / r['cpu_ms_per_req']:.2f} "
                f"| {drf_cpu / r['cpu_ms_per_req']:.2f} ")

    def per_round_drf(r: dict) -> str:
        """The ratio to reference 2 within each round: neighbours in time, same noise."""
        pairs = zip(r["rounds_rps"], drf_rounds, strict=False)
        return " / ".join(f"{x / d:.2f}" for x, d in pairs)

    lines = [
        "# Benchmark results (latest run)",
        "",
        f"Run {meta['started']} on {meta['machine']}; commit {meta['commit']}"
        f"{' (backend/ or programs/ had uncommitted changes)' if meta.get('dirty') else ''}.",
        f"Server: {meta['server']}. Load: {meta['load']}.",
        f"Data: {meta['data']}.",
        "",
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | × ref-plain | × ref-drf | queries/req "
        "| in-process ms | server CPU ms/req | × ref-plain by CPU | × ref-drf by CPU "
        "| requests | errors | req/s each round |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        errors = int(r["err_status"] + r["err_connect"] + r["err_read"] + r["err_write"]
                     + r["err_timeout"])
        lines.append(
            f"| {r['label']} | {r['rps']:,.1f} | {_fmt_ms(r['p50_ms'])} | {_fmt_ms(r['p95_ms'])} "
            f"| {_fmt_ms(r['p99_ms'])} | {r['rps'] / plain:.2f} | {r['rps'] / drf:.2f} "
            f"| {'' if r['queries'] is None else r['queries']} "
            f"| {'' if r['in_process_ms'] is None else r['in_process_ms']} "
            f"{cpu_cols(r)}"
            f"| {int(r['requests'])} | {errors} "
            f"| {' / '.join(f'{x:,.1f}' for x in r['rounds_rps'])} |"
        )
    lines += ["", "## Targets", ""]
    for r in rows:
        if r["patient"]:
            share = r["rps"] / plain
            ok = share >= PATIENT_SHARE_TARGET
            lines.append(f"- {r['label']}: {share:.0%} of ref-plain's throughput "
                         f"(target ≥ {PATIENT_SHARE_TARGET:.0%}): **{'met' if ok else 'MISSED'}**")
            share2 = r["rps"] / drf
            ok2 = share2 >= PATIENT_SHARE_TARGET
            lines.append(f"  - read against reference 2 (ref-drf) instead: {share2:.0%} "
                         f"(per round {per_round_drf(r)}): "
                         f"**{'met' if ok2 else 'missed'}**")
            if r["cpu_ms_per_req"] and plain_cpu and drf_cpu:
                lines.append(f"  - by server CPU per request: {plain_cpu / r['cpu_ms_per_req']:.0%}"
                             f" of ref-plain, {drf_cpu / r['cpu_ms_per_req']:.0%} of ref-drf")
    for key in ("patients", "patients_10k"):
        if key in by_key and by_key[key]["cpu_ms_per_req"] and drf_cpu:
            r = by_key[key]
            times = r["cpu_ms_per_req"] / drf_cpu
            ok = times <= PATIENT_LIST_CPU_TARGET
            lines.append(f"- {r['label']}: {times:.1f}x ref-drf's server CPU per request "
                         f"(target at most {PATIENT_LIST_CPU_TARGET:.0f}x): "
                         f"**{'met' if ok else 'MISSED'}**")
    for key in ("patients", "patients_c1", "patients_10k"):
        if key in by_key:
            r = by_key[key]
            ok = r["p95_ms"] < PATIENT_LIST_P95_TARGET_MS
            lines.append(f"- {r['label']}: p95 {_fmt_ms(r['p95_ms'])} ms (target < "
                         f"{PATIENT_LIST_P95_TARGET_MS:.0f} ms): **{'met' if ok else 'MISSED'}**")
    lines += [
        "",
        "req/s and latencies are wrk's (2 threads, 20 connections, 20 s after a discarded 5 s "
        "warm-up; p95 from the `done()` hook); each row is the endpoint's best round of the "
        "run (the machine is shared; other work only slows a round down). Queries/request "
        "and in-process ms come from bench/count_queries.py (Django test client, "
        "`CaptureQueriesContext`, median of several requests in one process, no HTTP). "
        "Errors are non-2xx answers, socket errors and timeouts (wrk --timeout 30 s). "
        "Server CPU ms/req is the CPU time gunicorn's workers and the database's backends "
        "used during the measured 20 s divided by the requests served (median of the "
        "rounds); `× ref-… by CPU` is the reference's CPU cost over the endpoint's: the "
        "throughput ratio to expect when the server has the machine to itself.",
        "",
    ]
    return "\n".join(lines), rows


def main(argv: list[str]) -> int:
    results = Path(argv[1] if len(argv) > 1 else "bench/results")
    text, _ = build(results)
    (results / "latest.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
