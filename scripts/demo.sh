#!/usr/bin/env bash
# `npm run demo [-- TEMPLATE.json]`: runs a template on its sample leads through a real n8n (headless, in a
# throw-away user folder) and prints the leads ranked by score. The template needs a Manual Trigger.
# Default: the first templates/*demo*.json. DEMO_KEEP=1 keeps the user folder and prints its path.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/n8n-lib.sh

template="${1:-$(ls templates/*demo*.json 2>/dev/null | head -n 1 || true)}"
if [ -z "$template" ] || [ ! -f "$template" ]; then
  echo "No demo template: pass one (npm run demo -- templates/NAME.json) or add templates/*demo*.json." >&2
  exit 1
fi

user_folder="$(mktemp -d)"
cleanup() { if [ -n "${DEMO_KEEP:-}" ]; then echo "n8n user folder kept: $user_folder" >&2; else rm -rf "$user_folder"; fi; }
trap cleanup EXIT
export N8N_USER_FOLDER="$user_folder"
# The CLI starts a task-runner broker: keep it off the default port of a running `npm start`.
export N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-5691}"

build_and_install_package "$user_folder"
id="$(import_workflows "$user_folder" "$template" | tail -n 1)"
echo "Running $template through n8n $N8N_VERSION..." >&2
output="$user_folder/run.json"
# A workflow that stops still prints its execution: show the leads that got somewhere, then fail.
status=0
timeout --kill-after=10 300 "$N8N_BIN" execute --id="$id" --rawOutput > "$output" || status=$?
node scripts/print-ranking.js "$template" < "$output" || status=$?
exit "$status"
