#!/usr/bin/env bash
# Runs a benchmark workflow through a real n8n (headless, throw-away user folder) RUNS times.
# Usage: bench/n8n.sh WORKFLOW.json RUNS OUT_DIR  -> OUT_DIR/run-1.json ... (each `n8n execute --rawOutput`)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
workflow="$(realpath "$1")" runs="$2" out_dir="$(realpath "$3")"
source scripts/n8n-lib.sh

user_folder="$(mktemp -d)"
trap 'rm -rf "$user_folder"' EXIT
export N8N_USER_FOLDER="$user_folder"
# The CLI starts a task-runner broker: keep it off the ports of any other n8n on this machine.
export N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-5693}"
export N8N_TEMPLATES_ENABLED=false N8N_VERIFIED_PACKAGES_ENABLED=false GENERIC_TIMEZONE=UTC TZ=UTC

build_and_install_package "$user_folder"
id="$(import_workflows "$user_folder" "$workflow" | tail -n 1)"
for run in $(seq 1 "$runs"); do
  echo "n8n run $run of $runs..." >&2
  timeout --kill-after=10 600 "$N8N_BIN" execute --id="$id" --rawOutput > "$out_dir/run-$run.json"
done
