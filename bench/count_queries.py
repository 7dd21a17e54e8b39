"""SQL queries per request, and in-process time, for each benchmarked endpoint.

    DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=backend:. \
        python bench/count_queries.py [--json OUT] [--profile NAME]

Runs against the benchmark clinic's database (bench/make_clinic.py) with Django's test
client, the same tokens the load scripts use, and `CaptureQueriesContext`. The time is the
median of several requests in this one process (no HTTP, no gunicorn): it says how much of
a request is the view itself. `--profile patients` prints a cProfile of one request.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT / "backend", ROOT):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

TOKENS = ROOT / "bench" / "results" / "tokens.json"


def _session_body(patient: dict) -> dict:
    assignment = patient["assignments"][0]
    return {
        "client_id": str(uuid.uuid4()),
        "assignment": assignment["id"],
        "performed_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
        "entries": [{"exercise": slug, "sets": 2, "reps": 10} for slug in
                    assignment["exercises"]],
        "pain_during": 2, "soreness_after": 1, "headache_triggered": False, "notes": "wrk",
    }


def endpoints(tokens: dict) -> list[dict]:
    patient = tokens["patients"][0]
    therapist = tokens["therapist"]["token"]
    return [
        {"name": "ref-plain", "method": "get", "path": "/bench/ref-plain", "token": None},
        {"name": "ref-drf", "method": "get", "path": "/bench/ref-drf",
         "token": patient["token"]},
        {"name": "GET me/today", "method": "get", "path": "/api/v1/me/today",
         "token": patient["token"]},
        {"name": "POST session-logs", "method": "post", "path": "/api/v1/session-logs",
         "token": patient["token"], "body": lambda: _session_body(patient), "status": 201},
        {"name": "GET patients (1,000)", "method": "get", "path": "/api/v1/patients",
         "token": therapist},
        *([{"name": "GET patients (10,000)", "method": "get", "path": "/api/v1/patients",
            "token": tokens["therapist_10k"]["token"]}] if "therapist_10k" in tokens else []),
    ]


def call(client, endpoint: dict):
    headers = {"authorization": f"Token {endpoint['token']}"} if endpoint["token"] else {}
    if endpoint["method"] == "post":
        return client.post(endpoint["path"], data=json.dumps(endpoint["body"]()),
                           content_type="application/json", headers=headers)
    return client.get(endpoint["path"], headers=headers)


def measure(client, endpoint: dict, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = call(client, endpoint)  # warm: imports, connection, caches
    expected = endpoint.get("status", 200)
    if response.status_code != expected:
        raise SystemExit(f"{endpoint['name']}: {response.status_code} {response.content[:500]!r}")
    with CaptureQueriesContext(connection) as queries:
        response = call(client, endpoint)
    # Read now: the next request's `request_started` empties the log that this slices.
    sql = [q["sql"] for q in queries.captured_queries]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call(client, endpoint)
        times.append(time.perf_counter() - started)
    return {"name": endpoint["name"], "queries": len(sql), "sql": sql,
            "ms_median": round(1000 * statistics.median(times), 2),
            "bytes": len(response.content)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", help="cProfile one endpoint whose name contains this")
    parser.add_argument("--show-sql", action="store_true")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    tokens = json.loads(TOKENS.read_text())
    results = []
    for endpoint in endpoints(tokens):
        if args.profile:
            if args.profile not in endpoint["name"]:
                continue
            call(client, endpoint)
            profiler = cProfile.Profile()
            profiler.enable()
            call(client, endpoint)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(25)
            print(out.getvalue())
            continue
        result = measure(client, endpoint, 3 if "patients" in endpoint["name"] else args.repeat)
        results.append(result)
        print(f"{result['name']:<24} {result['queries']:>3} queries  "
              f"{result['ms_median']:>8.2f} ms in-process  {result['bytes']:>8} bytes")
        if args.show_sql:
            for sql in result["sql"]:
                print("    " + sql[:300])
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
