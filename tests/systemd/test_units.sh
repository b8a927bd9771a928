#!/usr/bin/env bash
# Static checks of the systemd units in systemd/ against this host's systemd:
#   * systemd-analyze verify on copies whose ExecStart/ExecReload point at real
#     executables ($ECOPROD_DAEMON, $ECOPROD_CTL; /bin/true if not built);
#   * systemd-analyze security --offline=yes exposure <= $ECOPROD_MAX_EXPOSURE (1.5);
#   * the contract with the daemon (socket name/mode/group, Type=notify, ExecReload,
#     no PrivateUsers, no RuntimeDirectory that would remove the socket);
#   * sysusers.d and tmpfiles.d applied to a scratch root (tmpfiles part needs root).
# Prints one line per check and a final "N passed, M failed"; exits 1 on any failure.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
units=${ECOPROD_UNITS_DIR:-$repo/systemd}   # override to test modified copies
max_exposure=${ECOPROD_MAX_EXPOSURE:-1.5}

export SYSTEMD_COLORS=0 SYSTEMD_PAGER= SYSTEMD_LOG_COLOR=0 LC_ALL=C.UTF-8

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ecoprod-units.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

if ! command -v systemd-analyze >/dev/null; then
    fail "systemd-analyze is installed"
    finish
fi

# Effective value of KEY in a unit file: last assignment wins, comments ignored.
unit_value() { # FILE KEY
    sed -n -E "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//p" "$1" | tail -n 1 | sed -E 's/[[:space:]]+$//'
}
unit_has() { # FILE KEY=VALUE  (exact, any occurrence)
    grep -q -E "^[[:space:]]*$(printf '%s' "$2" | sed 's/[][\.*^$/]/\\&/g')[[:space:]]*$" "$1"
}

svc_src="$units/ecoprodd.service"
sock_src="$units/ecoprodd.socket"
for f in "$svc_src" "$sock_src" "$units/sysusers.d/ecoprodd.conf" "$units/tmpfiles.d/ecoprodd.conf"; do
    check "exists: ${f#"$repo"/}" test -f "$f"
done
[ -f "$svc_src" ] && [ -f "$sock_src" ] || finish

# --- Executables for verify ---------------------------------------------------
pick_exe() { # VAR ENV_VALUE DEFAULT LABEL
    local want=${2:-$3}
    if [ -x "$want" ] && [ -f "$want" ]; then
        echo "using $4: $want"
        printf -v "$1" '%s' "$want"
    else
        echo "NOTE: $4 '$want' not found or not executable; using /bin/true so verify can still run"
        printf -v "$1" '%s' /bin/true
    fi
}
pick_exe daemon "${ECOPROD_DAEMON:-}" "$repo/.build/debug/ecoprodd" "daemon (ECOPROD_DAEMON)"
pick_exe ctl "${ECOPROD_CTL:-}" "$repo/.build/debug/ecoprodctl" "CLI (ECOPROD_CTL)"

# --- Contract checks on the shipped files --------------------------------------
exec_start=$(unit_value "$svc_src" ExecStart)
exec_reload=$(unit_value "$svc_src" ExecReload)
check "service Type=notify (systemd 252 has no notify-reload)" test "$(unit_value "$svc_src" Type)" = notify
check "service NotifyAccess=main" test "$(unit_value "$svc_src" NotifyAccess)" = main
check "service has WatchdogSec=" test -n "$(unit_value "$svc_src" WatchdogSec)"
check "service ExecStart runs /usr/libexec/ecoprod/ecoprodd" test "${exec_start%% *}" = /usr/libexec/ecoprod/ecoprodd
check "service ExecStart takes every setting from the config file (no flags)" \
    test "$exec_start" = /usr/libexec/ecoprod/ecoprodd
check "service has ExecReload" test -n "$exec_reload"
check "service ExecReload is the admin reload RPC" \
    test "$exec_reload" = "/usr/bin/ecoprodctl --socket /run/ecoprod/ecoprod.sock reload --wait"
