#!/usr/bin/env bash
# Installs (if missing) and starts a local PostgreSQL from Debian packages, creates the role and database the
# storage tests use, and prints the environment they read. Idempotent: run it as often as you like.
#
#   eval "$(.ci/postgres.sh)"                 # or
#   .ci/postgres.sh target/postgres.env && . target/postgres.env
#
# Needs root (or sudo) for apt-get and for acting as the postgres user. Works without systemd (pg_ctlcluster).
# Log lines go to stderr so that stdout holds only the export lines.
set -euo pipefail

PG_ROLE="${XMPPD_PG_ROLE:-xmppd}"
PG_PASSWORD="${XMPPD_PG_PASSWORD:-xmppd}"
PG_DATABASE="${XMPPD_PG_DATABASE:-xmppd_test}"
ENV_FILE="${1:-}"

log() { echo "postgres.sh: $*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

install_if_missing() {
    if command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        return
    fi
    log "installing postgresql from Debian packages"
    as_root apt-get update >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
}

# Prints "<version> <cluster> <port> <status>" of the first cluster, creating one if there is none.
first_cluster() {
    if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
        local version
        version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
        log "creating cluster $version/main"
        as_root pg_createcluster "$version" main >&2
    fi
    pg_lsclusters -h | head -n 1 | awk '{print $1, $2, $3, $4}'
}

start_cluster() {
    local version="$1" cluster="$2" status="$3"
    if [ "$status" != "online" ]; then
        log "starting cluster $version/$cluster"
        as_root pg_ctlcluster "$version" "$cluster" start >&2
    fi
}

psql_admin() {
    local port="$1"
    shift
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"
}

create_role_and_database() {
    local port="$1"
    # psql variables (:'x') quote the values; DO blocks cannot see them, hence format() on a temp setting.
    psql_admin "$port" -v role="$PG_ROLE" -v password="$PG_PASSWORD" <<'SQL'
SELECT set_config('xmppd.role', :'role', false), set_config('xmppd.password', :'password', false) \gset
DO $$
DECLARE
    r text := current_setting('xmppd.role');
    p text := current_setting('xmppd.password');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', r, p);
    ELSE
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', r, p);
    END IF;
END
$$;
SQL
    local exists
    exists="$(psql_admin "$port" -At -v db="$PG_DATABASE" <<'SQL'
SELECT 1 FROM pg_database WHERE datname = :'db';
SQL
)"
    if [ "$exists" != "1" ]; then
        log "creating database $PG_DATABASE"
        # A linguistic collation (as production databases usually have), not C: tests must not pass only
        # because the database happens to sort in binary order. ICU needs PostgreSQL 15+.
        local collation=()
        if [ "$(psql_admin "$port" -At -c 'SHOW server_version_num')" -ge 150000 ]; then
            collation=(--template=template0 --locale-provider=icu --icu-locale=en-US --locale=C.UTF-8)
        fi
        as_postgres createdb -p "$port" -O "$PG_ROLE" "${collation[@]}" "$PG_DATABASE" >&2
    fi
}

main() {
    install_if_missing
    local version cluster port status
    read -r version cluster port status <<<"$(first_cluster)"
    start_cluster "$version" "$cluster" "$status"
    create_role_and_database "$port"
    local exports
    exports="export XMPPD_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$port/$PG_DATABASE
export XMPPD_TEST_POSTGRES_USER=$PG_ROLE
export XMPPD_TEST_POSTGRES_PASSWORD=$PG_PASSWORD"
    if [ -n "$ENV_FILE" ]; then
        mkdir -p "$(dirname "$ENV_FILE")"
        printf '%s\n' "$exports" >"$ENV_FILE"
        log "wrote $ENV_FILE"
    fi
    printf '%s\n' "$exports"
}

main
