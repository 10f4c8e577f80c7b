"""Turns the JSON lines bench/run.sh collected into Markdown, or checks a smoke run for errors.

    report.py WORK BUILD SMOKE STORES COMMAND   -> Markdown on stdout
    report.py --check WORK STORES               -> exit 1 if any run had an error or did nothing
    report.py --splice FILE BUILD REPORT        -> put REPORT between FILE's markers for BUILD
    report.py --scale WORK ROWS COMMAND         -> Markdown of bench/scale.sh's runs on stdout
    report.py --check-scale WORK                -> exit 1 if a scale run had an error or did nothing
"""
import json
import os
import platform
import statistics
import subprocess
import sys
from datetime import datetime, timezone

SCENARIOS = [("create", "create only"), ("open", "open only"), ("pair", "create → open pairs")]


def runs(work, label):
    path = os.path.join(work, label + ".jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def cpu_per_request(work, label, found):
    """Median server CPU time per request, in microseconds (the .cpu file holds ms per run)."""
    path = os.path.join(work, label + ".cpu")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        cpu = [int(line) for line in f if line.strip()]
    if len(cpu) != len(found):
        return None
    return statistics.median(c * 1000 / r["requests"] for c, r in zip(cpu, found) if r["requests"])


def errors(run):
    return run["socket_errors"] + run["status_errors"] + run.get("bad", 0) + run.get("exhausted", 0)


def check(work, stores):
    failed = []
    for label in ["baseline"] + [f"{s}-{k}" for s in stores for k, _ in SCENARIOS]:
        found = runs(work, label)
        if not found:
            failed.append(f"{label}: no run recorded")
        for run in found:
            if run["requests"] == 0 or errors(run) > 0:
                failed.append(f"{label}: {json.dumps(run)}")
    for line in failed:
        print("bench smoke FAILED: " + line, file=sys.stderr)
    if not failed:
        print("bench smoke: every store answered every scenario without an error", file=sys.stderr)
    return 1 if failed else 0


def median(found, key):
    return statistics.median(r[key] for r in found)


def fmt(value):
    return "" if value is None else f"{value:.0f}"


def mb(kb):
    return f"{kb / 1024:.0f} MB"


def shell(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True, timeout=20).stdout.strip()
    except Exception:  # noqa: BLE001 - a missing tool only blanks one line of the report
        return "?"


def machine():
    cpu = shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    memory = shell("free -g | awk '/Mem:/ {print $2}'")
    wrk_version = shell("wrk -v 2>&1 | head -1 | cut -d' ' -f1-2")
    return (f"{cpu}, {os.cpu_count()} cores, {memory} GiB RAM; Linux {platform.release()}; "
            f".NET {shell('dotnet --version')} SDK; {wrk_version}; "
            f"load average before the report {os.getloadavg()[0]:.1f}")


def report(work, build, smoke, stores, command):
    baseline = runs(work, "baseline")
    base_rps = median(baseline, "rps") if baseline else None
    lines = [
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit {shell('git rev-parse --short HEAD')}, "
        f"{build.upper()} build{' (smoke run)' if smoke == '1' else ''}.",
        f"Machine: {machine()}.",
        f"Load: `{command}`; medians of the runs, latency over every request of the run; "
        "rps range = slowest–fastest run.",
        "",
        "| store | scenario | req/s (median) | rps range | ops/s | p50 ms | p99 ms | max ms | errors | vs baseline | server CPU µs/req |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    if baseline:
        lines.append(
            f"| bare Kestrel | POST 1 KB JSON → id | {base_rps:,.0f} | "
            f"{min(r['rps'] for r in baseline):,.0f}–{max(r['rps'] for r in baseline):,.0f} | | "
            f"{median(baseline, 'p50_ms'):.2f} | {median(baseline, 'p99_ms'):.2f} | {median(baseline, 'max_ms'):.1f} | "
            f"{sum(errors(r) for r in baseline)} | 1.00 | {fmt(cpu_per_request(work, 'baseline', baseline))} |")
    for store in stores:
        for key, name in SCENARIOS:
            found = runs(work, f"{store}-{key}")
            if not found:
                continue
            rps = median(found, "rps")
            if key == "pair":
                ops = f"{statistics.median(r['opened'] / r['seconds'] for r in found):,.0f} pairs/s"
            elif key == "open":
                ops = f"{statistics.median(r['opened'] / r['seconds'] for r in found):,.0f} opens/s"
            else:
                ops = f"{statistics.median(r['created'] / r['seconds'] for r in found):,.0f} creates/s"
            ratio = f"{rps / base_rps:.2f}" if base_rps else ""
            lines.append(
                f"| {store} | {name} | {rps:,.0f} | {min(r['rps'] for r in found):,.0f}–{max(r['rps'] for r in found):,.0f} | "
                f"{ops} | {median(found, 'p50_ms'):.2f} | {median(found, 'p99_ms'):.2f} | {median(found, 'max_ms'):.1f} | "
                f"{sum(errors(r) for r in found)} | {ratio} | {fmt(cpu_per_request(work, f'{store}-{key}', found))} |")
    lines += ["", "| process | time to first answered request | RSS idle | RSS peak |", "|---|---:|---:|---:|"]
    for store in stores:
        path = os.path.join(work, store + ".mem")
        if os.path.exists(path):
            with open(path) as f:
                mem = json.load(f)
            lines.append(f"| OneTime on {store} | {mem['startup_ms']} ms | {mb(mem['idle_kb'])} | {mb(mem['peak_kb'])} |")
    path = os.path.join(work, "baseline.mem")
    if os.path.exists(path):
        with open(path) as f:
            lines.append(f"| bare Kestrel | | | {mb(json.load(f)['pid_peak_kb'])} |")
    return "\n".join(lines) + "\n"


SCALE_CASES = [("1k", "1,000 live secrets"), ("1m", "{rows} live secrets"),
               ("purge-during", "while purging {rows} expired secrets"), ("purge-after", "the same server after the purge")]


def scale_runs(work, label):
    found = runs(work, label)
    if label != "purge-during":
        return found
    # Only the runs that ended before the sweeper was done ran wholly during the purge.
    path = os.path.join(work, "purge-during.ends")
    ends = [int(line) for line in open(path)] if os.path.exists(path) else []
    with open(os.path.join(work, "purge.time")) as f:
        done = json.load(f)["done_ms"]
    return [run for run, end in zip(found, ends) if end <= done]


def scale_errors(run):
    # Every secret of the fill has a million logins, so wrapping round the ids ("exhausted") is fine.
    return run["socket_errors"] + run["status_errors"] + run.get("bad", 0)


def scale_report(work, rows, command):
    rows = f"{int(rows):,}"
    lines = [
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit {shell('git rev-parse --short HEAD')}, JIT build, SQLite.",
        f"Machine: {machine()}.",
        f"Load: `{command}`; medians of the runs.",
        "",
        "| store holds | runs | opens/s (median) | p50 ms | p99 ms | max ms | errors | p50 vs 1,000 | p99 vs 1,000 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    small = runs(work, "1k")
    for label, name in SCALE_CASES:
        found = scale_runs(work, label)
        if not found:
            lines.append(f"| {name.format(rows=rows)} | 0 | | | | | | | |")
            continue
        versus = lambda key: f"{median(found, key) / median(small, key):.2f}x" if small else ""
        lines.append(
            f"| {name.format(rows=rows)} | {len(found)} | {median(found, 'rps'):,.0f} | {median(found, 'p50_ms'):.2f} | "
            f"{median(found, 'p99_ms'):.2f} | {median(found, 'max_ms'):.1f} | {sum(scale_errors(r) for r in found)} | "
            f"{versus('p50_ms')} | {versus('p99_ms')} |")
    during, after = scale_runs(work, "purge-during"), runs(work, "purge-after")
    with open(os.path.join(work, "purge.time")) as f:
        times = json.load(f)
    lines += ["", f"The sweeper purged {rows} expired secrets in {(times['done_ms'] - times['started_ms']) / 1000:.1f} s"
              + (f"; open p99 during the purge was {median(during, 'p99_ms') / median(after, 'p99_ms'):.2f}x "
                 "the p99 after it." if during and after else "; no run fell wholly within the purge.")]
    for label in ("1k", "1m"):
        path = os.path.join(work, label + ".size")
        if os.path.exists(path):
            with open(path) as f:
                size = json.load(f)
            lines.append(f"The {label} store: {size['rows']:,} rows, {size['db_mb']:,} MB on disk.")
    return "\n".join(lines) + "\n"


def check_scale(work):
    failed = [f"{label}: no run recorded" for label in ("1k", "1m", "purge-after") if not runs(work, label)]
    for label in ("1k", "1m", "purge-during", "purge-after"):
        failed += [f"{label}: {json.dumps(r)}" for r in runs(work, label) if r["requests"] == 0 or scale_errors(r) > 0]
    for line in failed:
        print("bench scale smoke FAILED: " + line, file=sys.stderr)
    if not failed:
        print("bench scale smoke: every case answered every open", file=sys.stderr)
    return 1 if failed else 0


def splice(path, build, report_path):
    """Replaces the measured part of results.md, keeping the written analysis around it."""
    begin, end = f"<!-- bench:{build} -->", f"<!-- /bench:{build} -->"
    with open(report_path) as f:
        measured = f"{begin}\n{f.read()}{end}"
    text = open(path).read() if os.path.exists(path) else "# OneTime benchmark results\n"
    if begin in text and end in text:
        text = text[:text.index(begin)] + measured + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + f"\n\n## {build.upper()} build\n\n{measured}\n"
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    if sys.argv[1] == "--scale":
        print(scale_report(sys.argv[2], sys.argv[3], sys.argv[4]), end="")
    elif sys.argv[1] == "--check-scale":
        sys.exit(check_scale(sys.argv[2]))
    elif sys.argv[1] == "--splice":
        splice(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2], sys.argv[3].split()))
    else:
        print(report(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(), sys.argv[5]), end="")
