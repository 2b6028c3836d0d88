#!/usr/bin/env bash
# Installs node_modules from package-lock.json when missing or out of date, and Debian packages
# the media path and the tests need when they are absent:
#   --media   ffmpeg (mixing and recording on the embedded media server)
#   --tests   ffmpeg, redis-server (Redis store tests), nginx with the RTMP module (the
#             production media-server recipe is tested for real)
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "› npm ci"
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi

# command → Debian package
declare -A wanted=()
case "${1:-}" in
  --media) wanted=([ffmpeg]=ffmpeg) ;;
  --tests) wanted=([ffmpeg]=ffmpeg [redis-server]=redis-server [nginx]=nginx) ;;
  "") ;;
  *) echo "ensure-deps.sh: unknown option $1" >&2; exit 2 ;;
esac
missing=()
for cmd in "${!wanted[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${wanted[$cmd]}")
done
if [ "${1:-}" = --tests ] && [ ! -e /usr/lib/nginx/modules/ngx_rtmp_module.so ]; then
  missing+=(libnginx-mod-rtmp)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "› apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif [ "${1:-}" = --tests ]; then
  echo "The tests need ${missing[*]}: install them (e.g. sudo apt-get install ${missing[*]})" >&2
  exit 1
else
  echo "warning: ${missing[*]} not found: co-anchor mixing and recording need it (e.g. sudo apt-get install ${missing[*]}, or set FFMPEG_PATH)" >&2
fi
