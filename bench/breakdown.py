"""Where each benchmarked endpoint spends its time, part by part, in one process.

    DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=backend:. python bench/breakdown.py

Nothing here changes the product. Each part is called the way the view calls it and
timed as the median of many calls (no profiler overhead; HTTP and gunicorn excluded):

- the whole request through Django's test client, and the same with DRF's authentication
  alone (reference 2 without its query) to show the fixed cost every API request pays;
- POST session-logs: the whole request with and without waiting for the WAL flush;
- me/today: the selector (`today_get`) and the serializer (`TodaySerializer`);
- patients: the selector, the serializer and JSON rendering, and the selector's own
  functions' shares of its time (one cProfile'd call);
- each SQL statement of those, timed in PostgreSQL with EXPLAIN ANALYZE.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT / "backend", ROOT):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def ms(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def show(label: str, fn, repeat: int, extra: str = "") -> None:
    value = ms(fn, repeat)
    print(f"  {label:<44} {value:8.2f}{extra}")


def explain_ms(sql_list: list[str]) -> list[tuple[float, float, str]]:
    """(planning ms, execution ms, start of the SQL) per statement, from PostgreSQL."""
    from django.db import connection

    out = []
    for sql in sql_list:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
        out.append((plan["Planning Time"], plan["Execution Time"], sql[:90]))
    return out


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.renderers import JSONRenderer

    from accounts.models import User
    from assignments.api.serializers import TodaySerializer
    from logs.selectors import today_get
    from monitoring import selectors as mon
    from monitoring.api.serializers import PatientListItemSerializer

    tokens = json.loads((ROOT / "bench" / "results" / "tokens.json").read_text())
    client = Client(HTTP_HOST="127.0.0.1")
    patient_token = tokens["patients"][0]["token"]
    therapist_token = tokens["therapist"]["token"]
    patient = User.objects.get(pk=tokens["patients"][0]["id"])
    therapist = User.objects.get(pk=tokens["therapist"]["id"])
    render = JSONRenderer().render

    def get(path, token):
        return lambda: client.get(path, headers={"authorization": f"Token {token}"})

    print("Fixed costs (ms, median):")
    show("ref-plain through the test client",
         get('/bench/ref-plain', None), 300)
    show("ref-drf (token auth + 1 query)",
         get('/bench/ref-drf', patient_token), 300)
    show("GET me (token auth + UserSerializer)",
         get('/api/v1/me', patient_token), 300)

    on = patient.local_today()
    print("GET me/today (ms, median):")
    show("whole request",
         get('/api/v1/me/today', patient_token), 200)
    show("selector today_get",
         lambda: today_get(patient=patient, on=on), 200)
    today = today_get(patient=patient, on=on)
    show("serializer TodaySerializer(...).data", lambda: TodaySerializer(today).data, 200,
         f"   ({len(today['items'])} items)")
    with CaptureQueriesContext(connection) as q:
        today_get(patient=patient, on=on)
    sql = [x["sql"] for x in q.captured_queries]
    for plan_ms, exec_ms, text in explain_ms(sql):
        print(f"    SQL plan {plan_ms:5.2f} + run {exec_ms:5.2f} ms  {text}")

    print("POST session-logs (ms, median):")
    import uuid
    from datetime import UTC, datetime

    assignment = tokens["patients"][0]["assignments"][0]

    def post():
        body = {"client_id": str(uuid.uuid4()), "assignment": assignment["id"],
                "performed_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
                "entries": [{"exercise": slug, "sets": 2, "reps": 10, "rpe": 3}
                            for slug in assignment["exercises"]],
                "pain_during": 2, "soreness_after": 1, "notes": "wrk"}
        response = client.post("/api/v1/session-logs", data=json.dumps(body),
                               content_type="application/json",
                               headers={"authorization": f"Token {patient_token}"})
        assert response.status_code == 201, response.content
    show("whole request (synchronous_commit on)", post, 100)
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    show("whole request (synchronous_commit off)", post, 100)
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO on")
    with CaptureQueriesContext(connection) as q:
        post()
    for plan_ms, exec_ms, text in explain_ms([x["sql"] for x in q.captured_queries]):
        print(f"    SQL plan {plan_ms:5.2f} + run {exec_ms:5.2f} ms  {text}")

    print("GET patients, 1,000 patients (ms, median):")
    show("whole request", get("/api/v1/patients", therapist_token), 7)
    show("selector patient_attention_list",
         lambda: mon.patient_attention_list(viewer=therapist), 7)
    rows = mon.patient_attention_list(viewer=therapist)
    show("serializer PatientListItemSerializer",
         lambda: PatientListItemSerializer(rows, many=True).data, 7)
    data = PatientListItemSerializer(rows, many=True).data
    show(f"JSONRenderer.render ({len(render(data)):,} bytes)", lambda: render(data), 7)
    # The selector's own parts by name, from one profiled call (profiling inflates every
    # figure by a similar factor; read them as shares of the selector).
    profiler = cProfile.Profile()
    profiler.enable()
    mon.patient_attention_list(viewer=therapist)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = max(ct for (_, _, _), (_, _, _, ct, _) in stats.items())
    print("  selector under cProfile, share of its time (project functions, cumulative):")
    project = sorted(((ct, f"{Path(f).parent.name}/{Path(f).name}:{name}")
                      for (f, _, name), (_, _, _, ct, _) in stats.items()
                      if "/backend/" in f and ct / total > 0.04), reverse=True)
    for ct, where in project[:14]:
        print(f"    {100 * ct / total:5.1f}%  {where}")
    sql = sum(ct for (f, _, name), (_, _, _, ct, _) in stats.items()
              if f.endswith("django/db/backends/utils.py") and name == "_execute")
    print(f"    {100 * sql / total:5.1f}%  (of which: executing SQL, incl. client-side "
          "parameter binding)")
    with CaptureQueriesContext(connection) as q:
        mon.patient_attention_list(viewer=therapist)
    for plan_ms, exec_ms, text in explain_ms([x["sql"] for x in q.captured_queries]):
        print(f"    SQL plan {plan_ms:5.2f} + run {exec_ms:6.2f} ms  {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
