#!/usr/bin/env bash
# The one test command (README: `npm test`). Installs what is missing, type-checks every package,
# builds the mini-program for WeChat (fails when the main package is too big) and for H5, then
# runs every jest project: shared, server, bot, miniapp page tests, and tests/ (system and
# end-to-end in Chromium against the real engine, server and bot).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mkdir -p test-output

bash scripts/setup.sh

echo "==> typecheck"
for pkg in shared server bot tests miniapp; do
  npx tsc --noEmit -p "$pkg/tsconfig.json"
done

echo "==> mini-program: weapp build and package sizes"
npm run --silent build:weapp -w @bay/miniapp > test-output/weapp-build.log 2>&1 || { tail -n 60 test-output/weapp-build.log; exit 1; }
npm run --silent size -w @bay/miniapp

echo "==> mini-program: H5 build (for the browser tests)"
npm run --silent build:h5 -w @bay/miniapp > test-output/h5-build.log 2>&1 || { tail -n 60 test-output/h5-build.log; exit 1; }

echo "==> jest (all projects)"
status=0
NODE_OPTIONS=--experimental-vm-modules npx jest --ci --json --outputFile=test-output/jest.json "$@" || status=$?
node -e '
  const r = require("./test-output/jest.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
' || status=1
exit $status
