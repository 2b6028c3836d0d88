#!/usr/bin/env bash
# Installs node_modules from package-lock.json when missing or out of date, and
# redis-server (Debian) when the tests need it and it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "› npm ci"
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi

if [ "${1:-}" = "--with-redis" ] && ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "› apt-get install redis-server (for the Redis store tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "redis-server is needed by the Redis store tests: install it (e.g. sudo apt-get install redis-server)" >&2
    exit 1
  fi
fi
