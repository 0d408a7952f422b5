#!/usr/bin/env bash
# The auto-release end-to-end test moves the API processes' wall clock with libfaketime (Debian's
# faketime package), preloaded into them; see apps/api/test/support/faked-wall-clock.ts.
set -euo pipefail
for library in /usr/lib/*/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1; do
  if [ -e "$library" ]; then exit 0; fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "[install-faketime] libfaketime is missing and this is not root: apt-get install faketime" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq faketime >/dev/null
