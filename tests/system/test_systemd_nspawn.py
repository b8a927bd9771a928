"""ecoprodd installed from its .deb into a booted Debian 12, driven with systemctl.

Root only. Boots a fresh copy of a cached debootstrapped rootfs with systemd-nspawn
(see nspawn.py), installs the package with apt, and checks, in file order, each test
building on the ones before: socket activation, the socket's group gate, reload,
SIGKILL and restart, the drain on stop, journald fields, the sandbox's exposure,
upgrade, remove and purge.

The packages: $ECOPROD_DEB and $ECOPROD_DEB_UPGRADE, or else built here with
`make deb` and `make deb VERSION=<that version>+upgrade1`.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import nspawn  # noqa: E402
from nspawn import PACKAGES_INSIDE, Container, unit_properties  # noqa: E402

SERVICE = "ecoprodd.service"
SOCKET_UNIT = "ecoprodd.socket"
SOCKET_PATH = "/run/ecoprod/ecoprod.sock"
STATE_DIRECTORY = "/var/lib/ecoprod"
CONFIG_DIRECTORY = "/etc/ecoprod"
MAX_EXPOSURE = 1.5
# The second build for the upgrade test: the same sources under a higher version.
UPGRADE_SUFFIX = "+upgrade1"

# Users made inside the container: the socket admits the "ecoprod" group only, the
# daemon makes members of "ecoprod-editors" editors.
READER = "reader"
EDITOR = "editor"
OUTSIDER = "outsider"
TEST_USERS = {READER: ["ecoprod"], EDITOR: ["ecoprod", "ecoprod-editors"], OUTSIDER: []}


@dataclass
class Package:
    path: Path
    version: str


def progress(message: str) -> None:
    print(f"[system] {message}", file=sys.stderr, flush=True)


def skip_reason() -> str | None:
    if os.geteuid() != 0:
        return "needs root: boots a Debian 12 container with systemd-nspawn (run with sudo)"
    missing = nspawn.missing_tools()
    if missing:
        return (f"{', '.join(missing)} not installed: apt-get install systemd-container debootstrap "
                "(scripts/install-dependencies.sh does)")
    return None


def package_version(path: Path) -> str:
    return subprocess.run(["dpkg-deb", "--field", str(path), "Version"], check=True,
                          capture_output=True, text=True).stdout.strip()


def make_deb(version: str | None = None) -> Package:
    """Runs `make deb [VERSION=version]` at the repository root and returns the package it built."""
    variables = [f"VERSION={version}"] if version else []
    described = " ".join(["make deb", *variables])
    started = time.monotonic()
    result = subprocess.run(["make", "-C", str(REPO), "deb", *variables], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"{described} failed with {result.returncode}:\n"
                    f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    built = sorted((REPO / "build" / "deb").glob("ecoprodd_*_*.deb"), key=lambda path: path.stat().st_mtime)
    if version:
        # File names carry the version without its epoch.
        built = [path for path in built if path.name.split("_")[1] == version.split(":")[-1]]
    else:
        # Not by mtime alone: make may leave an up-to-date package older than the last upgrade build.
        built = [path for path in built if UPGRADE_SUFFIX not in path.name]
    if not built:
        pytest.fail(f"{described} succeeded but wrote no build/deb/ecoprodd_<version>_<arch>.deb")
    progress(f"{described}: {built[-1].name} in {time.monotonic() - started:.0f} s")
    return Package(built[-1], package_version(built[-1]))


def packages_under_test() -> tuple[Package, Package]:
    given = os.environ.get("ECOPROD_DEB")
    base = Package(Path(given), package_version(Path(given))) if given else make_deb()
    given_upgrade = os.environ.get("ECOPROD_DEB_UPGRADE")
    if given_upgrade:
        upgrade = Package(Path(given_upgrade), package_version(Path(given_upgrade)))
    else:
        upgrade = make_deb(base.version + UPGRADE_SUFFIX)
    if subprocess.run(["dpkg", "--compare-versions", upgrade.version, "gt", base.version]).returncode != 0:
        pytest.fail(f"the upgrade package's version {upgrade.version} is not above {base.version}")
    return base, upgrade


@pytest.fixture(scope="module")
def packages() -> tuple[Package, Package]:
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    return packages_under_test()


@pytest.fixture(scope="module")
def box(packages) -> Iterator[Container]:
    """The booted container with the first package installed; always torn down."""
    base, upgrade = packages
    rootfs = nspawn.cached_rootfs(progress)
    started = time.monotonic()
    with Container(rootfs, [base.path, upgrade.path], progress) as container:
        try:
            if container.wait_until_booted() == "degraded":
                progress("failed units:\n" + container.run("systemctl", "--failed", "--no-legend", check=False).stdout)
            apt_install(container, base)
            for user, groups in TEST_USERS.items():
                container.run("useradd", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin",
                              *(["--groups", ",".join(groups)] if groups else []), user)
        except BaseException:
            print_diagnostics(container, console=True)
            raise
        progress(f"{base.path.name} installed; container ready {time.monotonic() - started:.1f} s after the copy began")
        yield container
        finishing = time.monotonic()
    progress(f"container torn down in {time.monotonic() - finishing:.1f} s")


@pytest.fixture(scope="module")
def written() -> Dict[str, str]:
    """What earlier tests wrote and later ones read back: {"organisation": id, "name": name}."""
    return {}


@pytest.fixture(autouse=True)
def diagnostics_on_failure(request, box):
    failures_before = request.session.testsfailed
    yield
    if request.session.testsfailed > failures_before:
        print_diagnostics(box)


def print_diagnostics(container: Container, console: bool = False) -> None:
    # Never raises: it runs while a failure is being reported, which it must not hide.
    for title, command in (
        (f"systemctl status {SOCKET_UNIT} {SERVICE}",
         ["systemctl", "status", "--no-pager", "--lines=0", SOCKET_UNIT, SERVICE]),
        ("journalctl -u ecoprodd (last 200 lines)",
         ["journalctl", "--no-pager", "-u", SOCKET_UNIT, "-u", SERVICE, "-n", "200", "-o", "short-precise"]),
    ):
        print(f"--- {title}")
        try:
            print(container.run(*command, check=False, timeout=30).stdout)
        except Exception as error:  # noqa: BLE001
            print(f"(failed: {error})")
    if console:
        print("--- container console (last 60 lines)")
        print(container.console_tail())


# --- Helpers --------------------------------------------------------------------


def apt_install(container: Container, package: Package) -> None:
    # No network in the container: apt resolves the dependencies from the rootfs alone.
    installed = container.run("apt-get", "install", "--yes", "--quiet", "--no-install-recommends",
                              "-o", "DPkg::Lock::Timeout=60", f"{PACKAGES_INSIDE}/{package.path.name}",
                              check=False, timeout=300)
    if installed.returncode != 0:
        hint = ("\nA dependency the rootfs lacks (the container has no network): add it to "
                "ROOTFS_PACKAGES in tests/system/nspawn.py." if "Failed to fetch" in installed.stderr else "")
        pytest.fail(f"apt-get install {package.path.name} exited with {installed.returncode}{hint}\n"
                    f"--- stdout\n{installed.stdout[-4000:]}--- stderr\n{installed.stderr[-4000:]}")


def ctl(container: Container, *arguments: str, user: str = "root", check: bool = True) -> subprocess.CompletedProcess:
    return container.run("ecoprodctl", *arguments, user=user, check=check)


def ctl_json(container: Container, *arguments: str, user: str = "root") -> dict:
    return json.loads(ctl(container, "--output", "json", *arguments, user=user).stdout)


def is_active(container: Container, unit: str) -> str:
    return container.run("systemctl", "is-active", unit, check=False).stdout.strip()


def path_exists(container: Container, path: str) -> bool:
    return container.run("test", "-e", path, check=False).returncode == 0


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout} s: {what}")
        time.sleep(0.2)


def journal_cursor(container: Container) -> str:
    last = container.journal("-n", "1", "-o", "json").strip()
    return json.loads(last)["__CURSOR"] if last else ""


def daemon_messages_since(container: Container, cursor: str) -> List[str]:
    # Filtered here rather than with -t: journalctl 252 with a match and --after-cursor
    # skips the first matching entry when the cursor's own entry does not match. By
    # identifier rather than unit: the last lines of an exiting process may reach
    # journald after the process is gone, too late to be attributed to its unit.
    arguments = ["-o", "json"] + ([f"--after-cursor={cursor}"] if cursor else [])
    entries = [json.loads(line) for line in container.journal(*arguments).splitlines() if line.strip()]
    return [entry.get("MESSAGE", "") for entry in entries if entry.get("SYSLOG_IDENTIFIER") == "ecoprodd"]


# --- Tests, in order ----------------------------------------------------------------


def test_the_package_carries_its_runtime_and_what_developers_need(packages, tmp_path):
    """Before any container: the .deb's files, unpacked, stand on their own."""
    base, _ = packages
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(base.path), str(root)], check=True)
    usr = root / "usr"
    elves = [path for path in usr.rglob("*") if path.is_file() and not path.is_symlink()
             and path.read_bytes()[:4] == b"\x7fELF"]
    assert len(elves) >= 20, elves
    for elf in elves:
        dynamic = subprocess.run(["readelf", "-d", str(elf)], check=True, capture_output=True, text=True).stdout
        runpaths = re.findall(r"R(?:UN)?PATH\)\s+Library r(?:un)?path: \[(.*)\]", dynamic)
        for runpath in runpaths:
            assert all(entry.startswith("$ORIGIN") for entry in runpath.split(":")), f"{elf}: {runpath}"
        if "libswift" in dynamic or "libFoundation" in dynamic:
            # Every Swift library resolves inside the package, never to the build machine's toolchain.
            resolved = subprocess.run(["ldd", str(elf)], check=True, capture_output=True, text=True).stdout
            for name, path in re.findall(r"^\s*(\S+) => (\S+)", resolved, re.MULTILINE):
                if "swift" in name.lower() or "Foundation" in name:
                    assert os.path.realpath(path).startswith(f"{usr}/lib/ecoprod/swift/"), f"{elf}: {name} => {path}"

    multiarch = subprocess.run(["gcc", "-print-multiarch"], check=True, capture_output=True, text=True).stdout.strip()
    # The staged .pc files, and the system's for libprotobuf-c, which ecoprod-client requires.
    pkgconfig = {"PKG_CONFIG_SYSROOT_DIR": str(root), "PKG_CONFIG_PATH": str(usr / "lib" / multiarch / "pkgconfig"),
                 "PATH": os.environ["PATH"]}
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "ecoprod-client"], check=True, capture_output=True,
                           text=True, env=pkgconfig).stdout.split()
    subprocess.run(["cc", "-std=c99", "-o", str(tmp_path / "health"), str(REPO / "clients/c/examples/health.c"), *flags],
                   check=True)
    plugin_flags = subprocess.run(["pkg-config", "--cflags", "ecoprod-plugin"], check=True, capture_output=True,
                                  text=True, env=pkgconfig).stdout.split()
    subprocess.run(["cc", "-std=c99", "-fsyntax-only", *plugin_flags, "-x", "c", "-"], input="#include <ecoprod/plugin.h>\n",
                   check=True, text=True)

    for page in ("man8/ecoprodd.8.gz", "man1/ecoprodctl.1.gz"):
        rendered = subprocess.run(["man", "-l", str(usr / "share/man" / page)], check=True, capture_output=True,
                                  text=True, env={**os.environ, "MANWIDTH": "80"}).stdout
        assert "NAME" in rendered and "backup" in rendered, page
    imported = subprocess.run([sys.executable, "-c", "import ecoprod_client; print(ecoprod_client.__version__)"],
                              check=True, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(usr / "lib/python3/dist-packages")}).stdout.strip()
    assert base.version.startswith(imported), imported
    subprocess.run(["bash", "-n", str(usr / "share/bash-completion/completions/ecoprodctl")], check=True)
    for shipped in ("share/zsh/vendor-completions/_ecoprodctl", "share/fish/vendor_completions.d/ecoprodctl.fish",
                    "share/ecoprod/README.md", "share/ecoprod/geo/fr_postcodes.csv", "share/doc/ecoprodd/copyright",
                    "lib/systemd/system/ecoprodd.socket", "include/ecoprod-client/ecoprod/client.h"):
        assert (usr / shipped).is_file(), shipped
    assert "ODbL" in (usr / "share/doc/ecoprodd/copyright").read_text()


