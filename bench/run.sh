#!/usr/bin/env bash
# OneTime load benchmark (issue 7). Builds Release, starts a bare Kestrel baseline and then OneTime
# on a fresh store per backend, drives each with wrk over loopback (create only, open only, create
# -> open pairs), and writes bench/results.md. See README "Performance".
#
#   bench/run.sh                     full run: SQLite, Redis, PostgreSQL; JIT build
#   bench/run.sh --aot               the same with a Native AOT publish of the server
#   bench/run.sh --stores sqlite     only some stores (space or comma separated)
#   bench/run.sh --smoke             a few seconds per store, fails on any error; writes nothing
#
# Knobs (environment): BENCH_DURATION=10s BENCH_WARMUP=5s BENCH_RUNS=3 BENCH_CONNECTIONS=64
# BENCH_THREADS=2 BENCH_LOGS=warning|info BENCH_RESULTS=bench/results.md BENCH_BASELINE=1 (0 skips
# it) BENCH_SCENARIOS="create open pair" BENCH_SERVER_ENV="NAME=value ..." (extra settings for OneTime)
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
build=jit
stores="sqlite redis postgres"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --aot) build=aot ;;
    --stores) stores=${2//,/ }; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

if [ "$smoke" = 1 ]; then
  duration=${BENCH_DURATION:-1s} warmup=${BENCH_WARMUP:-1s} runs=${BENCH_RUNS:-1}
  connections=${BENCH_CONNECTIONS:-16}
else
  duration=${BENCH_DURATION:-10s} warmup=${BENCH_WARMUP:-5s} runs=${BENCH_RUNS:-3}
  connections=${BENCH_CONNECTIONS:-64}
fi
threads=${BENCH_THREADS:-2}
logs=${BENCH_LOGS:-warning}
results_file=${BENCH_RESULTS:-bench/results.md}

source bench/lib.sh

# ---- Build ---------------------------------------------------------------------------------
say "Building Release ($build)"
publish=(dotnet publish -c Release -nologo -clp:ErrorsOnly -v quiet)
if [ "$build" = aot ]; then
  publish+=(-r linux-x64 -p:PublishAot=true)
fi
"${publish[@]}" src/OneTime.Server -o "$work/server" >&2
"${publish[@]}" bench/Baseline -o "$work/baseline" >&2
if [ "$build" = aot ]; then
  server_cmd=("$work/server/OneTime.Server") baseline_cmd=("$work/baseline/Baseline")
else
  server_cmd=(dotnet "$work/server/OneTime.Server.dll") baseline_cmd=(dotnet "$work/baseline/Baseline.dll")
fi

# scenario LABEL SCRIPT PORT [MAX_LOGINS] : warm-up, then $runs runs; one JSON line per run in
# $work/LABEL.jsonl, and the server's CPU time per run in $work/LABEL.cpu
scenario() {
  local label=$1 script=$2 port=$3 logins=${4:-1} i
  export BENCH_LUA="$root/bench/lua" BENCH_THREADS="$threads" BENCH_MAX_LOGINS="$logins"
  if [ "$label" = baseline ]; then unset BENCH_IDS; else export BENCH_IDS="$work/ids"; fi
  say "$label: warm-up $warmup, then $runs x $duration, $connections connections"
  BENCH_OUT=/dev/null wrk -t"$threads" -c"$connections" -d"$warmup" -s "bench/lua/$script" "http://127.0.0.1:$port" >/dev/null
  : >"$work/$label.jsonl"
  : >"$work/$label.cpu"
  for ((i = 1; i <= runs; i++)); do
    local cpu_before; cpu_before=$(cpu_ms "$app_pid")
    BENCH_OUT="$work/$label.jsonl" wrk -t"$threads" -c"$connections" -d"$duration" -s "bench/lua/$script" \
      "http://127.0.0.1:$port" | grep '^{' >&2
    echo $(( $(cpu_ms "$app_pid") - cpu_before )) >>"$work/$label.cpu"
  done
}

# ---- Baseline ------------------------------------------------------------------------------
if [ "${BENCH_BASELINE:-1}" = 1 ]; then
  port=$(free_port)
  start_app baseline "$port" "${baseline_cmd[@]}" --urls "http://127.0.0.1:$port"
  scenario baseline create.lua "$port"
  echo "{\"pid_peak_kb\":$(rss_kb "$app_pid" VmHWM)}" >"$work/baseline.mem"
  stop_app "$app_pid"
fi

# ---- OneTime per store ---------------------------------------------------------------------
scenarios=${BENCH_SCENARIOS:-create open pair}
for store in $stores; do
  rm -f "$work"/ids.*
  case "$store" in
    sqlite) mkdir -p "$work/sqlite"; store_connection="Data Source=$work/sqlite/onetime.db" ;;
    redis) start_redis ;;
    postgres) start_postgres ;;
    *) echo "unknown store: $store" >&2; exit 2 ;;
  esac
  port=$(free_port)
  start_app "$store" "$port" env "${server_env[@]}" OneTime__Storage__Provider="$store" \
    OneTime__Storage__ConnectionString="$store_connection" "${server_cmd[@]}" --urls "http://127.0.0.1:$port"
  sleep 1
  idle_kb=$(rss_kb "$app_pid" VmRSS)
  # Each secret of the create runs allows 5 logins, so the open runs have enough to open.
  for kind in $scenarios; do
    case "$kind" in
      create) scenario "$store-create" create.lua "$port" 5 ;;
      open) scenario "$store-open" open.lua "$port" 5 ;;
      pair) scenario "$store-pair" pair.lua "$port" 1 ;;
    esac
  done
  echo "{\"startup_ms\":$startup_ms,\"idle_kb\":$idle_kb,\"peak_kb\":$(rss_kb "$app_pid" VmHWM)}" >"$work/$store.mem"
  stop_app "$app_pid"
  case "$store" in postgres) stop_postgres ;; esac
done

# ---- Report --------------------------------------------------------------------------------
python3 bench/report.py "$work" "$build" "$smoke" "$stores" \
  "wrk -t$threads -c$connections -d$duration (warm-up $warmup, $runs runs, logs $logs)" >"$work/report.md"
cat "$work/report.md"
if [ "$smoke" = 1 ]; then
  python3 bench/report.py --check "$work" "$stores"
else
  python3 bench/report.py --splice "$results_file" "$build" "$work/report.md"
  say "Wrote $results_file"
fi
