#!/usr/bin/env bash
# Two builds of OneTime side by side on SQLite: short create -> open pair runs, alternating A, B,
# A, B..., each on a fresh store, then the medians. On these shared machines a build measured an
# hour later can look 2x slower or faster; alternating runs share the machine's mood.
#
#   bench/compare.sh REV_A [REV_B]      git revisions (REV_B: the working tree), e.g. HEAD~1
#   bench/compare.sh --smoke            HEAD against the working tree, one short round
#
# Knobs (environment): BENCH_ROUNDS=5 BENCH_DURATION=5s BENCH_WARMUP=3s BENCH_CONNECTIONS=64
# BENCH_SERVER_ENV="NAME=value ..." (applied to both builds)
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
if [ "${1:-}" = --smoke ]; then smoke=1; shift; fi
rev_a=${1:-HEAD} rev_b=${2:-}
if [ "$smoke" = 1 ] && ! git rev-parse --verify --quiet HEAD >/dev/null 2>&1; then
  rev_a="" # not a git checkout: the working tree against itself
fi
if [ "$smoke" = 1 ]; then
  rounds=${BENCH_ROUNDS:-1} duration=${BENCH_DURATION:-1s} warmup=${BENCH_WARMUP:-1s} connections=${BENCH_CONNECTIONS:-16}
else
  rounds=${BENCH_ROUNDS:-5} duration=${BENCH_DURATION:-5s} warmup=${BENCH_WARMUP:-3s} connections=${BENCH_CONNECTIONS:-64}
fi

source bench/lib.sh
trap 'cleanup; git worktree prune' EXIT

# publish NAME REV : a Release build of the server at REV (none: the working tree) in $work/NAME
publish() {
  local name=$1 rev=$2 source=$root
  if [ -n "$rev" ]; then
    source="$work/src-$name"
    git worktree add --detach --quiet "$source" "$rev"
    cp -r "$root/src/OneTime.Server/node_modules" "$source/src/OneTime.Server/" 2>/dev/null || true
  fi
  say "Building $name (${rev:-working tree})"
  dotnet publish "$source/src/OneTime.Server" -c Release -nologo -clp:ErrorsOnly -v quiet -o "$work/$name" >&2
  if [ -n "$rev" ]; then git worktree remove --force "$source"; fi
}
publish a "$rev_a"
publish b "$rev_b"

export BENCH_LUA="$root/bench/lua" BENCH_MAX_LOGINS=1
for ((round = 1; round <= rounds; round++)); do
  for name in a b; do
    rm -rf "$work/db" && mkdir -p "$work/db"
    port=$(free_port)
    start_app "$name" "$port" env "${server_env[@]}" OneTime__Storage__ConnectionString="Data Source=$work/db/onetime.db" \
      dotnet "$work/$name/OneTime.Server.dll" --urls "http://127.0.0.1:$port"
    BENCH_OUT=/dev/null wrk -t2 -c"$connections" -d"$warmup" -s bench/lua/pair.lua "http://127.0.0.1:$port" >/dev/null
    cpu_before=$(cpu_ms "$app_pid")
    line=$(BENCH_OUT=/dev/null wrk -t2 -c"$connections" -d"$duration" -s bench/lua/pair.lua "http://127.0.0.1:$port" | grep '^{')
    echo "$name $(( $(cpu_ms "$app_pid") - cpu_before )) $line" >>"$work/runs"
    stop_app "$app_pid"
    say "round $round, $name: $line"
  done
done

python3 - "$work/runs" "${rev_a:-working tree}" "${rev_b:-working tree}" <<'PY'
import json, statistics, sys
runs = {"a": [], "b": []}
for line in open(sys.argv[1]):
    name, cpu_ms, result = line.split(" ", 2)
    result = json.loads(result)
    result["cpu_us"] = int(cpu_ms) * 1000 / max(result["requests"], 1)
    runs[name].append(result)
bad = [r for rs in runs.values() for r in rs if r["socket_errors"] or r["status_errors"] or r["bad"] or not r["requests"]]
print(f"| build | runs | pair req/s (median) | range | pairs/s | p99 ms (median) | server CPU µs/req |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, label in (("a", sys.argv[2]), ("b", sys.argv[3])):
    rs = runs[name]
    med = lambda key: statistics.median(r[key] for r in rs)
    print(f"| {label} | {len(rs)} | {med('rps'):,.0f} | {min(r['rps'] for r in rs):,.0f}–{max(r['rps'] for r in rs):,.0f} | "
          f"{med('opened') / statistics.median(r['seconds'] for r in rs):,.0f} | {med('p99_ms'):.2f} | {med('cpu_us'):.0f} |")
if bad:
    sys.exit(f"{len(bad)} run(s) had errors")
PY
