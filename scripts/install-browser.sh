#!/usr/bin/env bash
# The end-to-end test drives Debian's chromium through playwright-core; playwright's own browser
# download cannot run here, so the system package is installed instead.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
bash "$(dirname "$0")/install-debian-package.sh" install-browser chromium chromium
