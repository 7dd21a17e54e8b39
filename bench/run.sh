#!/usr/bin/env bash
# `make bench`: HTTP API throughput and latency against two references in the same run.
# Method: /work/shared/benchmarking.md; results and notes: docs/benchmarks.md.
#
#   1. wrk from Debian's packages (installed when missing and we are root);
#   2. the clinic: 1 therapist, 1,000 patients, 12 weeks of logs (bench/make_clinic.py,
#      built once, creating the PostgreSQL database if missing; BENCH_REBUILD=1 rebuilds);
#   3. SQL queries per request (bench/count_queries.py);
#   4. gunicorn (--preload; 4 sync workers unless BENCH_WORKER_CLASS, BENCH_WORKERS,
#      BENCH_THREADS say otherwise) on a free loopback port;
#   5. wrk, 2 threads, 20 connections: 5 s warm-up discarded, then 20 s, per endpoint,
#      the whole sequence BENCH_ROUNDS times (default 2), the best round kept;
#   6. bench/results/latest.md and a table on stdout (bench/report.py).
# BENCH_ONLY="patients patients_c1" runs only those endpoints (and the two references);
# patients_10k is the list of the 10,000-patient clinic (BENCH_NO_LARGE=1 skips building it).
# Traffic goes to 127.0.0.1 only; every step has a time limit; gunicorn stops on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PYTHONPATH="$ROOT/backend:$ROOT"
export DJANGO_SETTINGS_MODULE=bench.settings
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hep_bench}"
PY="$ROOT/.venv/bin/python"
RESULTS=bench/results
# The method's 4 sync workers: bench/sweep_workers.sh found no setting clearly better on
# this 2-core machine (figures in docs/benchmarks.md). BENCH_WORKER_CLASS=gthread
# BENCH_WORKERS=2 BENCH_THREADS=4 tries threads (and HTTP keep-alive) instead.
WORKER_CLASS="${BENCH_WORKER_CLASS:-sync}"
WORKERS="${BENCH_WORKERS:-4}"
if [ "$WORKER_CLASS" = gthread ]; then THREADS_PER_WORKER="${BENCH_THREADS:-4}"; else THREADS_PER_WORKER=""; fi
THREADS=2
CONNECTIONS=20
WARMUP=5s
DURATION=20s
mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.raw
# The code measured is the code at the start (others may commit while this runs).
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
DIRTY="$(git status --porcelain -- backend programs 2>/dev/null | head -1)"
STARTED="$(date -u '+%Y-%m-%d %H:%M UTC')"

step() { printf '\n== %s\n' "$*"; }

# --- 1. wrk ----------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    step "Installing wrk (Debian package)"
    timeout 300 apt-get install -y wrk >/dev/null 2>&1 \
      || { timeout 300 apt-get update >/dev/null && timeout 300 apt-get install -y wrk >/dev/null; }
  else
    echo "wrk is missing: sudo apt-get install wrk" >&2
    exit 1
  fi
fi

# --- 2. data ---------------------------------------------------------------------------
step "Clinic (database ${DATABASE_URL##*/})"
timeout 3600 "$PY" bench/make_clinic.py ${BENCH_REBUILD:+--rebuild} ${BENCH_NO_LARGE:+--no-large}

# --- 3. queries per request --------------------------------------------------------------
step "Queries per request"
timeout 600 "$PY" bench/count_queries.py --json "$RESULTS/queries.json" 2> >(grep -v 'No directory at' >&2)

# --- 4. gunicorn -------------------------------------------------------------------------
PORT="${BENCH_PORT:-$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
BASE="http://127.0.0.1:$PORT"
GUNICORN_ARGS=(hep.wsgi:application --preload --worker-class "$WORKER_CLASS" --workers "$WORKERS"
               --bind "127.0.0.1:$PORT" --timeout 120 --log-level warning)
[ -n "$THREADS_PER_WORKER" ] && GUNICORN_ARGS+=(--threads "$THREADS_PER_WORKER")
step "gunicorn ${GUNICORN_ARGS[*]}"
"$ROOT/.venv/bin/gunicorn" "${GUNICORN_ARGS[@]}" > "$RESULTS/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
stop_gunicorn() {
  if kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill "$GUNICORN_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$GUNICORN_PID" 2>/dev/null || true
  fi
}
trap stop_gunicorn EXIT INT TERM

for _ in $(seq 60); do
  if curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null; then break; fi
  kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$RESULTS/gunicorn.log" >&2; exit 1; }
  sleep 0.5
done
# The port must be ours: our gunicorn answers with its own header and the reference view.
curl -fsSI "$BASE/bench/ref-plain" | grep -qi '^server: gunicorn' \
  || { echo "port $PORT does not answer with our gunicorn" >&2; exit 1; }

