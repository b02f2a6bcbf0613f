#!/usr/bin/env bash
# Installs the Debian packages the test suite starts real servers from, when they are missing.
# Needs root for apt-get; without root it lists what is missing and exits 1.
# The one list of system dependencies: add a package here, not in CI or the README.
set -euo pipefail

# debian-package|shell check that passes when it is usable
deps=(
  "redis-server|command -v redis-server"
  "redis-tools|command -v redis-benchmark"
  "python3-websockets|/usr/bin/python3 -c 'import websockets'"
  "prometheus-node-exporter|command -v prometheus-node-exporter"
  "nut-server|test -x /lib/nut/upsd && test -x /lib/nut/dummy-ups"
  "nginx|command -v nginx || test -x /usr/sbin/nginx"
  "prometheus|command -v promtool"
  "chromium|command -v chromium"
)

missing=()
for d in "${deps[@]}"; do
  pkg=${d%%|*}
  check=${d#*|}
  bash -c "$check" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
