#!/usr/bin/env bash
# The end-to-end test drives Debian's chromium through playwright-core; playwright's own browser
# download cannot run here, so the system package is installed instead.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "[install-browser] chromium is missing and this is not root: apt-get install chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
