#!/usr/bin/env bash
# The test command: unit, room service (SQLite and Redis), compiled mini-program and end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --tests
npx vitest run "$@"
