#!/usr/bin/env bash
# The API tests through PgBouncer in session pooling mode (README "Operating it"), as CI runs
# them: a PgBouncer of its own on a free port, with a throwaway config, in front of the
# PostgreSQL at PGBOUNCER_TARGET (default 127.0.0.1:5432, trust auth), stopped afterwards.
#   scripts/pgbouncer-tests.sh [vitest files…]   (default: the set below)
set -euo pipefail
cd "$(dirname "$0")/.."
PATH=$PATH:/usr/sbin
command -v pgbouncer >/dev/null || { echo "pgbouncer is not installed (Debian: apt-get install pgbouncer)" >&2; exit 1; }

target=${PGBOUNCER_TARGET:-127.0.0.1:5432}
dir=$(mktemp -d)
pid=
# PgBouncer answers SIGTERM with a non-zero status; the run's own status is what counts.
stop() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap stop EXIT

port=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
# Each test file creates its own database and drops it (test/support/db.ts): the wildcard entry
# gives every new database a pool. The service sends these two at connect; PgBouncer refuses a
# client that sends a parameter it does not know unless it is ignored.
cat >"$dir/pgbouncer.ini" <<EOF
[databases]
* = host=${target%:*} port=${target#*:}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = session
max_client_conn = 400
default_pool_size = 60
ignore_startup_parameters = statement_timeout,idle_in_transaction_session_timeout
logfile = $dir/pgbouncer.log
EOF
echo '"postgres" ""' >"$dir/userlist.txt"
# PgBouncer will not run as root; as root, it changes to the postgres user once started.
if [ "$(id -u)" = 0 ]; then
  echo "user = postgres" >>"$dir/pgbouncer.ini"
  chmod 755 "$dir" && chown postgres "$dir"
fi

pgbouncer -q "$dir/pgbouncer.ini" &
pid=$!
for _ in $(seq 1 50); do pg_isready -h 127.0.0.1 -p "$port" -q && break; sleep 0.1; done
pg_isready -h 127.0.0.1 -p "$port"

# Every API test (in session mode a client keeps one server connection for its whole session,
# so none needs leaving out), the migrations racing for their advisory lock, and the replicas
# drill. The timeouts the service asks for at connect are dropped (the server's apply).
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(test/api test/db/concurrent-migrations.test.ts test/server/replicas.test.ts)
status=0
DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" npx vitest run "${files[@]}" || status=$?
[ "$status" = 0 ] || { echo "--- the end of PgBouncer's log:"; tail -n 40 "$dir/pgbouncer.log"; }
exit "$status"
