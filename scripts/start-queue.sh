#!/usr/bin/env bash
# `npm run start:queue`: n8n in queue mode, as teams run it once one instance is not enough:
#   Redis       n8n's queue (Bull); the turns live in another database of it (or a Redis of their own)
#   PostgreSQL  n8n's database, shared by all n8n processes
#   n8n start   editor, REST API and webhooks; enqueues every execution
#   n8n worker  x QUEUE_WORKERS (default 2): run the executions
# with this package and its companion n8n-nodes-lead-scoring-redis (Route to Sales (Redis)) installed, the templates
# imported, the turn-store credentials made from the Redis settings, and the queue-mode template
# (queue-fair-turns.json) published. The same variables the e2e test sets (test/e2e/queue.ts); docs/n8n-runtime.md
# lists what a production deployment needs. Ctrl+C stops what this script started (never an existing server).
#
# Existing servers (nothing is started for what is given), as n8n's own variables name them, or as URLs:
#   QUEUE_BULL_REDIS_HOST, QUEUE_BULL_REDIS_PORT, QUEUE_BULL_REDIS_USERNAME, QUEUE_BULL_REDIS_PASSWORD,
#   QUEUE_BULL_REDIS_DB                         or  REDIS_URL=redis://[user:password@]host:port[/db]
#   DB_POSTGRESDB_HOST, DB_POSTGRESDB_PORT, DB_POSTGRESDB_DATABASE, DB_POSTGRESDB_USER, DB_POSTGRESDB_PASSWORD
#                                               or  DATABASE_URL=postgres://user:password@host:port/database
#   TURNS_REDIS_URL  where the turns live (default: the queue's Redis, database TURNS_REDIS_DB, default 1): a Redis
#                    shared with the queue: when it goes away, every n8n process exits (docs/route-to-sales.md)
# Ports and folders:
#   N8N_USER_FOLDER  n8n's home, shared by main and workers (default .n8n-queue-home/, git-ignored); the Redis and
#                    PostgreSQL this script starts keep their data in its queue/ folder and survive restarts
#   N8N_PORT         editor and webhooks (default 5678); REDIS_PORT (default N8N_PORT + 20) and PG_PORT (default
#                    N8N_PORT + 21) for the servers this script starts; task-runner brokers on N8N_PORT + 12
#                    (main) and + 13, + 14 ... (workers)
#   QUEUE_WORKERS    number of workers (default 2); WORKER_CONCURRENCY executions per worker (default 10)
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0; fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/n8n-lib.sh

export N8N_USER_FOLDER="${N8N_USER_FOLDER:-$ROOT/.n8n-queue-home}"
export N8N_PORT="${N8N_PORT:-5678}"
WORKERS="${QUEUE_WORKERS:-2}"
CONCURRENCY="${WORKER_CONCURRENCY:-10}"
REDIS_PORT="${REDIS_PORT:-$((N8N_PORT + 20))}"
PG_PORT="${PG_PORT:-$((N8N_PORT + 21))}"

