#!/usr/bin/env bash
# Sets up what is missing, builds ecoprodd and its plugins in release mode and runs it in
# the foreground on a local socket and state directory (.ecoprod-dev/ in the checkout),
# with the shipped reference data (data/) and the in-tree plugins.
# Talk to it from another terminal:
#   .build/release/ecoprodctl --socket .ecoprod-dev/ecoprod.sock info
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
export PATH="/opt/swift/usr/bin:$PATH"
scripts/build-release.sh --product ecoprodd
scripts/build-release.sh --product ecoprodctl
scripts/build-release.sh --product ecoprod-scoring
scripts/build-release.sh --product ecoprod-afnor
scripts/build-release.sh --product ecoprod-charter
scripts/build-release.sh --product ecoprod-signatories
# A trusted plugin directory: owned by whoever runs the daemon, writable by them only.
mkdir -p .ecoprod-dev && install -d -m 0755 .ecoprod-dev/plugins
install -m 0644 .build/release/libecoprod-scoring.so .ecoprod-dev/plugins/scoring.so
install -m 0644 .build/release/libecoprod-afnor.so .ecoprod-dev/plugins/afnor.so
install -m 0644 .build/release/libecoprod-charter.so .ecoprod-dev/plugins/charter.so
install -m 0644 .build/release/libecoprod-signatories.so .ecoprod-dev/plugins/signatories.so
echo "ecoprodd on $PWD/.ecoprod-dev/ecoprod.sock; stop with Ctrl-C"
exec .build/release/ecoprodd \
  --socket "$PWD/.ecoprod-dev/ecoprod.sock" \
  --state-dir "$PWD/.ecoprod-dev/state" \
  --data-dir "$PWD/data" \
  --plugin-dir "$PWD/.ecoprod-dev/plugins" \
  --config "${ECOPROD_CONFIG:-/dev/null}" \
  --log-target stderr "$@"
