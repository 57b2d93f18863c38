#!/usr/bin/env bash
# Debian packages the tests need, installed once per machine (CI runs as root on a clean Debian):
#   redis-server  the atomic turn store for Route to Sales and n8n's queue-mode broker
#   postgresql    n8n's database in queue mode and the lead store of the CRM templates
#   chromium      the browser test of the real n8n editor (driven by playwright-core)
# Already installed packages are skipped, so a warm machine spends no time here.
set -euo pipefail
wanted=(redis-server postgresql chromium)
missing=()
for package in "${wanted[@]}"; do
  # A variable, not `dpkg-query | grep -q`: grep -q exits at the first match, which under pipefail can fail the pipe.
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  [ "$status" = 'install ok installed' ] || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "Debian packages: all present (${wanted[*]})"
  exit 0
fi
echo "Debian packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
# The packages' own services are not started: the tests start their servers on loopback ports of their own.
"${sudo_cmd[@]}" env RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" > /tmp/lead-scoring-apt.log 2>&1 \
  || { tail -n 20 /tmp/lead-scoring-apt.log; exit 1; }
echo "Debian packages: installed ${missing[*]}"
