#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on loopback only.
#
#   source .ci/postgres.sh && pg_start    # exports RASD_TEST_PG
#   pg_stop                               # stops it and deletes its folder
#
# Installs Debian's postgresql when it is missing (CI runs as root). The cluster
# lives in a temporary folder owned by the `postgres` user (initdb refuses root),
# listens on 127.0.0.1:$RASD_PG_PORT (a free port by default) and keeps its socket in that folder, so it
# never touches a system cluster. Trust authentication is fine: loopback, temp, test-only.

RASD_PG_DIR=""

_pg_as() {
    # run a command as the postgres user (root -> runuser; otherwise as we are)
    # from /, which the postgres user can always read (the checkout may not be)
    if [ "$(id -u)" = "0" ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

pg_install() {
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        if [ "$(id -u)" != "0" ]; then
            echo "postgres.sh: PostgreSQL is not installed and we are not root; skipping" >&2
            return 1
        fi
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
}

pg_start() {
    pg_install || return 1
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    # a free loopback port unless one is given
    RASD_PG_PORT="${RASD_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
    RASD_PG_DIR="$(mktemp -d /tmp/rasd-pg.XXXXXX)"
    if [ "$(id -u)" = "0" ]; then
        chown postgres: "$RASD_PG_DIR"
    fi
    _pg_as "$bin/initdb" -D "$RASD_PG_DIR/data" -U rasd -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    _pg_as "$bin/pg_ctl" -D "$RASD_PG_DIR/data" -l "$RASD_PG_DIR/log" -w -t 60 \
        -o "-h 127.0.0.1 -p $RASD_PG_PORT -k $RASD_PG_DIR -c fsync=off -c synchronous_commit=off -c max_connections=200" \
        start >/dev/null
    _pg_as "$bin/createdb" -h 127.0.0.1 -p "$RASD_PG_PORT" -U rasd rasd_test
    export RASD_TEST_PG="postgresql://rasd@127.0.0.1:$RASD_PG_PORT/rasd_test"
    export RASD_PG_BIN="$bin"
    echo "postgres.sh: test cluster at $RASD_TEST_PG" >&2
}

pg_stop() {
    if [ -n "$RASD_PG_DIR" ] && [ -d "$RASD_PG_DIR/data" ]; then
        _pg_as "$RASD_PG_BIN/pg_ctl" -D "$RASD_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$RASD_PG_DIR"
    fi
    RASD_PG_DIR=""
}