def test_install_enables_and_starts_the_socket_only(box):
    assert box.run("systemctl", "is-enabled", SOCKET_UNIT).stdout.strip() == "enabled"
    assert is_active(box, SOCKET_UNIT) == "active"
    assert is_active(box, SERVICE) == "inactive", "the service starts on the first connection, not at install"
    assert box.run("stat", "--format=%U:%G %a %F", SOCKET_PATH).stdout.strip() == "root:ecoprod 660 socket"
    for group in ("ecoprod", "ecoprod-editors", "ecoprod-admins"):
        box.run("getent", "group", group)
    box.run("getent", "passwd", "ecoprod")
    assert box.run("stat", "--format=%U:%G %a", CONFIG_DIRECTORY).stdout.strip() == "root:ecoprod 750"
    config_file = box.run("stat", "--format=%U:%G %a %F", f"{CONFIG_DIRECTORY}/ecoprodd.conf").stdout.strip()
    assert config_file.startswith("root:ecoprod 640 regular"), config_file
    assert box.run("stat", "--format=%U:%G %a", STATE_DIRECTORY).stdout.strip() == "ecoprod:ecoprod 700"
    for path in ("/usr/libexec/ecoprod/ecoprodd", "/usr/bin/ecoprodctl", "/usr/lib/ecoprod/plugins",
                 "/usr/share/ecoprod", "/usr/lib/systemd/system/ecoprodd.service",
                 "/usr/lib/systemd/system/ecoprodd.socket", "/usr/lib/sysusers.d/ecoprodd.conf",
                 "/usr/lib/tmpfiles.d/ecoprodd.conf"):
        assert path_exists(box, path), f"{path} is not installed"