check "service Requires= and After= ecoprodd.socket" \
    bash -c 'grep -Eq "^Requires=.*ecoprodd\.socket" "$1" && grep -Eq "^After=.*ecoprodd\.socket" "$1"' _ "$svc_src"
check "service StateDirectory=ecoprod" test "$(unit_value "$svc_src" StateDirectory)" = ecoprod
check "service does not set PrivateUsers (SO_PEERCRED ids would be translated)" \
    bash -c '! grep -Eiq "^[[:space:]]*PrivateUsers[[:space:]]*=[[:space:]]*(yes|true|on|1|self|identity)" "$1"' _ "$svc_src"
check "service has no RuntimeDirectory=ecoprod (would delete the socket on stop)" \
    bash -c '! grep -Eq "^[[:space:]]*RuntimeDirectory[[:space:]]*=.*\becoprod\b" "$1"' _ "$svc_src"
check "service MemoryDenyWriteExecute=yes" test "$(unit_value "$svc_src" MemoryDenyWriteExecute)" = yes

check "socket ListenStream=/run/ecoprod/ecoprod.sock" test "$(unit_value "$sock_src" ListenStream)" = /run/ecoprod/ecoprod.sock
check "socket FileDescriptorName=api" test "$(unit_value "$sock_src" FileDescriptorName)" = api
check "socket SocketMode=0660" test "$(unit_value "$sock_src" SocketMode)" = 0660
check "socket SocketGroup=ecoprod" test "$(unit_value "$sock_src" SocketGroup)" = ecoprod

# --- Rewritten copies for verify/security ---------------------------------------
cp "$svc_src" "$sock_src" "$tmp/"
svc="$tmp/ecoprodd.service"
sock="$tmp/ecoprodd.socket"
# Replace only the program path (first word) and keep the arguments.
esc() { printf '%s' "$1" | sed 's/[&|\\]/\\&/g'; }
sed -i -E \
    -e "s|^([[:space:]]*ExecStart[[:space:]]*=[[:space:]]*[-@:+!]*)[^[:space:]]+|\1$(esc "$daemon")|" \
    -e "s|^([[:space:]]*ExecReload[[:space:]]*=[[:space:]]*[-@:+!]*)[^[:space:]]+|\1$(esc "$ctl")|" \
    "$svc"
check "rewritten ExecStart uses $daemon" grep -q -E "^ExecStart=$(printf '%s' "$daemon" | sed 's/[][\.*^$]/\\&/g')( |$)" "$svc"
check "rewritten ExecReload uses $ctl" grep -q -E "^ExecReload=$(printf '%s' "$ctl" | sed 's/[][\.*^$]/\\&/g') " "$svc"

# --- systemd-analyze verify ------------------------------------------------------
# The units name man:ecoprodd(8), which verify looks up with man(1): the page as installed.
install -D -m 0644 docs/man/ecoprodd.8 "$tmp/man/man8/ecoprodd.8"
verify_out=$(cd "$tmp" && MANPATH="$tmp/man" systemd-analyze verify "$sock" "$svc" 2>&1)
verify_rc=$?
if [ -n "$verify_out" ]; then
    echo "--- systemd-analyze verify output ---"
    printf '%s\n' "$verify_out"
    echo "---"
fi
check "systemd-analyze verify exits 0 (rc=$verify_rc)" test "$verify_rc" -eq 0
check "systemd-analyze verify prints nothing about ecoprodd units" \
    bash -c '! grep -Eq "ecoprodd\.(service|socket)|$1" <<<"$2"' _ "$tmp" "$verify_out"

# --- systemd-analyze security ------------------------------------------------------
sec_out=$(cd "$tmp" && systemd-analyze security --offline=yes --no-pager "$svc" 2>&1)
sec_rc=$?
printf '%s\n' "$sec_out" > "$tmp/security.txt"
exposure=$(grep -o -E 'Overall exposure level for [^:]+: [0-9]+(\.[0-9]+)?' <<<"$sec_out" | tail -n 1 | sed -E 's/.*: //')
if [ -n "$exposure" ]; then
    echo "Overall exposure level: $exposure (max $max_exposure)"
    printf '%s\n' "$sec_out" | grep -E '^✗' || true
    check "security exposure $exposure <= $max_exposure" \
        awk -v e="$exposure" -v m="$max_exposure" 'BEGIN { exit !(e + 0 <= m + 0) }'
