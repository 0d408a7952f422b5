#!/usr/bin/env bash
# The bench gives FerretDB's SQLite tables an index through the sqlite3 command (Debian's sqlite3
# package); its integration test runs it. See packages/bench/src/ferretdb-id-index.ts.
set -euo pipefail
if command -v sqlite3 >/dev/null 2>&1; then exit 0; fi
bash "$(dirname "$0")/install-debian-package.sh" install-sqlite3 sqlite3 "the sqlite3 command"