def test_first_connection_starts_the_service(box):
    assert is_active(box, SERVICE) == "inactive"
    assert ctl(box, "health").stdout.strip() == "serving"
    service = unit_properties(box, SERVICE, "ActiveState", "SubState", "TriggeredBy", "StatusText")
    assert (service["ActiveState"], service["SubState"]) == ("active", "running")
    assert service["TriggeredBy"] == SOCKET_UNIT
    assert service["StatusText"].startswith("serving on "), service["StatusText"]
    assert ctl_json(box, "info").get("socketActivated") is True


def test_member_of_the_ecoprod_group_uses_ecoprodctl(box):
    assert ctl(box, "health", user=READER).stdout.strip() == "serving"
    assert ctl_json(box, "info", user=READER)["caller"]["role"] == "ROLE_READER"


def test_user_in_no_group_is_refused_at_the_socket(box):
    refused = ctl(box, "health", user=OUTSIDER, check=False)
    assert refused.returncode == 77, refused
    assert "permission denied" in refused.stderr.lower(), refused.stderr


def test_systemctl_reload_reloads_and_says_so_in_status(box):
    box.run("systemctl", "reload", SERVICE)
    status_text = unit_properties(box, SERVICE, "StatusText")["StatusText"]
    assert re.match(r"serving; reloaded \(generation \d+\)", status_text), status_text
    assert f'Status: "{status_text}"' in box.run("systemctl", "status", "--no-pager", SERVICE).stdout


