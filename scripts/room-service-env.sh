# Sourced by start.sh and dev.sh: the room service's environment.
# server/.env (see server/README.md) wins; without it a local development profile is used:
# DEV_LOGIN on, the embedded media server, and keys generated once under .data/.
# Sets LOCAL_PROFILE=1 when the local profile is in use.

if [ -f server/.env ]; then
  set -a
  # shellcheck disable=SC1091
  . server/.env
  set +a
fi

LOCAL_PROFILE=0
if [ -z "${SDKAPPID:-}" ]; then
  LOCAL_PROFILE=1
  mkdir -p .data
  key_file() { [ -s "$1" ] || node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > "$1"; cat "$1"; }
  export SDKAPPID="${VITE_SDKAPPID:-1400000000}"
  export SECRET_KEY="${SECRET_KEY:-$(key_file .data/local-secret-key)}"
  export RTMP_SECRET="${RTMP_SECRET:-$(key_file .data/local-rtmp-secret)}"
  export DEV_LOGIN=1
fi
export PORT="${PORT:-8787}"
export HOST="${HOST:-127.0.0.1}"
export VITE_SDKAPPID="${VITE_SDKAPPID:-$SDKAPPID}"
# The address the mini-program calls: on every interface (0.0.0.0), the LAN address a phone reaches.
public_host="$HOST"
if [ "$HOST" = 0.0.0.0 ] || [ "$HOST" = "::" ]; then
  public_host="${MEDIA_PUBLIC_HOST:-$(node -e "const a=Object.values(require('os').networkInterfaces()).flat().find(i=>i&&i.family==='IPv4'&&!i.internal);process.stdout.write(a?a.address:'127.0.0.1')")}"
fi
export VITE_ROOM_SERVICE_URL="${VITE_ROOM_SERVICE_URL:-http://$public_host:$PORT}"

local_profile_banner() {
  [ "$LOCAL_PROFILE" = 1 ] || return 0
  cat <<MSG
────────────────────────────────────────────────────────────────────────
 Local development profile (no server/.env): DEV_LOGIN=1 — anyone who can
 reach the service can act as any user. Streams go through the embedded
 media server (RTMP :${MEDIA_RTMP_PORT:-1935}, HTTP-FLV :${MEDIA_HTTP_PORT:-8000}).
 For a real deployment copy server/.env.example to server/.env and fill it.
────────────────────────────────────────────────────────────────────────
MSG
}
