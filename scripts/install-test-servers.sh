#!/usr/bin/env bash
# Installs the two servers the integration tests run against, built from the Go module proxy:
#   FerretDB v1.24.2 (MongoDB wire protocol on SQLite) and Stripe's stripe-mock.
# `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` is refused by the proxy, so the
# module is fetched into a throwaway module, copied out of the module cache and built in place.
# Idempotent: a server already in the target directory is left alone.
set -euo pipefail

FERRETDB_VERSION=v1.24.2
BIN_DIR="${TEST_SERVERS_BIN_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.tools/bin}"
mkdir -p "$BIN_DIR"
# Test projects may ask for the servers at the same moment: one builds, the others wait for it.
exec 9>"$BIN_DIR/.install.lock"
flock 9

log() { printf '[install-test-servers] %s\n' "$*"; }

if ! command -v go >/dev/null 2>&1; then
  log "Go is required to build FerretDB and stripe-mock; install Go 1.22+ first." >&2
  exit 1
fi

if [ ! -x "$BIN_DIR/stripe-mock" ]; then
  log "building stripe-mock"
  GOBIN="$BIN_DIR" go install github.com/stripe/stripe-mock@latest
fi

if [ ! -x "$BIN_DIR/ferretdb" ]; then
  log "building FerretDB $FERRETDB_VERSION"
  work=$(mktemp -d)
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
  (
    cd "$work"
    go mod init ferretdb-fetch >/dev/null 2>&1
    go get "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" >/dev/null 2>&1 || \
      go mod download "github.com/FerretDB/FerretDB@$FERRETDB_VERSION"
  )
  src="$(go env GOMODCACHE)/github.com/!ferret!d!b/!ferret!d!b@$FERRETDB_VERSION"
  cp -r "$src" "$work/ferretdb-src"
  chmod -R u+w "$work/ferretdb-src"
  # Without this file the binary panics at start.
  printf '%s' "$FERRETDB_VERSION" > "$work/ferretdb-src/build/version/version.txt"
  (cd "$work/ferretdb-src" && go build -o "$BIN_DIR/ferretdb" ./cmd/ferretdb)
fi

log "ready in $BIN_DIR: $(ls "$BIN_DIR" | tr '\n' ' ')"