# --- 5. load ---------------------------------------------------------------------------
# name, wrk script, connections, what the endpoint must answer
RUNS=(
  "ref_plain ref_plain $CONNECTIONS 200"
  "ref_drf ref_drf $CONNECTIONS 200"
  "today today $CONNECTIONS 200"
  "session_log session_log $CONNECTIONS 201"
  "patients patients $CONNECTIONS 200"
  "patients_c1 patients 1 200"
  "patients_10k patients_10k $CONNECTIONS 200"
)
# BENCH_ONLY="patients patients_c1" measures only those (the two references always run:
# every figure is read against them).
if [ -n "${BENCH_ONLY:-}" ]; then
  KEEP=()
  for run in "${RUNS[@]}"; do
    read -r name _ <<<"$run"
    case " ref_plain ref_drf $BENCH_ONLY " in *" $name "*) KEEP+=("$run") ;; esac
  done
  RUNS=("${KEEP[@]}")
fi
export BENCH_TOKENS="$RESULTS/tokens.lua"
# Rounds: the machine is shared, so the whole sequence runs BENCH_ROUNDS times and the
# report keeps each endpoint's best round (interference only ever slows a run down).
ROUNDS="${BENCH_ROUNDS:-2}"
for round in $(seq "$ROUNDS"); do
  for run in "${RUNS[@]}"; do
    read -r name script conns _ <<<"$run"
    threads=$(( conns < THREADS ? conns : THREADS ))
    step "round $round/$ROUNDS, $name: wrk -t$threads -c$conns, $WARMUP warm-up (discarded), then $DURATION"
    timeout 60 wrk -t"$threads" -c"$conns" -d"$WARMUP" --timeout 30s -s "bench/wrk/$script.lua" "$BASE" \
      > "$RESULTS/$name.r$round.warmup.raw"
    timeout 150 "$PY" bench/wait_idle.py "$GUNICORN_PID" --timeout 120 || echo "(server still busy)"
    echo "LOADAVG $(cut -d' ' -f1-3 /proc/loadavg)" > "$RESULTS/$name.r$round.raw"
    "$PY" bench/cpu_ticks.py snap "$GUNICORN_PID" > "$RESULTS/cpu-before.json"
    timeout 90 wrk -t"$threads" -c"$conns" -d"$DURATION" --timeout 30s --latency \
      -s "bench/wrk/$script.lua" "$BASE" | tee -a "$RESULTS/$name.r$round.raw" \
      | grep -E '^BENCH|Non-2xx|Socket errors'
    # Right away: requests still queued when wrk stops have not been started yet.
    "$PY" bench/cpu_ticks.py delta "$GUNICORN_PID" "$RESULTS/cpu-before.json" \
      | tee -a "$RESULTS/$name.r$round.raw"
    echo "LOADAVG_END $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/$name.r$round.raw"
    timeout 150 "$PY" bench/wait_idle.py "$GUNICORN_PID" --timeout 120 || echo "(server still busy)"
    if [ "$name" = session_log ]; then
      # Thousands of fresh logs for today would make the next round's me/today heavier.
      timeout 120 "$PY" bench/make_clinic.py --clean-only
    fi
  done
done
stop_gunicorn

# --- 6. report ---------------------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
pg=$(psql "$DATABASE_URL" -Atc 'show server_version' 2>/dev/null || echo '?')
"$PY" - "$RESULTS/meta.json" <<EOF
import json, sys, platform
import django, gunicorn
workers = "$WORKERS $WORKER_CLASS worker(s)" + (" x $THREADS_PER_WORKER threads" if "$THREADS_PER_WORKER" else "")
json.dump({
    "started": "$STARTED",
    "machine": f"$(nproc) cores ($cpu), {round(int(open('/proc/meminfo').read().split()[1]) / 2**20)} GiB, "
               f"Python {platform.python_version()}, Django {django.get_version()}, "
               f"PostgreSQL $pg, gunicorn {gunicorn.__version__}",
    "commit": "$COMMIT",
    "dirty": bool("$DIRTY"),
    "server": f"gunicorn --preload, {workers}, bench.settings (prod settings, DEBUG off, CONN_MAX_AGE=60)",
    "load": "wrk $THREADS threads, $CONNECTIONS connections (patients_c1: 1), $WARMUP warm-up discarded, $DURATION measured; $ROUNDS rounds, best kept",
    "data": "1 therapist, 1,000 patients (and a second clinic of 10,000 for patients_10k) in 15 time zones, 1-2 assignments each started 12 weeks ago, 12 weeks of logs",
}, open(sys.argv[1], "w"), indent=1)
EOF
step "Results ($RESULTS/latest.md)"
"$PY" bench/report.py "$RESULTS"
