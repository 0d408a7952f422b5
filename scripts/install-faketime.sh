#!/usr/bin/env bash
# The auto-release end-to-end test moves the API processes' wall clock with libfaketime (Debian's
# faketime package), preloaded into them; see apps/api/test/support/faked-wall-clock.ts.
set -euo pipefail
for library in /usr/lib/*/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1; do
  if [ -e "$library" ]; then exit 0; fi
done
bash "$(dirname "$0")/install-debian-package.sh" install-faketime faketime libfaketime
