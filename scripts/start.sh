#!/usr/bin/env bash
# The main job: build the mini-program for WeChat, then run the room service in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run build:mp-weixin
echo
echo "Mini-program built: import $(pwd)/dist/build/mp-weixin into WeChat DevTools."
echo
exec npm run server
