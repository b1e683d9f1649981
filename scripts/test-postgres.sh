#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the test suite (installing Debian's package when missing) and prints
# the JDBC URL. Used by ./test; the PostgreSQL contract tests read EMD_TEST_POSTGRES_URL.
# Usage: eval "$(scripts/test-postgres.sh start)"   |   scripts/test-postgres.sh stop
set -euo pipefail
PGPORT=${EMD_TEST_PGPORT:-55432}
PGDATA=${EMD_TEST_PGDATA:-/tmp/emd-test-pg-$PGPORT}

find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  return 1
}

case "${1:-start}" in
  start)
    if ! BIN=$(find_bin); then
      echo "PostgreSQL not found; installing Debian's postgresql package" >&2
      if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
      $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
      BIN=$(find_bin) || { echo "error: PostgreSQL could not be installed" >&2; exit 1; }
    fi
    RUN=()
    if [ "$(id -u)" = 0 ]; then RUN=(runuser -u postgres --); fi  # initdb refuses to run as root
    if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      rm -rf "$PGDATA"; mkdir -p "$PGDATA"
      [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
      "${RUN[@]}" "$BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 >/dev/null
      "${RUN[@]}" "$BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
        -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
    fi
    echo "export EMD_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$PGPORT/postgres?user=postgres'"
    ;;
  stop)
    BIN=$(find_bin) || exit 0
    RUN=(); [ "$(id -u)" = 0 ] && RUN=(runuser -u postgres --)
    "${RUN[@]}" "$BIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