# --- URLs into n8n's own variables (a variable set explicitly wins over the URL).
url_part() { node -e 'const u = new URL(process.argv[1]); const p = process.argv[2];
  const v = { host: u.hostname.replace(/^\[|\]$/g, ""), port: u.port, user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), path: u.pathname.replace(/^\//, "") }[p];
  process.stdout.write(v || "")' "$1" "$2"; }
if [ -n "${REDIS_URL:-}" ]; then
  : "${QUEUE_BULL_REDIS_HOST:=$(url_part "$REDIS_URL" host)}" "${QUEUE_BULL_REDIS_PORT:=$(url_part "$REDIS_URL" port)}"
  : "${QUEUE_BULL_REDIS_USERNAME:=$(url_part "$REDIS_URL" user)}" "${QUEUE_BULL_REDIS_PASSWORD:=$(url_part "$REDIS_URL" password)}"
  : "${QUEUE_BULL_REDIS_DB:=$(url_part "$REDIS_URL" path)}"
fi
if [ -n "${DATABASE_URL:-}" ]; then
  : "${DB_POSTGRESDB_HOST:=$(url_part "$DATABASE_URL" host)}" "${DB_POSTGRESDB_PORT:=$(url_part "$DATABASE_URL" port)}"
  : "${DB_POSTGRESDB_USER:=$(url_part "$DATABASE_URL" user)}" "${DB_POSTGRESDB_PASSWORD:=$(url_part "$DATABASE_URL" password)}"
  : "${DB_POSTGRESDB_DATABASE:=$(url_part "$DATABASE_URL" path)}"
fi
DATA="$N8N_USER_FOLDER/queue"
mkdir -p "$DATA"

pids=()
stop_all() {
  trap - EXIT INT TERM
  echo "Stopping n8n, Redis and PostgreSQL..." >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # runuser does not pass the signal on to the postmaster it started: stop PostgreSQL by its own pid file.
  if [ -n "${OWN_PG:-}" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then kill -TERM "$(head -n 1 "$PG_DIR/data/postmaster.pid")" 2>/dev/null || true; fi
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

if [ -z "${QUEUE_BULL_REDIS_HOST:-}" ]; then
  # --- Redis: password from a file made once; append-only file so turns and queued jobs survive a restart.
  [ -f "$DATA/redis-password" ] || (umask 077 && openssl rand -hex 16 > "$DATA/redis-password")
  REDIS_PASSWORD="$(cat "$DATA/redis-password")"
  mkdir -p "$DATA/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$DATA/redis" --appendonly yes --requirepass "$REDIS_PASSWORD" \
    --daemonize no > "$DATA/redis.log" 2>&1 &
  pids+=($!)
  QUEUE_BULL_REDIS_HOST=127.0.0.1 QUEUE_BULL_REDIS_PORT="$REDIS_PORT" QUEUE_BULL_REDIS_PASSWORD="$REDIS_PASSWORD" OWN_REDIS=1
fi

if [ -z "${DB_POSTGRESDB_HOST:-}" ]; then
  # --- PostgreSQL: initdb refuses root, so as root the server runs as the postgres user in a dir it owns.
  # No pipe (pipefail would end the script silently when no PostgreSQL is installed): the glob, then the newest.
  if [ -z "${PG_BIN:-}" ]; then
    for candidate in /usr/lib/postgresql/*/bin; do if [ -d "$candidate" ]; then PG_BIN="$candidate"; fi; done
  fi
  [ -n "${PG_BIN:-}" ] || { echo "No PostgreSQL server found under /usr/lib/postgresql: bash .ci/debian-packages.sh installs it, or give DB_POSTGRESDB_HOST / DATABASE_URL" >&2; exit 1; }
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL is not installed: bash .ci/debian-packages.sh" >&2; exit 1; }
  as_pg=()
  PG_DIR="$DATA/postgres"
  if [ "$(id -u)" -eq 0 ]; then
    as_pg=(runuser -u postgres --)
    # The postgres user must be able to reach its dir; a home it cannot traverse gets the data under /var/lib.
    if ! runuser -u postgres -- test -x "$DATA"; then PG_DIR="/var/lib/n8n-lead-scoring-queue/$(echo "$DATA" | md5sum | cut -c1-12)"; fi
  fi
  [ -f "$DATA/postgres-password" ] || (umask 077 && openssl rand -hex 16 > "$DATA/postgres-password")
  PG_PASSWORD="$(cat "$DATA/postgres-password")"
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    mkdir -p "$PG_DIR"
    install -m 600 "$DATA/postgres-password" "$PG_DIR/pwfile"
    [ ${#as_pg[@]} -eq 0 ] || chown -R postgres: "$PG_DIR"
    "${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --no-instructions > "$DATA/initdb.log" 2>&1 || { cat "$DATA/initdb.log" >&2; exit 1; }
    rm -f "$PG_DIR/pwfile"
  fi
  "${as_pg[@]}" "$PG_BIN/postgres" -D "$PG_DIR/data" -p "$PG_PORT" -k "$PG_DIR" -c listen_addresses=127.0.0.1 > "$DATA/postgres.log" 2>&1 &
  pids+=($!); OWN_PG=1
  for _ in $(seq 1 60); do "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.5; done
  "${as_pg[@]}" "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'n8n'" | grep -q 1 \
    || "${as_pg[@]}" "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE n8n"
  DB_POSTGRESDB_HOST=127.0.0.1 DB_POSTGRESDB_PORT="$PG_PORT" DB_POSTGRESDB_DATABASE=n8n DB_POSTGRESDB_USER=postgres DB_POSTGRESDB_PASSWORD="$PG_PASSWORD" OWN_PG=1
fi
if [ -n "${OWN_REDIS:-}" ]; then
  for _ in $(seq 1 40); do redis-cli -p "$REDIS_PORT" -a "$REDIS_PASSWORD" --no-auth-warning ping 2>/dev/null | grep -q PONG && break; sleep 0.25; done
fi

# --- n8n: the same variables for main and workers; one encryption key for all (it decrypts the credentials).
[ -f "$DATA/encryption-key" ] || (umask 077 && openssl rand -hex 24 > "$DATA/encryption-key")
export EXECUTIONS_MODE=queue
export QUEUE_BULL_REDIS_HOST QUEUE_BULL_REDIS_PORT="${QUEUE_BULL_REDIS_PORT:-6379}"
[ -z "${QUEUE_BULL_REDIS_PASSWORD:-}" ] || export QUEUE_BULL_REDIS_PASSWORD
[ -z "${QUEUE_BULL_REDIS_USERNAME:-}" ] || export QUEUE_BULL_REDIS_USERNAME
[ -z "${QUEUE_BULL_REDIS_DB:-}" ] || export QUEUE_BULL_REDIS_DB
export DB_TYPE=postgresdb DB_POSTGRESDB_HOST DB_POSTGRESDB_PORT="${DB_POSTGRESDB_PORT:-5432}" DB_POSTGRESDB_DATABASE="${DB_POSTGRESDB_DATABASE:-n8n}"
export DB_POSTGRESDB_USER="${DB_POSTGRESDB_USER:-postgres}" DB_POSTGRESDB_PASSWORD="${DB_POSTGRESDB_PASSWORD:-}"
export N8N_ENCRYPTION_KEY="$(cat "$DATA/encryption-key")"
export OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true
# Keep the last finished jobs in Bull: with n8n's default (remove at once) a webhook whose execution a worker
# finishes before the main starts waiting for it never answers (docs/n8n-runtime.md, "Queue mode").
export N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED="${N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED:-1000}"
export N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED="${N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED:-1000}"
export N8N_LISTEN_ADDRESS=127.0.0.1 N8N_HOST=127.0.0.1

build_and_install_package "$N8N_USER_FOLDER"
# The companion (Route to Sales (Redis), the atomic store), built from the same sources, installed beside it.
companion_dir="$(mktemp -d)"
bash scripts/install-package.sh "$(node scripts/build-companion.js --pack "$companion_dir")" "$N8N_USER_FOLDER" >/dev/null
rm -rf "$companion_dir"

# --- The turns' Redis: its own URL, or the queue's Redis in another database (1 by default).
TURNS_REDIS_URL="${TURNS_REDIS_URL:-}"
if [ -n "$TURNS_REDIS_URL" ]; then
  T_HOST="$(url_part "$TURNS_REDIS_URL" host)" T_PORT="$(url_part "$TURNS_REDIS_URL" port)"
  T_USER="$(url_part "$TURNS_REDIS_URL" user)" T_PASSWORD="$(url_part "$TURNS_REDIS_URL" password)" T_DB="$(url_part "$TURNS_REDIS_URL" path)"
else
  T_HOST="$QUEUE_BULL_REDIS_HOST" T_PORT="$QUEUE_BULL_REDIS_PORT" T_USER="${QUEUE_BULL_REDIS_USERNAME:-}"
  T_PASSWORD="${QUEUE_BULL_REDIS_PASSWORD:-}" T_DB="${TURNS_REDIS_DB:-1}"
fi
# Two credentials with fixed ids (a restart updates them): n8n's own Redis, for the template's Increment, and the
# companion's Lead Scoring Redis API, for Route to Sales (Redis). n8n encrypts them with N8N_ENCRYPTION_KEY.
credentials_file="$DATA/turn-credentials.json"
(umask 077 && T_HOST="$T_HOST" T_PORT="${T_PORT:-6379}" T_USER="$T_USER" T_PASSWORD="$T_PASSWORD" T_DB="${T_DB:-0}" node -e '
  const e = process.env, data = { host: e.T_HOST, port: Number(e.T_PORT), password: e.T_PASSWORD, database: Number(e.T_DB) || 0 };
  const user = e.T_USER ? { user: e.T_USER } : {};
  console.log(JSON.stringify([
    { id: "queueTurnCounter", name: "Turn counter (Redis)", type: "redis", data: { ...data, ...user } },
    { id: "queueTurnStore01", name: "Turn store (Lead Scoring Redis API)", type: "leadScoringRedisApi", data: { ...data, ...user } },
  ]))' > "$credentials_file")
N8N_RUNNERS_BROKER_PORT=$((N8N_PORT + 12)) "$N8N_BIN" import:credentials --input="$credentials_file" >&2
rm -f "$credentials_file"

# --- Templates: all imported (a user's edits kept); the queue-mode one wired to the turn counter and published.
queue_template="$DATA/queue-fair-turns.json"
node -e '
  const t = JSON.parse(require("fs").readFileSync("templates/queue-fair-turns.json", "utf8"));
  for (const n of t.nodes) if (n.type === "n8n-nodes-base.redis") n.credentials = { redis: { id: "queueTurnCounter", name: "Turn counter (Redis)" } };
  delete t.pinData;
  process.stdout.write(JSON.stringify(t));' > "$queue_template"
others=()
for file in templates/*.json; do [ "$(basename "$file")" = queue-fair-turns.json ] || others+=("$file"); done
N8N_RUNNERS_BROKER_PORT=$((N8N_PORT + 12)) import_workflows "$N8N_USER_FOLDER" "${others[@]}" "$queue_template" >/dev/null
N8N_RUNNERS_BROKER_PORT=$((N8N_PORT + 12)) "$N8N_BIN" publish:workflow --id="$(node -p 'require("./templates/queue-fair-turns.json").id')" >&2

N8N_RUNNERS_BROKER_PORT=$((N8N_PORT + 12)) "$N8N_BIN" start &
pids+=($!)
for i in $(seq 1 "$WORKERS"); do
  # Each process starts its own task-runner broker: one port each, or they collide.
  N8N_RUNNERS_BROKER_PORT=$((N8N_PORT + 12 + i)) "$N8N_BIN" worker --concurrency="$CONCURRENCY" &
  pids+=($!)
done

echo
echo "n8n in queue mode: editor http://127.0.0.1:$N8N_PORT, $WORKERS workers; queue Redis $QUEUE_BULL_REDIS_HOST:$QUEUE_BULL_REDIS_PORT,"
echo "PostgreSQL $DB_POSTGRESDB_HOST:$DB_POSTGRESDB_PORT database $DB_POSTGRESDB_DATABASE. Turns: Redis $T_HOST:${T_PORT:-6379} database ${T_DB:-0}, credentials"
echo "\"Turn counter (Redis)\" and \"Turn store (Lead Scoring Redis API)\"; published: POST http://127.0.0.1:$N8N_PORT/webhook/lead-scoring/fair-turns."
echo "Ctrl+C stops what this script started."
echo
wait -n "${pids[@]}" || true