def test_journal_has_the_daemons_structured_fields(box):
    entries = [json.loads(line) for line in box.journal("-u", SERVICE, "-o", "json").splitlines() if line.strip()]
    assert any(entry.get("ECOPROD_LOGGER") == "ecoprodd" for entry in entries), "no entry with ECOPROD_LOGGER"
    # The reload above was a mutating call by ExecReload's ecoprodctl, which runs as the service user.
    service_uid = box.run("id", "-u", "ecoprod").stdout.strip()
    reloads = [entry for entry in entries if entry.get("ECOPROD_METHOD") == "/ecoprod.daemon.v1.Daemon/Reload"]
    assert reloads, "no entry with ECOPROD_METHOD=/ecoprod.daemon.v1.Daemon/Reload"
    assert reloads[-1].get("ECOPROD_PEER_UID") == service_uid, reloads[-1]


def test_sigkill_is_followed_by_a_restart_and_no_data_loss(box, written):
    name = f"Traiteur Système {os.getpid()}"
    organisation = ctl_json(box, "org", "create", "--kind", "prestataire", "--name", name, "--postcode", "69002",
                            "--category", "catering", user=EDITOR)
    written.update(organisation=organisation["id"], name=name)
    before = unit_properties(box, SERVICE, "MainPID", "NRestarts")

    box.run("systemctl", "kill", "--signal=KILL", SERVICE)

    def restarted() -> bool:
        now = unit_properties(box, SERVICE, "ActiveState", "MainPID", "NRestarts")
        return (now["ActiveState"] == "active" and now["MainPID"] not in ("0", before["MainPID"])
                and int(now["NRestarts"]) == int(before["NRestarts"]) + 1)
    # Restarted by Restart=on-failure (NRestarts counts those), not by a connection to the socket.
    wait_for(restarted, 60, f"{SERVICE} restarted after SIGKILL")
    assert ctl_json(box, "org", "show", organisation["id"], user=READER)["details"]["name"] == name


