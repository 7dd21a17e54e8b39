#!/usr/bin/env bash
# Which gunicorn setting suits this 2-core machine? Short wrk runs (2 threads, 20
# connections, 3 s warm-up, 10 s measured) of reference 2, me/today and POST session-logs
# for several worker settings. Needs the clinic and tokens from bench/make_clinic.py.
#   bash bench/sweep_workers.sh            (output: bench/results/sweep.md)
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD/backend:$PWD" DJANGO_SETTINGS_MODULE=bench.settings
OUT="${SWEEP_OUT:-bench/results/sweep.md}"
PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; true' EXIT

{
  echo "| setting | ref-drf req/s | me/today req/s | POST session-logs req/s | me/today p95 ms |"
  echo "|---|---:|---:|---:|---:|"
} > "$OUT"
# SWEEP_SETTINGS="gthread 2 4;gthread 4 2" tries only those (class, workers[, threads]).
IFS=';' read -r -a SETTINGS <<<"${SWEEP_SETTINGS:-sync 2;sync 3;sync 4;sync 6;gthread 2 4;gthread 4 2}"
for setting in "${SETTINGS[@]}"; do
  set -- $setting
  args=(--worker-class "$1" --workers "$2")
  [ "$1" = gthread ] && args+=(--threads "$3")
  .venv/bin/gunicorn hep.wsgi:application --preload "${args[@]}" --bind "127.0.0.1:$PORT" \
    --timeout 120 --log-level warning > bench/results/sweep-gunicorn.log 2>&1 &
  PID=$!
  for _ in $(seq 60); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
  row="| $setting |"
  for script in ref_drf today session_log; do
    timeout 20 wrk -t2 -c20 -d3s --timeout 30s -s "bench/wrk/$script.lua" "http://127.0.0.1:$PORT" >/dev/null
    line=$(timeout 30 wrk -t2 -c20 -d10s --timeout 30s -s "bench/wrk/$script.lua" "http://127.0.0.1:$PORT" | grep '^BENCH')
    rps=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
    row="$row $rps |"
    [ "$script" = today ] && p95=$(sed -E 's/.* p95_ms=([0-9.]+).*/\1/' <<<"$line")
  done
  echo "$row $p95 |" | tee -a "$OUT"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done
cat "$OUT"
