#!/bin/sh
# Installs promtool (Debian's `prometheus` package) when it is missing, so `npm test` can run the
# rule unit tests (`promtool check rules`, `promtool test rules`) from a clean clone, in CI too.
# Needs root, or sudo without a password, the first time only.
set -eu
if command -v promtool >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo -n"
else
  echo "ensure-promtool: promtool is missing and this user cannot install it (run: apt-get install -y prometheus as root)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends prometheus
# The package starts a Prometheus service on hosts with an init system; only promtool is needed.
command -v promtool >/dev/null 2>&1 || { echo "ensure-promtool: prometheus installed but promtool is not on PATH" >&2; exit 1; }
promtool --version
