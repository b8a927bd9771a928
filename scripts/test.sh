#!/usr/bin/env bash
# Sets up what is missing and runs every test: the Swift unit and end-to-end suites
# (real binaries over real sockets, under systemd-socket-activate), the Python client
# written from docs/PROTOCOL.md, and the systemd unit checks. Exits non-zero if any fails.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh || exit 1
export PATH="/opt/swift/usr/bin:$PATH"

failed=()
step() {
  local name=$1; shift
  echo "=== $name"
  "$@" || failed+=("$name")
}

# The end-to-end tests run the binaries this build produces.
swift build --build-tests || exit 1
# Separate runs: the end-to-end tests block while child processes work, and on a
# 2-core machine that would starve the timing-sensitive unit tests of the cooperative pool.
step "swift unit tests" swift test --skip-build --skip EndToEndTests
step "swift end-to-end tests" swift test --skip-build --filter EndToEndTests
step "python protocol tests" python3 -m pytest -q -p no:cacheprovider tests/python
step "python client tests" python3 -m pytest -q -p no:cacheprovider clients/python/tests
step "c client tests" make -C clients/c test
step "systemd unit checks" tests/systemd/test_units.sh

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all test suites passed"
