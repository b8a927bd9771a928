#!/usr/bin/env bash
# Builds ecoprodd (release) and installs everything it ships at the places
# docs/OPERATIONS.md section 1 lists: the daemon, ecoprodctl, the plugins, the Swift
# runtime they link (found through $ORIGIN-relative RUNPATHs, never the build machine's
# toolchain), the shipped data with its licences, the C client library with its header
# and pkg-config file, the plugin ABI header, the Python client, man pages, shell
# completions, systemd units, sysusers.d and tmpfiles.d. `make install` runs it.
#
# Environment: PREFIX (default /usr/local; the shipped units expect /usr), DESTDIR
# (a staging root, as packaging tools use), SKIP_BUILD=1 to install what is built,
# STRIP=0 to keep the debugging symbols (by default they are stripped, as Debian does).
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
ROOT="$DESTDIR$PREFIX"
PLUGINS=(scoring afnor charter signatories)
SWIFT_RUNTIME=/opt/swift/usr/lib/swift/linux
MULTIARCH=$(gcc -print-multiarch)
VERSION=$(sed -n 's/.*static let current = "\(.*\)"/\1/p' Sources/Protocol/Version.swift)
BUILT=.build/release

if [ "${SKIP_BUILD:-}" != 1 ]; then
  for product in ecoprodd ecoprodctl "${PLUGINS[@]/#/ecoprod-}"; do scripts/build-release.sh --product "$product"; done
  make -s -C clients/c build/libecoprod-client.so build/libecoprod-client.a
fi
command -v patchelf >/dev/null || { echo "install.sh: patchelf is needed (scripts/install-dependencies.sh)" >&2; exit 1; }

# Executables and plugins, each told where the runtime is relative to itself.
install -D -m 0755 "$BUILT/ecoprodd" "$ROOT/libexec/ecoprod/ecoprodd"
install -D -m 0755 "$BUILT/ecoprodctl" "$ROOT/bin/ecoprodctl"
patchelf --set-rpath '$ORIGIN/../../lib/ecoprod/swift' "$ROOT/libexec/ecoprod/ecoprodd"
patchelf --set-rpath '$ORIGIN/../lib/ecoprod/swift' "$ROOT/bin/ecoprodctl"
install -d -m 0755 "$ROOT/lib/ecoprod/plugins"
for plugin in "${PLUGINS[@]}"; do
  install -m 0644 "$BUILT/libecoprod-$plugin.so" "$ROOT/lib/ecoprod/plugins/$plugin.so"
  patchelf --set-rpath '$ORIGIN/../swift' "$ROOT/lib/ecoprod/plugins/$plugin.so"
done

if [ "${STRIP:-1}" = 1 ]; then
  strip --strip-unneeded "$ROOT/libexec/ecoprod/ecoprodd" "$ROOT/bin/ecoprodctl" "$ROOT"/lib/ecoprod/plugins/*.so
fi

# The Swift runtime libraries these link, whatever their dependencies among themselves.
install -d -m 0755 "$ROOT/lib/ecoprod/swift"
ldd "$BUILT/ecoprodd" "$BUILT/ecoprodctl" "$ROOT"/lib/ecoprod/plugins/*.so \
  | awk -v runtime="$SWIFT_RUNTIME/" 'index($3, runtime) == 1 { print $3 }' | sort -u \
  | while read -r library; do
      install -m 0644 "$(readlink -f "$library")" "$ROOT/lib/ecoprod/swift/$(basename "$library")"
      patchelf --set-rpath '$ORIGIN' "$ROOT/lib/ecoprod/swift/$(basename "$library")"
    done

# Shipped data (frameworks, factor sets, directory data, geodata), with data/README.md
# naming each file's source and licence.
install -d -m 0755 "$ROOT/share/ecoprod"
cp -R --no-preserve=ownership data/. "$ROOT/share/ecoprod/"
find "$ROOT/share/ecoprod" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +

# C: the client library (its header and the generated messages under
# include/ecoprod-client, found through ecoprod-client.pc) and the plugin ABI header.
make -s -C clients/c install PREFIX="$PREFIX" DESTDIR="$DESTDIR" VERSION="$VERSION" \
  LIBDIR_INST="$PREFIX/lib/$MULTIARCH" INCDIR_INST="$PREFIX/include"
install -D -m 0644 Sources/CPluginABI/include/ecoprod/plugin.h "$ROOT/include/ecoprod/plugin.h"
sed -e "s|@PREFIX@|$PREFIX|" -e "s|@VERSION@|$VERSION|" Sources/CPluginABI/ecoprod-plugin.pc.in \
  >"$ROOT/lib/$MULTIARCH/pkgconfig/ecoprod-plugin.pc"

# Python: the client package, for the system's python3 (needs python3-protobuf, and
# googleapis-common-protos, which Debian 12 does not package: pip).
install -d -m 0755 "$ROOT/lib/python3/dist-packages"
cp -R --no-preserve=ownership clients/python/src/ecoprod_client "$ROOT/lib/python3/dist-packages/"
find "$ROOT/lib/python3/dist-packages/ecoprod_client" -name __pycache__ -prune -exec rm -rf {} +

# Manuals, completions (written by ecoprodctl itself, so they match its options).
install -D -m 0644 docs/man/ecoprodd.8 "$ROOT/share/man/man8/ecoprodd.8"
install -D -m 0644 docs/man/ecoprodctl.1 "$ROOT/share/man/man1/ecoprodctl.1"
gzip -9nf "$ROOT/share/man/man8/ecoprodd.8" "$ROOT/share/man/man1/ecoprodctl.1"
install -d -m 0755 "$ROOT/share/bash-completion/completions" "$ROOT/share/zsh/vendor-completions" "$ROOT/share/fish/vendor_completions.d"
"$BUILT/ecoprodctl" --generate-completion-script bash >"$ROOT/share/bash-completion/completions/ecoprodctl"
"$BUILT/ecoprodctl" --generate-completion-script zsh >"$ROOT/share/zsh/vendor-completions/_ecoprodctl"
"$BUILT/ecoprodctl" --generate-completion-script fish >"$ROOT/share/fish/vendor_completions.d/ecoprodctl.fish"

# systemd: units, the user and groups, the directories.
install -D -m 0644 -t "$ROOT/lib/systemd/system" systemd/ecoprodd.service systemd/ecoprodd.socket
install -D -m 0644 systemd/sysusers.d/ecoprodd.conf "$ROOT/lib/sysusers.d/ecoprodd.conf"
install -D -m 0644 systemd/tmpfiles.d/ecoprodd.conf "$ROOT/lib/tmpfiles.d/ecoprodd.conf"

install -D -m 0644 -t "$ROOT/share/doc/ecoprodd" README.md docs/OPERATIONS.md docs/PROTOCOL.md docs/PLUGIN_ABI.md
echo "installed ecoprodd $VERSION under $ROOT"