def test_backup_while_serving_then_restore_with_the_daemon_stopped(box, written):
    if "organisation" not in written:
        pytest.skip("needs the organisation written by test_sigkill_is_followed_by_a_restart_and_no_data_loss")
    # Inside the service's sandbox: the snapshot is staged in the state directory, the only
    # place the daemon may write.
    ctl(box, "backup", "-o", "/root/ecoprod-backup.tar")
    listing = box.run("tar", "-tf", "/root/ecoprod-backup.tar").stdout.split()
    assert listing[:4] == ["MANIFEST.json", "label.sqlite", "carbon.sqlite", "directory.sqlite"], listing
    later = ctl_json(box, "org", "create", "--kind", "prestataire", "--name", "Après la sauvegarde", user=EDITOR)

    refused = ctl(box, "restore", "/root/ecoprod-backup.tar", check=False)
    assert refused.returncode == 1 and "in use by another ecoprodd" in refused.stderr, refused
    box.run("systemctl", "stop", SOCKET_UNIT, SERVICE)
    restored = ctl(box, "restore", "/root/ecoprod-backup.tar")
    assert "the state it replaced is in /var/lib/ecoprod/replaced-" in restored.stdout, restored.stdout
    owners = box.run("stat", "--format=%U", f"{STATE_DIRECTORY}/label.sqlite", f"{STATE_DIRECTORY}/ecoprodd.lock").stdout.split()
    assert owners == ["ecoprod", "ecoprod"], owners
    box.run("systemctl", "start", SOCKET_UNIT)

    assert ctl_json(box, "org", "show", written["organisation"], user=READER)["details"]["name"] == written["name"]
    gone = ctl(box, "org", "show", later["id"], user=READER, check=False)
    assert gone.returncode == 1 and "NOT_FOUND" in gone.stderr, "the state is the backup's: what came after it is not there"


def test_stop_drains_calls_in_flight(box):
    assert ctl(box, "health").stdout.strip() == "serving"
    watch = box.popen("ecoprodctl", "--output", "json", "watch", user=READER)
    try:
        first = watch.next_line(timeout=30)
        assert first is not None and json.loads(first)["topic"] == "daemon.watch.started", first
        cursor = journal_cursor(box)

        box.run("systemctl", "stop", SERVICE)

        assert watch.wait(timeout=30) == 0, f"watch did not end cleanly: {watch.stderr}"
        topics = [json.loads(line)["topic"] for line in watch.remaining_lines() if line.strip()]
        assert "daemon.stopping" in topics, topics
    except queue.Empty:
        pytest.fail(f"no line from ecoprodctl watch within 30 s; stderr: {watch.stderr}")
    finally:
        watch.kill()
    service = unit_properties(box, SERVICE, "ActiveState", "Result", "ExecMainCode", "ExecMainStatus")
    # ExecMainCode 1 is CLD_EXITED: the daemon exited by itself, with status 0.
    assert service == {"ActiveState": "inactive", "Result": "success", "ExecMainCode": "1",
                       "ExecMainStatus": "0"}, service
    messages = daemon_messages_since(box, cursor)
    draining = [line for line in messages if re.match(r"stopping: draining \d+ calls in flight", line)]
    assert draining and int(draining[0].split()[2]) >= 1, f"the watch was not in flight when stop began: {messages}"
    assert "stopped" in messages, messages
    assert not any("still in flight" in line for line in messages), messages
    assert is_active(box, SOCKET_UNIT) == "active", "stopping the service must leave the socket listening"


