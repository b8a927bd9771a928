#!/usr/bin/env bash
# The one way release binaries are built (run-daemon.sh, benchmarks, install).
# Run-time exclusivity checks are off in every module, SwiftNIO's ByteBuffer included:
# they cost a measurable share of each round trip. Debug builds, which run the tests,
# keep them, so a violation still fails a test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
exec swift build -c release -Xswiftc -enforce-exclusivity=unchecked "$@"
