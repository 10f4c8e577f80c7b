#!/usr/bin/env bash
# Runs every OneTime test: installs what the tests need (Chromium, redis-server and PostgreSQL
# from Debian, the npm packages for the browser), builds, runs all test projects and the
# benchmarks' smoke modes, and ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Chromium for the browser tests; redis-server and PostgreSQL for the store tests, which start
# throwaway servers of their own (set REDIS_URL / ONETIME_TEST_POSTGRES to use existing ones);
# wrk for the benchmark smokes.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> Installing ${missing[*]} (Debian packages)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${missing[@]}" >/dev/null
fi

# PostgreSQL refuses to run as root; the test clusters run as this unprivileged user.
if [ "$(id -u)" = 0 ] && ! id pgtest >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin pgtest
fi

results=TestResults
rm -rf "$results"

echo "==> Building"
dotnet build OneTime.slnx -c Debug -nologo -clp:ErrorsOnly

echo "==> Testing"
status=0
dotnet test --solution OneTime.slnx --no-build --results-directory "$results" --report-xunit-trx || status=$?

# Read every TRX file once: name each failed test with its message (near the end of the output,
# where a reader of a long CI log looks first) and sum the counters, so the last line says what ran.
read -r total passed failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
sums = [0, 0, 0]
for trx in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    root = ET.parse(trx).getroot()
    counters = root.find(".//t:Counters", ns)
    if counters is not None:
        sums = [n + int(counters.get(key, 0)) for n, key in zip(sums, ("total", "passed", "failed"))]
    for result in root.iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
        message = result.findtext(".//t:Message", "", ns).strip()
        stack = result.findtext(".//t:StackTrace", "", ns).strip().splitlines()[:3]
        print(f"FAILED: {result.get('testName')}\n  " + "\n  ".join(message.splitlines()[:8] + stack), file=sys.stderr)
print(*sums)
PY
)
unit_tests=$total

# The benchmarks' smoke modes (a few seconds per store), so that bench/ cannot rot; each counts as a test.
for smoke in "bench/run.sh --smoke" "bench/scale.sh --smoke" "bench/compare.sh --smoke"; do
  echo "==> $smoke"
  total=$((total + 1))
  if $smoke >"$results/${smoke//[\/ ]/_}.log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $smoke; its output:" >&2
    tail -40 "$results/${smoke//[\/ ]/_}.log" >&2
  fi
done

if [ "$unit_tests" -eq 0 ]; then
  echo "No test ran." >&2
  status=1
elif [ "$failed" -gt 0 ] && [ "$status" -eq 0 ]; then
  status=1
fi

echo "$passed passed, $failed failed"
exit "$status"
