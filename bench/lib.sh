# Shared by bench/run.sh and bench/scale.sh: helpers, a work folder that is removed on exit, wrk,
# and throwaway Redis and PostgreSQL servers started as the tests start them. Sourced from the
# repository root; sets work, pids and root.
root=$(pwd)
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
# CPU time (user + system, ms) a process used so far: a measure that shared-machine noise hardly moves.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
say() { echo "==> $*" >&2; }

if ! command -v wrk >/dev/null 2>&1; then
  say "Installing wrk (Debian package)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=900 install -y -qq wrk >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/var/tmp}/onetime-bench-XXXXXX")
[ "$(id -u)" = 0 ] && chmod 755 "$work"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${pg_data:-}" ] && [ -d "$pg_data" ] && as_pg "$pg_ctl" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# OneTime's settings for a load run: rate limits raised through configuration (the code keeps
# them), logs at Warning unless BENCH_LOGS=info, plus BENCH_SERVER_ENV="NAME=value ...".
server_env=(OneTime__RateLimits__CreatesPerMinute=1000000 OneTime__RateLimits__OpensPerMinute=1000000)
if [ "${BENCH_LOGS:-warning}" = warning ]; then
  server_env+=(Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning)
fi
read -r -a extra_env <<<"${BENCH_SERVER_ENV:-}"
server_env+=("${extra_env[@]}")

# ---- Processes -------------------------------------------------------------------------------
# start_app NAME PORT CMD... : starts a process in the background, waits for /healthz, and sets
# app_pid and startup_ms (process start to first answered request).
start_app() {
  local name=$1 port=$2; shift 2
  local started; started=$(now_ms)
  "$@" >"$work/$name.log" 2>&1 &
  app_pid=$!
  pids+=("$app_pid")
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
    if ! kill -0 "$app_pid" 2>/dev/null; then
      echo "$name did not start:" >&2; tail -20 "$work/$name.log" >&2; exit 1
    fi
    sleep 0.005
  done
  startup_ms=$(( $(now_ms) - started ))
}

stop_app() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# ---- Throwaway Redis and PostgreSQL, as the tests start them ---------------------------------
start_redis() {
  local port; port=$(free_port)
  mkdir -p "$work/redis"
  # Append-only file with fsync every second: Redis's own recommended durability.
  redis-server --bind 127.0.0.1 --port "$port" --dir "$work/redis" --save '' --appendonly yes \
    --appendfsync everysec --daemonize no --loglevel warning >"$work/redis.log" 2>&1 &
  pids+=("$!")
  until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.05; done
  store_connection="127.0.0.1:$port"
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u pgtest -- "$@"; else "$@"; fi; }
start_postgres() {
  local port bin; port=$(free_port)
  bin=$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")
  pg_ctl="$bin/pg_ctl"
  if [ "$(id -u)" = 0 ]; then
    id pgtest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin pgtest
    mkdir -p "$work/pg"; chown pgtest "$work/pg"
  else
    mkdir -p "$work/pg"
  fi
  pg_data="$work/pg/data"
  as_pg "$bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --no-locale --no-sync >/dev/null
  # Durable defaults (fsync, synchronous_commit on): the same promise the SQLite figures keep.
  as_pg "$pg_ctl" -D "$pg_data" -l "$work/pg/log" -w -t 60 -o \
    "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
  store_connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}

stop_postgres() { as_pg "$pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true; pg_data=; }

