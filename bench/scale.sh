#!/usr/bin/env bash
# Scale runs on SQLite (issue 7 §3), open only, 64 connections:
#   1k      1,000 live secrets
#   1m      1,000,000 live secrets (open latency should stay within 1.5x of 1k)
#   purge   1,000 live and 1,000,000 expired secrets: opens while the sweeper purges the expired
#           ones (p99 should stay within 2x of the same server's p99 once the purge is over)
# Writes its table into bench/results.md (section "scale").
#
#   bench/scale.sh            full run: about 10 minutes and 3 GB of disk at most, freed at the end
#   bench/scale.sh --smoke    20,000 rows, a few seconds a case; checks, writes nothing
#
# Knobs: BENCH_SCALE_ROWS=1000000 BENCH_DURATION=10s BENCH_WARMUP=5s BENCH_RUNS=3 BENCH_CONNECTIONS=64
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
[ "${1:-}" = --smoke ] && smoke=1
if [ "$smoke" = 1 ]; then
  rows=${BENCH_SCALE_ROWS:-20000} duration=${BENCH_DURATION:-2s} warmup=${BENCH_WARMUP:-1s} runs=${BENCH_RUNS:-1}
else
  rows=${BENCH_SCALE_ROWS:-1000000} duration=${BENCH_DURATION:-10s} warmup=${BENCH_WARMUP:-5s} runs=${BENCH_RUNS:-3}
fi
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
small=1000

source bench/lib.sh

say "Building Release (jit)"
dotnet publish src/OneTime.Server -c Release -nologo -clp:ErrorsOnly -v quiet -o "$work/server" >&2

# open_run LABEL DURATION : one wrk run of open.lua over $ids, appended to $work/LABEL.jsonl
open_run() {
  BENCH_LUA="$root/bench/lua" BENCH_THREADS="$threads" BENCH_MAX_LOGINS=1 BENCH_IDS="$ids" BENCH_OUT="$work/$1.jsonl" \
    wrk -t"$threads" -c"$connections" -d"$2" -s bench/lua/open.lua "http://127.0.0.1:$port" | grep '^{' >&2
}

# start_store LABEL LIVE EXPIRED : a fresh database filled with LIVE live secrets (their ids in
# $ids.0) and EXPIRED expired ones, and OneTime started on it
start_store() {
  local label=$1 live=$2 expired=$3 dir="$work/$1"
  mkdir -p "$dir"
  ids="$dir/ids"
  port=$(free_port)
  local server=(env "${server_env[@]}" Logging__LogLevel__OneTime.Server.Storage.ExpirySweeper=Information
    OneTime__Storage__ConnectionString="Data Source=$dir/onetime.db" dotnet "$work/server/OneTime.Server.dll"
    --urls "http://127.0.0.1:$port")
  # The first start makes the schema; the fill then writes straight into the file.
  start_app "$label-schema" "$port" "${server[@]}"
  stop_app "$app_pid"
  say "$label: filling $live live and $expired expired secrets"
  python3 bench/fill.py "$dir/onetime.db" "$live" live "$ids.0"
  [ "$expired" -gt 0 ] && python3 bench/fill.py "$dir/onetime.db" "$expired" expired
  start_app "$label" "$port" "${server[@]}"
  echo "{\"rows\":$((live + expired)),\"db_mb\":$(( $(du -sm "$dir" | cut -f1) ))}" >"$work/$label.size"
}

# Open latency over a small and a large store.
for case in "1k $small" "1m $rows"; do
  read -r label live <<<"$case"
  start_store "$label" "$live" 0
  say "$label: warm-up $warmup, then $runs x $duration"
  open_run "$label-warmup" "$warmup"
  for ((i = 1; i <= runs; i++)); do open_run "$label" "$duration"; done
  stop_app "$app_pid"
  rm -rf "$work/$label"
done

# Opens while the sweeper, which runs once at start, purges the expired secrets: runs back to back
# until the sweeper logs that it is done, then $runs more on the same server for comparison. The
# first run also warms the server up and is left out.
start_store purge "$small" "$rows"
started=$(now_ms)
(until grep -q 'Sweeper removed or expired' "$work/purge.log"; do sleep 0.1; done; now_ms >"$work/purge.done") &
pids+=("$!")
say "purge: opening while the sweeper purges $rows expired secrets"
open_run purge-warmup "$warmup"
until [ -s "$work/purge.done" ]; do
  open_run purge-during "$duration"
  now_ms >>"$work/purge-during.ends"
  if ! kill -0 "$app_pid" 2>/dev/null; then echo "OneTime stopped during the purge" >&2; tail -20 "$work/purge.log" >&2; exit 1; fi
done
echo "{\"started_ms\":$started,\"done_ms\":$(cat "$work/purge.done")}" >"$work/purge.time"
for ((i = 1; i <= runs; i++)); do open_run purge-after "$duration"; done
stop_app "$app_pid"

python3 bench/report.py --scale "$work" "$rows" \
  "wrk -t$threads -c$connections -d$duration (warm-up $warmup, $runs runs), open.lua" >"$work/scale.md"
cat "$work/scale.md"
if [ "$smoke" = 1 ]; then
  python3 bench/report.py --check-scale "$work"
else
  python3 bench/report.py --splice bench/results.md scale "$work/scale.md"
  say "Wrote bench/results.md"
fi