def test_systemd_analyze_security_rates_exposure_at_most_1_5(box):
    report = box.run("systemd-analyze", "security", "--no-pager", SERVICE, check=False).stdout
    overall = re.search(r"Overall exposure level for ecoprodd\.service: (\d+\.\d+)", report)
    assert overall, report
    costs = []
    for line in report.splitlines():
        setting = re.match(r"\s*✗\s+(\S+)\s+(.*?)\s+(\d+\.\d+)\s*$", line)
        if setting:
            costs.append((float(setting.group(3)), setting.group(1), setting.group(2)))
    costliest = "\n".join(f"  {cost:.1f}  {name}  {why}" for cost, name, why in sorted(costs, reverse=True)[:10])
    progress(f"systemd-analyze security: exposure {overall.group(1)}")
    assert float(overall.group(1)) <= MAX_EXPOSURE, f"exposure {overall.group(1)}; costliest settings:\n{costliest}"


def test_upgrade_keeps_data_and_restarts_the_running_service(box, packages, written):
    if "organisation" not in written:
        pytest.skip("needs the organisation written by test_sigkill_is_followed_by_a_restart_and_no_data_loss")
    _, upgrade = packages
    assert ctl(box, "health").stdout.strip() == "serving"
    running_pid = unit_properties(box, SERVICE, "MainPID")["MainPID"]

    apt_install(box, upgrade)

    assert box.run("dpkg-query", "--showformat=${Version}", "--show", "ecoprodd").stdout == upgrade.version
    service = unit_properties(box, SERVICE, "ActiveState", "MainPID")
    assert service["ActiveState"] == "active" and service["MainPID"] != running_pid, \
        f"the upgrade did not restart the running service: {service}, was pid {running_pid}"
    assert box.run("systemctl", "is-enabled", SOCKET_UNIT).stdout.strip() == "enabled"
    assert ctl_json(box, "org", "show", written["organisation"], user=READER)["details"]["name"] == written["name"]


def test_remove_stops_both_units_and_keeps_the_state(box):
    box.run("apt-get", "remove", "--yes", "--quiet", "-o", "DPkg::Lock::Timeout=60", "ecoprodd", timeout=300)
    assert is_active(box, SERVICE) == "inactive"
    assert is_active(box, SOCKET_UNIT) == "inactive"
    assert not path_exists(box, SOCKET_PATH)
    assert not path_exists(box, "/usr/libexec/ecoprod/ecoprodd")
    assert box.run("ls", "-A", STATE_DIRECTORY).stdout.strip(), f"{STATE_DIRECTORY} is gone or empty after remove"
    assert box.run("dpkg-query", "--showformat=${db:Status-Abbrev}", "--show", "ecoprodd").stdout.strip() == "rc"


def test_purge_removes_state_and_configuration(box):
    box.run("apt-get", "purge", "--yes", "--quiet", "-o", "DPkg::Lock::Timeout=60", "ecoprodd", timeout=300)
    assert not path_exists(box, STATE_DIRECTORY)
    assert not path_exists(box, CONFIG_DIRECTORY)
    status = box.run("dpkg-query", "--showformat=${db:Status-Abbrev}", "--show", "ecoprodd", check=False)
    assert status.returncode != 0 or status.stdout.strip() in ("un", "pn"), status
