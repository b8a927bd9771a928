#!/usr/bin/env bash
# Sets up what is missing and runs every test: the Swift unit and end-to-end suites
# (real binaries over real sockets, under systemd-socket-activate), the Python client
# written from docs/PROTOCOL.md, the systemd unit checks, and the Debian package booted
# in a container with systemctl (tests/system). Exits non-zero if any fails.
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
# The plugin ABI header is the whole contract: it must stay clean C99 and C++, and
# abi_check.c must still pin its layout.
step "plugin ABI header" sh -c '
  cc -std=c99 -Wall -Wextra -Werror -pedantic -I Sources/CPluginABI/include -c Sources/CPluginABI/abi_check.c -o /dev/null &&
  echo "#include <ecoprod/plugin.h>" | c++ -x c++ -std=c++11 -Wall -Wextra -Werror -pedantic -fsyntax-only -I Sources/CPluginABI/include - &&
  echo "plugin.h: C99 and C++11 clean, layout checks hold"' 
# The C example and fixture plugins: built with cc alone, no Swift runtime in ldd, only
# the entry point exported (the end-to-end tests load them into the daemon).
step "c plugins" make -s -C tests/plugins check OUT="$PWD/.build/c-plugins"
step "systemd unit checks" tests/systemd/test_units.sh
# The .deb (make deb) installed in a booted Debian 12 container and driven with systemctl;
# root only, and -rs prints why it skipped otherwise.
step "systemd end-to-end in systemd-nspawn" python3 -m pytest -q -rs -p no:cacheprovider tests/system

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all test suites passed"
