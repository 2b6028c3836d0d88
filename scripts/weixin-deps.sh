#!/usr/bin/env bash
# Installs WeChat's own tooling (miniprogram-ci, miniprogram-compiler: ~280 MB) into
# tools/weixin/node_modules, from tools/weixin/package-lock.json, when it is missing or the lock
# changed. It is kept out of the mini-program's dependency tree: nothing the app ships depends on
# it, and the root install stays small for everyone who never previews or uploads.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=tools/weixin
stamp=$tools/node_modules/.lock-sha256
want=$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "› npm ci --prefix $tools (WeChat's miniprogram-ci and miniprogram-compiler, once per lock change)"
# Their install scripts are not needed (see allowScripts in $tools/package.json).
if ! npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error; then
  echo "Could not install $tools: it needs the npm registry (npm ci --prefix $tools)." >&2
  exit 1
fi
echo "$want" > "$stamp"
