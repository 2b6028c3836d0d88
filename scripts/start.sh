#!/usr/bin/env bash
# The main job: build the mini-program for WeChat, then run the room service in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --media
. scripts/room-service-env.sh
local_profile_banner

if [ "$LOCAL_PROFILE" = 1 ]; then
  # The local service has no WeChat login configured: the app logs in through DEV_LOGIN.
  npm run build:mp-weixin:debug
else
  npm run build:mp-weixin
fi
echo
echo "Mini-program built for $VITE_ROOM_SERVICE_URL: import $(pwd)/dist/build/mp-weixin into WeChat DevTools."
echo
npm run build:server
exec npm run server
