#!/usr/bin/env bash
# Steps shared by `npm start` and `npm run demo`. Source it from the repo root.
source scripts/n8n-runtime.sh

# Builds the package, packs it, and installs the tarball into an n8n user folder as n8n itself would.
build_and_install_package() {
  local user_folder="$1" pack_dir
  # `npm ci` rejects our lock where the registry lacks other platforms' optional packages (see .ci/run).
  [ -d node_modules ] || npm ci --no-audit --no-fund || npm install --no-audit --no-fund
  npm run build >&2
  pack_dir="$(mktemp -d)"
  npm pack --ignore-scripts --silent --pack-destination "$pack_dir" >/dev/null
  bash scripts/install-package.sh "$pack_dir"/*.tgz "$user_folder" >/dev/null
  rm -rf "$pack_dir"
  echo "Installed $(node -p 'require("./package.json").name') into $user_folder/.n8n/nodes" >&2
}

# Imports workflow files that are not in the database yet, so a restart keeps the user's edits.
# A file without an "id" gets a stable one made from its file name.
# Prints the ids of the given files, one a line, in order.
import_workflows() {
  local user_folder="$1"; shift
  local files=() file
  for file in "$@"; do [ -f "$file" ] && files+=("$file"); done
  if [ ${#files[@]} -eq 0 ]; then echo "No workflow files to import (templates/ is empty)." >&2; return 0; fi
  local import_dir existing
  import_dir="$(mktemp -d)"
  existing="$(N8N_USER_FOLDER="$user_folder" "$N8N_BIN" list:workflow --onlyId 2>/dev/null | grep -E '^[A-Za-z0-9]+$' || true)"
  node - "$import_dir" "$existing" "${files[@]}" <<'JS'
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const [importDir, existing, ...files] = process.argv.slice(2);
const known = new Set(existing.split('\n').filter(Boolean));
for (const file of files) {
  const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
  workflow.id ??= crypto.createHash('sha256').update(path.basename(file)).digest('hex').slice(0, 16);
  if (!known.has(workflow.id)) fs.writeFileSync(path.join(importDir, `${workflow.id}.json`), JSON.stringify(workflow));
  console.log(workflow.id);
}
JS
  if [ -n "$(ls -A "$import_dir")" ]; then
    N8N_USER_FOLDER="$user_folder" "$N8N_BIN" import:workflow --separate --input="$import_dir" >&2
  fi
  rm -rf "$import_dir"
}
