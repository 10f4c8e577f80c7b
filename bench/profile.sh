#!/usr/bin/env bash
# CPU profile of OneTime under load (the create -> open pairs unless SCRIPT=create.lua or open.lua):
#   bench/profile.sh [sqlite|redis CONN|postgres CONN]
# With perf installed: perf samples of on-CPU time, JIT frames named through DOTNET_PerfMapEnabled;
# otherwise dotnet-trace's sampled thread time (dotnet tool install -g dotnet-trace).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$HOME/.dotnet/tools"
store=${1:-sqlite}
work=$(mktemp -d "${TMPDIR:-/var/tmp}/onetime-profile-XXXXXX")
dotnet publish src/OneTime.Server -c Release -nologo -clp:ErrorsOnly -v quiet -o "$work/server" >&2
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
connection=${2:-"Data Source=$work/onetime.db"}
env OneTime__RateLimits__CreatesPerMinute=1000000 OneTime__RateLimits__OpensPerMinute=1000000 \
  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning OneTime__Storage__Provider="$store" OneTime__Storage__ConnectionString="$connection" \
  dotnet "$work/server/OneTime.Server.dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.05; done
export BENCH_LUA="$PWD/bench/lua"
wrk -t2 -c64 -d25s -s "bench/lua/${SCRIPT:-pair.lua}" "http://127.0.0.1:$port" >&2 &
load=$!
sleep 8
if command -v perf >/dev/null 2>&1; then
  perf record -F 999 -p "$pid" -o "$work/perf.data" -- sleep 10 2>/dev/null
  wait $load
  perf report -i "$work/perf.data" --stdio --no-children --sort dso,sym 2>/dev/null | grep -E '^ +[0-9]' >"$work/symbols.txt" || true
  head -"${TOP:-40}" "$work/symbols.txt"
  echo "--- JIT code by assembly"
  python3 - "$work/symbols.txt" <<'PY'
import re, sys, collections
shares = collections.Counter()
for line in open(sys.argv[1]):
    if "[JIT]" in line:
        m = re.search(r"\[([^\]\s]+)\] [^\s\[]+::", line)
        shares[m.group(1) if m else "(stubs)"] += float(line.split("%")[0])
for assembly, share in shares.most_common(15):
    print(f"{share:7.2f}%  {assembly}")
PY
  echo "--- by DSO"
  perf report -i "$work/perf.data" --stdio --no-children --sort dso 2>/dev/null | grep -E '^ +[0-9]' | head -20 || true
  exit 0
fi
dotnet-trace collect -p "$pid" --profile dotnet-sampled-thread-time --duration 00:00:00:10 -o "$work/trace.nettrace" >/dev/null
wait $load
dotnet-trace report "$work/trace.nettrace" topN -n "${TOP:-40}" --inclusive 2>/dev/null || true
dotnet-trace report "$work/trace.nettrace" topN -n "${TOP:-40}" 2>/dev/null || true
