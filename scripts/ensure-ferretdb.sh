#!/usr/bin/env bash
# Builds FerretDB v1.24.2 (the MongoDB-wire-protocol engine used for development and tests)
# into .tools/bin/ferretdb when it is missing. Needs Go and the Go module proxy.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin/ferretdb"
version=v1.24.2
# Read the whole output before matching: with pipefail, `| grep -q` or `| head` can kill the
# writer with SIGPIPE (exit 141) and fail the script at random.
if [ -x "$bin" ] && [[ "$("$bin" --version 2>/dev/null || true)" == *"$version"* ]]; then exit 0; fi
command -v go >/dev/null || { echo "Go is needed to build FerretDB ($version); install Go 1.22+" >&2; exit 1; }
echo "Building FerretDB $version into .tools/bin (first run only, about a minute)..."
tmp="$(mktemp -d)"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
# The module cache copy is read-only and lacks build/version/version.txt, which the
# binary requires when it is built as the main module: copy it and write the version.
src="$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
cp -r "$src" "$tmp/ferretdb" && chmod -R u+w "$tmp/ferretdb"
echo "$version" > "$tmp/ferretdb/build/version/version.txt"
mkdir -p "$root/.tools/bin"
(cd "$tmp/ferretdb" && CGO_ENABLED=0 go build -trimpath -o "$bin" ./cmd/ferretdb)
built="$("$bin" --version)"
printf '%s\n' "$built" | sed -n '1,3p'
