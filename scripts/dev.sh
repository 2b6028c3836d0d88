#!/usr/bin/env bash
# Local development: the room service (embedded store, DEV_LOGIN in the local profile) and the
# mp-weixin watch build pointing at it. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --media
. scripts/room-service-env.sh
local_profile_banner

npm run server:dev &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT INT TERM
echo "Room service: $VITE_ROOM_SERVICE_URL (pid $server)"
echo "Import $(pwd)/dist/dev/mp-weixin into WeChat DevTools once the first build is done."
echo "(A phone cannot reach 127.0.0.1: start with HOST=0.0.0.0 to serve and build for this machine's LAN address.)"
npm run dev:mp-weixin
