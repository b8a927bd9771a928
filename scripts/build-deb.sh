#!/usr/bin/env bash
# Builds build/deb/ecoprodd_<version>_<arch>.deb with dpkg-deb: what scripts/install.sh
# installs with PREFIX=/usr, the maintainer scripts of packaging/debian, and Depends
# computed by dpkg-shlibdeps from what the binaries link (the Swift runtime ships inside).
# `make deb` runs it; VERSION=... builds the same files under another version.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=${VERSION:-$(sed -n 's/.*static let current = "\(.*\)"/\1/p' Sources/Protocol/Version.swift)}
ARCH=$(dpkg --print-architecture)
OUT=build/deb
STAGE=$OUT/ecoprodd_${VERSION}_$ARCH
rm -rf "$STAGE" && mkdir -p "$STAGE"
DESTDIR="$PWD/$STAGE" PREFIX=/usr scripts/install.sh
install -D -m 0644 packaging/debian/copyright "$STAGE/usr/share/doc/ecoprodd/copyright"

# The shared libraries the binaries need from Debian, at the versions they were built against.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/debian" && printf 'Source: ecoprodd\n\nPackage: ecoprodd\nArchitecture: any\n' >"$scratch/debian/control"
binaries=("$PWD/$STAGE/usr/libexec/ecoprod/ecoprodd" "$PWD/$STAGE/usr/bin/ecoprodctl" "$PWD/$STAGE"/usr/lib/ecoprod/plugins/*.so
          "$PWD/$STAGE"/usr/lib/ecoprod/swift/*.so "$PWD/$STAGE"/usr/lib/*/libecoprod-client.so.*)
depends=$(cd "$scratch" && dpkg-shlibdeps -O -l"$PWD/$STAGE/usr/lib/ecoprod/swift" "${binaries[@]}" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')

install -d -m 0755 "$STAGE/DEBIAN"
install -m 0755 -t "$STAGE/DEBIAN" packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm
cat >"$STAGE/DEBIAN/control" <<CONTROL
Package: ecoprodd
Version: $VERSION
Architecture: $ARCH
Maintainer: ecoprodd authors <ecoprodd@localhost>
Section: admin
Priority: optional
Depends: $depends, systemd (>= 252), init-system-helpers (>= 1.52)
Suggests: python3-protobuf
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Homepage: https://www.ecoprod.com
Description: eco-responsible screen production service (label, carbon, directory)
 ecoprodd brings the Ecoprod label's framework and scoring, a carbon calculator,
 the directory of providers with the commitment charter and its signatory map, and
 the AFNOR certification dossier to a studio's own machines: a systemd service on a
 Unix socket (protobuf in ttrpc framing), with ecoprodctl, a C client library and a
 Python client. State stays in SQLite under /var/lib/ecoprod.
CONTROL
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$OUT/ecoprodd_${VERSION}_$ARCH.deb" >/dev/null
rm -rf "$STAGE"
echo "$OUT/ecoprodd_${VERSION}_$ARCH.deb"
