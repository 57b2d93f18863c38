#!/usr/bin/env bash
# Installs (once, cached) Node 24 and n8n, and exports the environment every n8n command needs.
# Source it: `source scripts/n8n-runtime.sh`. Facts behind each step: docs/n8n-runtime.md.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR="${NODE_MAJOR:-24}"
# Outside the clone so that every clone on this machine (CI's included) reuses one install.
LEAD_SCORING_CACHE="${LEAD_SCORING_CACHE:-$HOME/.cache/n8n-nodes-lead-scoring}"
N8N_RUNTIME_DIR="$LEAD_SCORING_CACHE/n8n-$N8N_VERSION-node$NODE_MAJOR"
# Node gets a prefix of its own: a later `npm install` in n8n's prefix would prune the
# platform package (binary and C headers) that the `node` package installs with --no-save.
NODE24_PREFIX="$N8N_RUNTIME_DIR/node$NODE_MAJOR"
NODE24_BIN="$NODE24_PREFIX/node_modules/node/bin"
N8N_BIN="$N8N_RUNTIME_DIR/node_modules/.bin/n8n"
SQLITE_BINDING="$N8N_RUNTIME_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node"

node24_headers() {
  local platform_package
  platform_package="node-$("$NODE24_BIN/node" -p 'process.platform + "-" + process.arch')"
  echo "$NODE24_PREFIX/node_modules/node/node_modules/$platform_package"
}

install_n8n_runtime() {
  # Each step checks its own result, so an interrupted or half-failed install resumes where it stopped.
  if [ -f "$N8N_RUNTIME_DIR/.complete" ] && [ -x "$NODE24_BIN/node" ] && [ -f "$SQLITE_BINDING" ]; then return 0; fi
  rm -f "$N8N_RUNTIME_DIR/.complete"
  echo "Installing Node $NODE_MAJOR and n8n $N8N_VERSION into $N8N_RUNTIME_DIR (first run only, about 4 minutes)..." >&2
  mkdir -p "$NODE24_PREFIX"
  if [ ! -x "$NODE24_BIN/node" ] || [ ! -f "$(node24_headers)/include/node/node_version.h" ]; then
    [ -f "$NODE24_PREFIX/package.json" ] || echo '{"name":"node-runtime","private":true}' > "$NODE24_PREFIX/package.json"
    npm install --prefix "$NODE24_PREFIX" --no-audit --no-fund "node@$NODE_MAJOR" >&2
  fi
  if [ ! -f "$N8N_RUNTIME_DIR/node_modules/n8n/package.json" ]; then
    [ -f "$N8N_RUNTIME_DIR/package.json" ] || echo '{"name":"n8n-runtime","private":true}' > "$N8N_RUNTIME_DIR/package.json"
    # n8n's kafka dependency downloads a prebuilt binary in its install script, which fails offline:
    # skip install scripts, then build only sqlite3 (n8n's default database) against Node 24.
    PATH="$NODE24_BIN:$PATH" npm install --prefix "$N8N_RUNTIME_DIR" --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION" >&2
  fi
  if [ ! -f "$SQLITE_BINDING" ]; then
    # The machine's npm config points nodedir at Node 20's headers; the addon must be built for Node 24.
    (cd "$N8N_RUNTIME_DIR" && PATH="$NODE24_BIN:$PATH" \
      npm_config_nodedir="$(node24_headers)" npm rebuild sqlite3 >&2)
  fi
  [ -f "$SQLITE_BINDING" ] || { echo "sqlite3 for Node $NODE_MAJOR did not build" >&2; return 1; }
  touch "$N8N_RUNTIME_DIR/.complete"
}

install_n8n_runtime
export PATH="$NODE24_BIN:$PATH"
export N8N_BIN N8N_RUNTIME_DIR
export N8N_DIAGNOSTICS_ENABLED=false
export N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_PERSONALIZATION_ENABLED=false
