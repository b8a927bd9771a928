#!/usr/bin/env bash
# Sets up what is missing, builds ecoprodd in release mode and runs it in the
# foreground on a local socket and state directory (.ecoprod-dev/ in the checkout).
# Talk to it from another terminal:
#   .build/release/ecoprodctl --socket .ecoprod-dev/ecoprod.sock info
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
export PATH="/opt/swift/usr/bin:$PATH"
scripts/build-release.sh --product ecoprodd
scripts/build-release.sh --product ecoprodctl
mkdir -p .ecoprod-dev
echo "ecoprodd on $PWD/.ecoprod-dev/ecoprod.sock; stop with Ctrl-C"
exec .build/release/ecoprodd \
  --socket "$PWD/.ecoprod-dev/ecoprod.sock" \
  --state-dir "$PWD/.ecoprod-dev/state" \
  --config "${ECOPROD_CONFIG:-/dev/null}" \
  --log-target stderr "$@"
