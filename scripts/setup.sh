#!/usr/bin/env bash
# Installs what the system and its tests need on a fresh machine, and only what is missing:
# npm packages, the FerretDB engine (built with Go), Debian's Chromium and CJK fonts,
# and the compiled shared package the mini-program bundles.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node 20.19+ is needed, found "+process.version); process.exit(1) }'

# npm ci refuses Taro's lockfile (its @tarojs/binding lists platform packages the registry lacks);
# npm install with the committed lockfile works.
stamp=node_modules/.bay-install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ -n "$(find . -maxdepth 2 -name package.json -newer "$stamp" -not -path './node_modules/*' | head -n 1)" ]; then
  echo "==> npm install"
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

echo "==> FerretDB"
bash scripts/ensure-ferretdb.sh

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else echo "need root for: $*" >&2; return 1; fi; }
if ! command -v chromium >/dev/null || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  echo "==> Chromium and CJK fonts (Debian packages)"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q chromium fonts-noto-cjk
fi

# Redis: the multi-instance system test (tests/system) and the shared-state tests need one on
# 127.0.0.1:6379. Used when it answers; else started from Debian's redis-server (installed if missing).
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  echo "==> Redis"
  command -v redis-server >/dev/null || DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q redis-server
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp --logfile /tmp/bay-redis.log
fi

echo "==> shared package"
npm run --silent build -w @bay/shared
