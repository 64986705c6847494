# Starts a throw-away PostgreSQL and Redis on 127.0.0.1 for the storage tests.
#
#   source test/services/start.sh   # from .ci/run or your shell: exports the URLs below,
#                                   # and stops both servers when that shell exits
#   bash test/services/start.sh     # prints the export lines and keeps the servers up until Ctrl-C
#
# Exports TOTP_ENROLL_PG_URL (postgres://postgres@127.0.0.1:PORT/postgres) and
# TOTP_ENROLL_REDIS_URL (redis://127.0.0.1:PORT/0). Needs Debian's `postgresql` (binaries under
# /usr/lib/postgresql/*/bin) and `redis-server`. Data lives in a temporary directory that is removed
# on exit; Redis keeps nothing on disk. Safe to source from a `set -euo pipefail` script: it only
# defines variables and functions prefixed with totp_enroll_ and chains onto any existing EXIT trap.

totp_enroll_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

totp_enroll_services_stop() {
  if [ -n "${TOTP_ENROLL_SERVICES_DIR:-}" ] && [ -d "${TOTP_ENROLL_SERVICES_DIR}" ]; then
    if [ -f "${TOTP_ENROLL_SERVICES_DIR}/pg/PG_VERSION" ]; then
      totp_enroll_as_pg "${TOTP_ENROLL_PG_BIN}/pg_ctl" -D "${TOTP_ENROLL_SERVICES_DIR}/pg" -m fast -w stop >/dev/null 2>&1 || true
    fi
    if [ -f "${TOTP_ENROLL_SERVICES_DIR}/redis.pid" ]; then
      kill "$(cat "${TOTP_ENROLL_SERVICES_DIR}/redis.pid")" 2>/dev/null || true
    fi
    rm -rf "${TOTP_ENROLL_SERVICES_DIR}"
  fi
  TOTP_ENROLL_SERVICES_DIR=''
}

# PostgreSQL refuses to run as root: as root, run its binaries as the `postgres` user.
totp_enroll_as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

totp_enroll_services_start() {
  local pg_bin redis_bin dir pg_port redis_port i
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "${pg_bin}" ] || [ ! -x "${pg_bin}/initdb" ]; then
    echo "start.sh: PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (apt-get install -y postgresql)" >&2
    return 1
  fi
  redis_bin="$(command -v redis-server || true)"
  if [ -z "${redis_bin}" ]; then
    echo "start.sh: redis-server not found (apt-get install -y redis-server)" >&2
    return 1
  fi
  TOTP_ENROLL_PG_BIN="${pg_bin}"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/totp-enroll-services.XXXXXX")"
  TOTP_ENROLL_SERVICES_DIR="${dir}"
  chmod 755 "${dir}"
  mkdir -p "${dir}/pg" "${dir}/sock" "${dir}/redis"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "${dir}/pg" "${dir}/sock"; fi

  pg_port="$(totp_enroll_free_port)"
  totp_enroll_as_pg "${pg_bin}/initdb" -D "${dir}/pg" -U postgres -A trust --no-sync -E UTF8 >"${dir}/initdb.log" 2>&1 || {
    cat "${dir}/initdb.log" >&2
    return 1
  }
  # fsync off: a test database needs no durability against an OS crash, only against a server stop.
  totp_enroll_as_pg "${pg_bin}/pg_ctl" -D "${dir}/pg" -l "${dir}/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p ${pg_port} -k ${dir}/sock -c fsync=off -c max_connections=200" \
    start >/dev/null || {
    cat "${dir}/pg/server.log" >&2
    return 1
  }
  for i in $(seq 1 60); do
    if "${pg_bin}/pg_isready" -q -h 127.0.0.1 -p "${pg_port}"; then break; fi
    sleep 0.5
  done
  "${pg_bin}/pg_isready" -q -h 127.0.0.1 -p "${pg_port}" || { echo "start.sh: PostgreSQL did not become ready" >&2; return 1; }

  redis_port="$(totp_enroll_free_port)"
  "${redis_bin}" --bind 127.0.0.1 --port "${redis_port}" --dir "${dir}/redis" --save '' --appendonly no \
    --daemonize yes --pidfile "${dir}/redis.pid" --logfile "${dir}/redis.log" >/dev/null
  for i in $(seq 1 60); do
    if [ "$(redis-cli -h 127.0.0.1 -p "${redis_port}" ping 2>/dev/null || true)" = PONG ]; then break; fi
    sleep 0.5
  done
  [ "$(redis-cli -h 127.0.0.1 -p "${redis_port}" ping 2>/dev/null || true)" = PONG ] || {
    echo "start.sh: Redis did not become ready" >&2
    cat "${dir}/redis.log" >&2 || true
    return 1
  }

  export TOTP_ENROLL_PG_URL="postgres://postgres@127.0.0.1:${pg_port}/postgres"
  export TOTP_ENROLL_REDIS_URL="redis://127.0.0.1:${redis_port}/0"
  echo "start.sh: PostgreSQL $("${pg_bin}/postgres" --version | awk '{print $3}') at ${TOTP_ENROLL_PG_URL}"
  echo "start.sh: Redis $("${redis_bin}" --version | awk '{print $3}' | sed 's/^v=//') at ${TOTP_ENROLL_REDIS_URL}"
}

# Chain onto an EXIT trap the caller may already have (`trap -p` output re-parsed by the shell).
totp_enroll_prev_trap=''
if [ -n "$(trap -p EXIT)" ]; then
  eval "totp_enroll_set_prev() { totp_enroll_prev_trap=\"\$3\"; }; totp_enroll_set_prev $(trap -p EXIT)"
fi
trap 'totp_enroll_services_stop; eval "${totp_enroll_prev_trap:-:}"' EXIT
if ! totp_enroll_services_start; then
  totp_enroll_services_stop
  if [ "${BASH_SOURCE[0]}" != "$0" ]; then return 1; else exit 1; fi
fi

# Executed rather than sourced: keep the servers up until interrupted.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  echo "export TOTP_ENROLL_PG_URL='${TOTP_ENROLL_PG_URL}'"
  echo "export TOTP_ENROLL_REDIS_URL='${TOTP_ENROLL_REDIS_URL}'"
  echo "start.sh: servers running; press Ctrl-C to stop them"
  trap 'exit 0' INT TERM
  while true; do sleep 3600 & wait $!; done
fi