else
    echo "--- systemd-analyze security output (rc=$sec_rc) ---"
    printf '%s\n' "$sec_out"
    fail "security prints an 'Overall exposure level' line"
fi
# security --offline also runs the verify checks; nothing about our units may show up
# apart from the table.
sec_warn=$(grep -E "ecoprodd\.(service|socket)" <<<"$sec_out" | grep -v -E 'Overall exposure level' || true)
[ -n "$sec_warn" ] && printf '%s\n' "$sec_warn"
check "security --offline prints no warnings about the units" test -z "$sec_warn"

# --- sysusers.d and tmpfiles.d in a scratch root --------------------------------------
root="$tmp/root"
mkdir -p "$root/etc"
printf 'root:x:0:0:root:/root:/bin/bash\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
if sysusers_out=$(systemd-sysusers --root="$root" "$units/sysusers.d/ecoprodd.conf" 2>&1); then
    pass "systemd-sysusers applies sysusers.d/ecoprodd.conf"
else
    printf '%s\n' "$sysusers_out"
    fail "systemd-sysusers applies sysusers.d/ecoprodd.conf"
fi
gid_of() { awk -F: -v n="$1" '$1 == n { print $3 }' "$root/etc/group"; }
for g in ecoprod ecoprod-editors ecoprod-admins; do
    check "sysusers creates group $g" test -n "$(gid_of "$g")"
done
svc_user=$(unit_value "$svc_src" User)
svc_group=$(unit_value "$svc_src" Group)
if [ -n "$svc_user" ]; then
    user_line=$(awk -F: -v n="$svc_user" '$1 == n' "$root/etc/passwd")
    check "sysusers creates the service user '$svc_user'" test -n "$user_line"
    check "service user's primary group is the socket group (ExecReload can connect)" \
        test "$(cut -d: -f4 <<<"$user_line")" = "$(gid_of ecoprod)"
    [ -n "$svc_group" ] && check "service Group=$svc_group exists" test -n "$(gid_of "$svc_group")"
else
    check "service without User= uses DynamicUser=yes" test "$(unit_value "$svc_src" DynamicUser)" = yes
fi

if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$root/etc/ecoprod"
    printf '[Daemon]\n' > "$root/etc/ecoprod/ecoprodd.conf"
    chmod 0666 "$root/etc/ecoprod/ecoprodd.conf"
    if tmpfiles_out=$(systemd-tmpfiles --root="$root" --create "$units/tmpfiles.d/ecoprodd.conf" 2>&1); then
        pass "systemd-tmpfiles applies tmpfiles.d/ecoprodd.conf"
    else
        printf '%s\n' "$tmpfiles_out"
        fail "systemd-tmpfiles applies tmpfiles.d/ecoprodd.conf"
    fi
    uid=$(awk -F: '$1 == "ecoprod" { print $3 }' "$root/etc/passwd")
    gid=$(gid_of ecoprod)
    st() { stat -c '%a %u:%g' "$root$1" 2>/dev/null; }
    check "/var/lib/ecoprod is 700 ecoprod:ecoprod" test "$(st /var/lib/ecoprod)" = "700 $uid:$gid"
    check "/var/lib/ecoprod matches StateDirectoryMode=" \
        test "0$(stat -c %a "$root/var/lib/ecoprod" 2>/dev/null)" = "$(unit_value "$svc_src" StateDirectoryMode)"
    check "/etc/ecoprod is 750 root:ecoprod" test "$(st /etc/ecoprod)" = "750 0:$gid"
    check "/etc/ecoprod/ecoprodd.conf is 640 root:ecoprod" test "$(st /etc/ecoprod/ecoprodd.conf)" = "640 0:$gid"
else
    echo "SKIP: tmpfiles.d checks need root (chown)"
fi

finish
