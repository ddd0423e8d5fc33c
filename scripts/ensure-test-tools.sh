#!/bin/sh
# Installs the Debian packages whose tools the test suite runs, when a tool is missing, so `npm test`
# works from a clean clone, in CI too:
#   promtool (package prometheus): `promtool check rules`, `promtool test rules`;
#   amtool (package prometheus-alertmanager): `amtool check-config`, `amtool config routes test`.
# Needs root, or sudo without a password, the first time only. The packages start their services on
# hosts with an init system; only the command-line tools are used.
set -eu
TOOLS="promtool:prometheus amtool:prometheus-alertmanager"
missing=""
for pair in $TOOLS; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo -n"
else
  echo "ensure-test-tools: missing packages:$missing, and this user cannot install them (run: apt-get install -y$missing as root)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# shellcheck disable=SC2086 # one word per package
$SUDO apt-get install -y --no-install-recommends $missing
for pair in $TOOLS; do
  tool="${pair%%:*}"
  command -v "$tool" >/dev/null 2>&1 || { echo "ensure-test-tools: ${pair#*:} installed but $tool is not on PATH" >&2; exit 1; }
  "$tool" --version 2>&1 | head -1
done
