#!/usr/bin/env bash
# `npm start`: n8n with this package installed from its packed tarball, the templates imported, on 127.0.0.1.
# First run installs Node 24 and n8n (cached, a few minutes). Environment:
#   N8N_USER_FOLDER  n8n's home (default: .n8n-home/ in the repo, git-ignored); its SQLite database lives there
#   N8N_PORT         editor and webhooks (default 5678); N8N_RUNNERS_BROKER_PORT (default N8N_PORT + 12)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/n8n-lib.sh

export N8N_USER_FOLDER="${N8N_USER_FOLDER:-$ROOT/.n8n-home}"
export N8N_PORT="${N8N_PORT:-5678}"
# n8n's task-runner broker listens on 5679 by default, next to the editor: keep it out of the way.
export N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-$((N8N_PORT + 12))}"
export N8N_LISTEN_ADDRESS=127.0.0.1 N8N_HOST=127.0.0.1

build_and_install_package "$N8N_USER_FOLDER"
import_workflows "$N8N_USER_FOLDER" templates/*.json >/dev/null

echo
echo "n8n editor: http://127.0.0.1:$N8N_PORT  (ready when n8n says \"Editor is now accessible\"; first visit: create the owner account; Ctrl+C stops n8n)"
echo "Nodes: search for \"Score Lead\", \"Apply Decay\", \"Classify Stage\", \"Route to Sales\". Templates: Overview > Workflows."
echo
exec "$N8N_BIN" start
