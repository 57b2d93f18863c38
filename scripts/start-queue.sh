#!/usr/bin/env bash
# `npm run start:queue`: n8n in queue mode on 127.0.0.1, as teams run it once one instance is not enough:
#   Redis       n8n's queue (Bull) and the Route to Sales turn store (credential "Lead Scoring Redis API")
#   PostgreSQL  n8n's database, shared by all n8n processes
#   n8n start   editor, REST API and webhooks; enqueues every execution
#   n8n worker  x QUEUE_WORKERS (default 2): run the executions
# with this package installed and the templates imported, as `npm start` does. The same variables the e2e
# test sets (test/e2e/queue.ts); docs/n8n-runtime.md lists what a production deployment needs. Ctrl+C stops all.
# Environment:
#   N8N_USER_FOLDER  n8n's home, shared by main and workers (default .n8n-queue-home/, git-ignored); Redis and
#                    PostgreSQL data live in its queue/ folder and survive restarts
#   N8N_PORT         editor and webhooks (default 5678); Redis on N8N_PORT + 20, PostgreSQL on N8N_PORT + 21,
#                    task-runner brokers on N8N_PORT + 12 (main) and + 13, + 14 ... (workers)
#   QUEUE_WORKERS    number of workers (default 2); WORKER_CONCURRENCY executions per worker (default 10)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/n8n-lib.sh

export N8N_USER_FOLDER="${N8N_USER_FOLDER:-$ROOT/.n8n-queue-home}"
export N8N_PORT="${N8N_PORT:-5678}"
WORKERS="${QUEUE_WORKERS:-2}"
CONCURRENCY="${WORKER_CONCURRENCY:-10}"
REDIS_PORT=$((N8N_PORT + 20))
PG_PORT=$((N8N_PORT + 21))
DATA="$N8N_USER_FOLDER/queue"
mkdir -p "$DATA"

pids=()
stop_all() {
  trap - EXIT INT TERM
  echo "Stopping n8n, Redis and PostgreSQL..." >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

# --- Redis: password from a file made once; append-only file so turns and queued jobs survive a restart.
[ -f "$DATA/redis-password" ] || (umask 077 && openssl rand -hex 16 > "$DATA/redis-password")
REDIS_PASSWORD="$(cat "$DATA/redis-password")"
mkdir -p "$DATA/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$DATA/redis" --appendonly yes --requirepass "$REDIS_PASSWORD" \
  --daemonize no > "$DATA/redis.log" 2>&1 &
pids+=($!)

# --- PostgreSQL: initdb refuses root, so as root the server runs as the postgres user in a dir it owns.
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
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
pids+=($!)
for _ in $(seq 1 60); do "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.5; done
"${as_pg[@]}" "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'n8n'" | grep -q 1 \
  || "${as_pg[@]}" "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE n8n"
for _ in $(seq 1 40); do redis-cli -p "$REDIS_PORT" -a "$REDIS_PASSWORD" --no-auth-warning ping 2>/dev/null | grep -q PONG && break; sleep 0.25; done

# --- n8n: the same variables for main and workers; one encryption key for all (it decrypts the credentials).
[ -f "$DATA/encryption-key" ] || (umask 077 && openssl rand -hex 24 > "$DATA/encryption-key")
export EXECUTIONS_MODE=queue
export QUEUE_BULL_REDIS_HOST=127.0.0.1 QUEUE_BULL_REDIS_PORT="$REDIS_PORT" QUEUE_BULL_REDIS_PASSWORD="$REDIS_PASSWORD"
export DB_TYPE=postgresdb DB_POSTGRESDB_HOST=127.0.0.1 DB_POSTGRESDB_PORT="$PG_PORT" DB_POSTGRESDB_DATABASE=n8n
export DB_POSTGRESDB_USER=postgres DB_POSTGRESDB_PASSWORD="$PG_PASSWORD"
export N8N_ENCRYPTION_KEY="$(cat "$DATA/encryption-key")"
export OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true
# Keep the last finished jobs in Bull: with n8n's default (remove at once) a webhook whose execution a worker
# finishes before the main starts waiting for it never answers (docs/n8n-runtime.md, "Queue mode").
export N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED="${N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED:-1000}"
export N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED="${N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED:-1000}"
export N8N_LISTEN_ADDRESS=127.0.0.1 N8N_HOST=127.0.0.1

build_and_install_package "$N8N_USER_FOLDER"
N8N_RUNNERS_BROKER_PORT=$((N8N_PORT + 12)) import_workflows "$N8N_USER_FOLDER" templates/*.json >/dev/null

N8N_RUNNERS_BROKER_PORT=$((N8N_PORT + 12)) "$N8N_BIN" start &
pids+=($!)
for i in $(seq 1 "$WORKERS"); do
  # Each process starts its own task-runner broker: one port each, or they collide.
  N8N_RUNNERS_BROKER_PORT=$((N8N_PORT + 12 + i)) "$N8N_BIN" worker --concurrency="$CONCURRENCY" &
  pids+=($!)
done

echo
echo "n8n in queue mode: editor http://127.0.0.1:$N8N_PORT, $WORKERS workers; Redis 127.0.0.1:$REDIS_PORT (password in $DATA/redis-password),"
echo "PostgreSQL 127.0.0.1:$PG_PORT database n8n. For Route to Sales' Turn Storage: Redis (Atomic), create a \"Lead Scoring Redis API\""
echo "credential with host 127.0.0.1, port $REDIS_PORT and that password. Ctrl+C stops everything."
echo
wait -n "${pids[@]}" || true
