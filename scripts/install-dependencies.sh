#!/usr/bin/env bash
# Installs what building, running and testing ecoprodd needs on Debian 12, and only
# what is missing: system packages through apt, Python test packages through pip.
# Runs as root, or through sudo when it is available.
set -euo pipefail

packages=(
  build-essential pkg-config
  libsystemd-dev systemd          # sd_notify, sd_listen_fds, journald; systemd-socket-activate, systemd-analyze
  libprotobuf-c-dev protobuf-c-compiler protobuf-compiler
  libsqlite3-dev sqlite3
  libssl-dev                      # libcrypto's SHA-256 for evidence files
  util-linux                      # setpriv, for the permission tests
  python3 python3-pip
  jq                              # the README's and OPERATIONS' shell examples
  zip unzip                       # the dossier tests (unzip -t) and its benchmark (zip -0 -r)
  systemd-container debootstrap   # tests/system: a Debian 12 rootfs booted with systemd-nspawn
  patchelf dpkg-dev               # make install / make deb: $ORIGIN RUNPATHs, dpkg-shlibdeps
  man-db                          # systemd-analyze verify looks up the units' man page
)
# Tools we did not write that must open what we produce — the AFNOR dossier's workbook,
# the signatory map's SVG and HTML page; without their recommends (fonts, Java, a
# desktop), which would triple the download.
lean_packages=(
  libreoffice-calc-nogui poppler-utils
  librsvg2-bin chromium fonts-dejavu-core
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

not_installed() {
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
  done
}
mapfile -t missing < <(not_installed "${packages[@]}")
mapfile -t missing_lean < <(not_installed "${lean_packages[@]}")
if [ ${#missing[@]} -gt 0 ] || [ ${#missing_lean[@]} -gt 0 ]; then
  echo "installing: ${missing[*]} ${missing_lean[*]}"
  as_root apt-get update -qq
  [ ${#missing[@]} -eq 0 ] || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  [ ${#missing_lean[@]} -eq 0 ] || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_lean[@]}"
fi

if ! command -v swift >/dev/null; then
  for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
    [ -x "$candidate/swift" ] && export PATH="$candidate:$PATH"
  done
  command -v swift >/dev/null || { echo "Swift 6 is required (https://www.swift.org/install/linux/)" >&2; exit 1; }
fi

python_packages=(protobuf googleapis-common-protos pytest openpyxl)
if ! python3 -c 'import google.protobuf, google.rpc.status_pb2, pytest, openpyxl' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check "${python_packages[@]}" 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${python_packages[@]}"
fi
