#!/usr/bin/env bash
# Installs a packed tarball of this package into an n8n user folder the way n8n's own community-package
# installer does (n8n 2.41, community-packages.service.js): unpack into .n8n/nodes/node_modules/<name>,
# drop dev/peer/optional dependencies, `npm install` the rest there without scripts, record it in
# .n8n/nodes/package.json. n8n loads it on its next start or CLI command.
# Usage: scripts/install-package.sh TARBALL N8N_USER_FOLDER
set -euo pipefail

tarball="$(realpath "$1")"
user_folder="$2"
nodes_dir="$user_folder/.n8n/nodes"
name="$(tar -xzOf "$tarball" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).name')"
package_dir="$nodes_dir/node_modules/$name"

rm -rf "$package_dir"
mkdir -p "$package_dir"
tar -xzf "$tarball" -C "$package_dir" --strip-components=1
node - "$package_dir/package.json" "$nodes_dir/package.json" <<'EOF'
const fs = require('fs');
const [packageJsonPath, nodesJsonPath] = process.argv.slice(2);
const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));
const nodes = fs.existsSync(nodesJsonPath) ? JSON.parse(fs.readFileSync(nodesJsonPath, 'utf8')) : { name: 'installed-nodes', private: true };
nodes.dependencies = { ...nodes.dependencies, [packageJson.name]: packageJson.version };
fs.writeFileSync(nodesJsonPath, JSON.stringify(nodes, null, 2));
EOF
(cd "$package_dir" && npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow \
  --ignore-scripts=true --package-lock=false --loglevel=error >&2)
echo "$package_dir"
