#!/bin/sh
# Installs amtool (Debian's `prometheus-alertmanager` package ships /usr/bin/amtool) when it is
# missing, so `npm test` can check the rendered Alertmanager configuration (`amtool check-config`)
# and its routing (`amtool config routes test`) from a clean clone, in CI too.
# Needs root, or sudo without a password, the first time only.
set -eu
if command -v amtool >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo -n"
else
  echo "ensure-amtool: amtool is missing and this user cannot install it (run: apt-get install -y prometheus-alertmanager as root)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends prometheus-alertmanager
# The package starts an Alertmanager service on hosts with an init system; only amtool is needed.
command -v amtool >/dev/null 2>&1 || { echo "ensure-amtool: prometheus-alertmanager installed but amtool is not on PATH" >&2; exit 1; }
amtool --version
