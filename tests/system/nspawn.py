"""Debian 12 containers booted with systemd-nspawn, for the end-to-end systemd tests.

A minimal bookworm rootfs is debootstrapped once into
${ECOPROD_TEST_CACHE:-/var/cache/ecoprod-tests}/debian12-rootfs/<key>, where the key
is a hash of everything that shapes it (suite, mirror, ROOTFS_PACKAGES, the setup
steps); a changed list builds a new one and removes the old. Each container boots a
fresh copy of it, so runs never change the cache.

Works on hosts whose PID 1 is not systemd (no machined, no bus to ask for a scope):
the container is then started in a cgroup of its own with --keep-unit, and commands
run inside through nsenter into its PID 1's namespaces.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Dict, List, Optional, Sequence

SUITE = "bookworm"
MIRROR = "http://deb.debian.org/debian"  # as in this host's /etc/apt/sources.list.d/debian.sources

# Installed on top of --variant=minbase: an init, and every package ecoprodd_*.deb
# depends on, so that `apt-get install ./ecoprodd_*.deb` in the container needs no
# network (it has none). Extend it when the package gains a dependency.
ROOTFS_PACKAGES = (
    "systemd", "systemd-sysv", "dbus",  # PID 1, systemctl, journalctl, systemd-analyze
    "libsystemd0",                      # sd_notify, sd_listen_fds, the journal
    "libprotobuf-c1",                   # C plugins
    "libsqlite3-0",                     # the state databases
    "libssl3",                          # libcrypto's SHA-256 for evidence files
    "libstdc++6", "libgcc-s1",          # the Swift runtime
)

# Their timers are Persistent=true, so they fire at the first boot of a fresh copy
# and would hold the dpkg lock while a test installs the package.
MASKED_UNITS = ("apt-daily.timer", "apt-daily-upgrade.timer")
ROOTFS_HOSTNAME = "ecoprod-test"
# Bump when the setup steps in _build_rootfs change, so caches built by older code are rebuilt.
ROOTFS_LAYOUT = 1

INSIDE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
INSIDE_ENVIRONMENT = {
    "PATH": INSIDE_PATH,
    "LANG": "C.UTF-8",
    "TERM": "dumb",
    "SYSTEMD_PAGER": "",
    "SYSTEMD_COLORS": "0",
    "DEBIAN_FRONTEND": "noninteractive",
}
# Where packages handed to Container.boot appear inside.
PACKAGES_INSIDE = "/srv/ecoprod-debs"


class ContainerError(RuntimeError):
    pass


class CommandFailed(ContainerError):
    def __init__(self, command: Sequence[str], result: subprocess.CompletedProcess):
        self.result = result
        super().__init__(
            f"{' '.join(command)} exited with {result.returncode}\n"
            f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
        )


def missing_tools() -> List[str]:
    return [tool for tool in ("systemd-nspawn", "debootstrap", "nsenter") if shutil.which(tool) is None]


def cache_directory() -> Path:
    return Path(os.environ.get("ECOPROD_TEST_CACHE", "/var/cache/ecoprod-tests"))


def rootfs_key() -> str:
    shape = {"suite": SUITE, "mirror": MIRROR, "packages": sorted(ROOTFS_PACKAGES),
             "masked": sorted(MASKED_UNITS), "hostname": ROOTFS_HOSTNAME, "layout": ROOTFS_LAYOUT}
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]


class _CacheLock:
    """Serialises building, pruning and copying the cached rootfs between concurrent runs."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / ".lock"

    def __enter__(self):
        self.file = open(self.path, "w")
        fcntl.flock(self.file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        self.file.close()


def cached_rootfs(progress=print) -> Path:
    """The cached rootfs for the current ROOTFS_PACKAGES, debootstrapped if missing."""
    base = cache_directory() / "debian12-rootfs"
    key = rootfs_key()
    target = base / key
    with _CacheLock(base):
        for entry in base.iterdir():
            if entry.name not in (key, ".lock", "debootstrap.log"):
                progress(f"removing rootfs cache for another package list: {entry}")
                shutil.rmtree(entry, ignore_errors=True)
        if not target.is_dir():
            _build_rootfs(base, target, progress)
    return target


def _build_rootfs(base: Path, target: Path, progress) -> None:
    partial = base / f".{target.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    log_path = base / "debootstrap.log"
    command = ["debootstrap", "--variant=minbase", f"--include={','.join(ROOTFS_PACKAGES)}",
               SUITE, str(partial), MIRROR]
    progress(f"debootstrapping {SUITE} into {target} (log: {log_path}); this happens once per package list")
    started = time.monotonic()
    with open(log_path, "w") as log:
        result = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        raise ContainerError(f"{' '.join(command)} failed with {result.returncode}:\n{_tail(log_path, 40)}")
    subprocess.run(["systemctl", f"--root={partial}", "mask", *MASKED_UNITS], check=True,
                   capture_output=True, text=True)
    (partial / "etc" / "hostname").write_text(ROOTFS_HOSTNAME + "\n")
    subprocess.run(["chroot", str(partial), "apt-get", "clean"], check=True, capture_output=True, text=True)
    partial.rename(target)
    progress(f"rootfs ready in {time.monotonic() - started:.0f} s")


def _tail(path: Path, lines: int) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as error:
        return f"({path}: {error})"


def _host_runs_systemd() -> bool:
    return Path("/run/systemd/system").is_dir()


def _cgroup_hierarchies() -> List[Path]:
    """The hierarchies systemd uses: the unified one, plus name=systemd on a hybrid or legacy host."""
    root = Path("/sys/fs/cgroup")
    if (root / "cgroup.controllers").exists():
        return [root]
    return [path for path in (root / "unified", root / "systemd") if (path / "cgroup.procs").exists()]


class Container:
    """A booted copy of the cached rootfs. Use as a context manager: leaving it always tears it down."""

    def __init__(self, rootfs: Path, packages: Sequence[Path] = (), progress=print):
        self.progress = progress
        self.machine = f"ecoprod-test-{uuid.uuid4().hex[:8]}"
        self.runs = cache_directory() / "runs"
        self.directory = self.runs / self.machine
        self.root = self.directory / "rootfs"
        self.console_log = self.directory / "console.log"
        self.cgroups: List[Path] = []
        self.nspawn: Optional[subprocess.Popen] = None
        self.started_at = 0.0
        self.leader: Optional[int] = None
        self._source = rootfs
        self._packages = list(packages)

    # --- Lifecycle ---------------------------------------------------------------

    def __enter__(self) -> "Container":
        try:
            self._prepare()
            self._start()
        except BaseException:
            self.destroy()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.destroy()

    def _prepare(self) -> None:
        with _CacheLock(cache_directory() / "debian12-rootfs"):
            self.runs.mkdir(parents=True, exist_ok=True)
            _remove_abandoned_runs(self.runs, self.progress)
            self.directory.mkdir()
            (self.directory / "owner").write_text(_process_identity(os.getpid()))
            started = time.monotonic()
            subprocess.run(["cp", "-a", "--reflink=auto", str(self._source), str(self.root)], check=True)
        self.progress(f"copied the rootfs in {time.monotonic() - started:.1f} s")
        inside = self.root / PACKAGES_INSIDE.lstrip("/")
        inside.mkdir(parents=True)
        for package in self._packages:
            shutil.copy2(package, inside / Path(package).name)

    def nspawn_command(self) -> List[str]:
        command = [
            "systemd-nspawn",
            f"--directory={self.root}",
            f"--machine={self.machine}",
            "--boot",
            # No machined to register with; the console (the boot messages) goes to console.log.
            "--register=no",
            "--private-network",
            "--link-journal=no",
            "--console=read-only",
        ]
        if not _host_runs_systemd():
            # Without a systemd host there is no bus to ask for a scope unit: keep the
            # cgroup we start in, which _start makes one of our own.
            command.append("--keep-unit")
        return command

    def _start(self) -> None:
        if not _host_runs_systemd():
            # nspawn puts its "payload" and "supervisor" cgroups below the one it starts
            # in; in the root cgroup they would collide with any other container's.
            for hierarchy in _cgroup_hierarchies():
                cgroup = hierarchy / "ecoprod-tests" / self.machine
                cgroup.mkdir(parents=True)
                self.cgroups.append(cgroup)
        cgroups = list(self.cgroups)

        def enter_own_cgroup() -> None:
            for cgroup in cgroups:
                (cgroup / "cgroup.procs").write_text(str(os.getpid()))

        command = self.nspawn_command()
        # Debian 12 boots with the unified cgroup hierarchy: give the service that, even
        # on a host with a hybrid one (nspawn would otherwise copy the host's layout).
        environment = {"SYSTEMD_NSPAWN_UNIFIED_HIERARCHY": "1", **os.environ}
        self.progress(f"SYSTEMD_NSPAWN_UNIFIED_HIERARCHY={environment['SYSTEMD_NSPAWN_UNIFIED_HIERARCHY']} "
                      + " ".join(command))
        self.started_at = time.monotonic()
        with open(self.console_log, "wb") as console:
            self.nspawn = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT,
                                           env=environment, preexec_fn=enter_own_cgroup)
        self.leader = self._wait_for_leader(timeout=30)

    def _wait_for_leader(self, timeout: float) -> int:
        """nspawn's child in another PID namespace, once it has executed systemd."""
        own_namespace = os.readlink("/proc/self/ns/pid")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.nspawn.poll() is not None:
                raise ContainerError(f"systemd-nspawn exited with {self.nspawn.returncode}:\n{self.console_tail()}")
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    if parent != self.nspawn.pid or os.readlink(entry / "ns" / "pid") == own_namespace:
                        continue
                    if (entry / "comm").read_text().strip() == "systemd":
                        return int(entry.name)
                except (OSError, IndexError, ValueError):
                    continue
            time.sleep(0.05)
        raise ContainerError(f"no systemd in the container within {timeout} s:\n{self.console_tail()}")

    def wait_until_booted(self, timeout: float = 120) -> str:
        """Returns "running" or "degraded" once PID 1 has finished booting."""
        deadline = time.monotonic() + timeout
        state = ""
        while time.monotonic() < deadline:
            remaining = max(1.0, deadline - time.monotonic())
            try:
                result = self.run("systemctl", "is-system-running", "--wait", check=False, timeout=remaining)
                state = result.stdout.strip()
            except subprocess.TimeoutExpired:
                break
            if state in ("running", "degraded"):
                self.progress(f"booted ({state}) in {time.monotonic() - self.started_at:.1f} s")
                return state
            if state in ("maintenance", "stopping"):
                break
            # PID 1 is not answering on its private socket yet: poll again.
            time.sleep(0.2)
        raise ContainerError(f"container did not boot within {timeout} s (state {state!r}):\n{self.console_tail()}")

    def destroy(self) -> None:
        """Powers the container off (SIGTERM makes nspawn ask PID 1 to halt), then removes its copy."""
        if self.nspawn is not None and self.nspawn.poll() is None:
            self.nspawn.terminate()
            try:
                self.nspawn.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.progress("container did not halt within 60 s of SIGTERM; killing it")
                if self.leader is not None:
                    _kill_quietly(self.leader)
                self.nspawn.kill()
                self.nspawn.wait(timeout=30)
        for cgroup in self.cgroups:
            _kill_cgroup_tree(cgroup)
            _remove_cgroup_tree(cgroup)
        self.cgroups = []
        if self.directory.exists():
            shutil.rmtree(self.directory, ignore_errors=True)

    def console_tail(self, lines: int = 60) -> str:
        """The last boot messages, without the terminal's colours and carriage returns."""
        return re.sub(r"\x1b\[[0-9;]*m|\r", "", _tail(self.console_log, lines))

    # --- Commands inside ------------------------------------------------------------

    def _inside(self, command: Sequence[str], user: Optional[str]) -> List[str]:
        if self.leader is None:
            raise ContainerError("the container is not running")
        argv = ["nsenter", f"--target={self.leader}", "--mount", "--uts", "--ipc", "--net", "--pid",
                "--cgroup", "--root", "--wd", "--"]
        if user is not None and user != "root":
            # setpriv rather than su/runuser: no PAM session, and the user's groups as
            # /etc/group says now, which is what the socket and the daemon see.
            argv += ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--reset-env", "--"]
        return argv + list(command)

    def run(self, *command: str, user: Optional[str] = None, check: bool = True, timeout: float = 120,
            input: Optional[str] = None) -> subprocess.CompletedProcess:
        result = subprocess.run(self._inside(command, user), capture_output=True, text=True, timeout=timeout,
                                input=input, env=INSIDE_ENVIRONMENT)
        if check and result.returncode != 0:
            raise CommandFailed(command, result)
        return result

    def popen(self, *command: str, user: Optional[str] = None) -> "BackgroundCommand":
        return BackgroundCommand(self._inside(command, user))

    def journal(self, *arguments: str) -> str:
        return self.run("journalctl", "--no-pager", *arguments, check=False).stdout


class BackgroundCommand:
    """A command left running inside, whose output lines are read with a deadline."""

    def __init__(self, argv: List[str]):
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env=INSIDE_ENVIRONMENT)
        self.lines: "queue.Queue[Optional[str]]" = queue.Queue()
        self.stderr = ""
        threading.Thread(target=self._read_stdout, daemon=True).start()

    def _read_stdout(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_line(self, timeout: float) -> Optional[str]:
        """The next line of standard output, or None at its end; raises queue.Empty on timeout."""
        return self.lines.get(timeout=timeout)

    def wait(self, timeout: float) -> int:
        returncode = self.process.wait(timeout=timeout)
        self.stderr = self.process.stderr.read()
        return returncode

    def remaining_lines(self) -> List[str]:
        lines = []
        while True:
            try:
                line = self.lines.get(timeout=5)
            except queue.Empty:
                return lines
            if line is None:
                return lines
            lines.append(line)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _kill_quietly(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _process_identity(pid: int) -> str:
    """pid and start time: a pid alone may be reused by the time someone checks it."""
    try:
        start_time = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""
    return f"{pid} {start_time}"


def _kill_cgroup_tree(cgroup: Path) -> None:
    for procs in cgroup.rglob("cgroup.procs"):
        try:
            pids = [int(pid) for pid in procs.read_text().split()]
        except OSError:
            continue
        for pid in pids:
            _kill_quietly(pid)


def _remove_cgroup_tree(cgroup: Path) -> None:
    """rmdir from the leaves up; a cgroup directory is removed with rmdir, never its files."""
    if not cgroup.exists():
        return
    deadline = time.monotonic() + 10
    while True:
        children = sorted((p for p in cgroup.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True)
        for directory in [*children, cgroup]:
            try:
                directory.rmdir()
            except OSError:
                pass
        # Killed processes leave their cgroup a moment after the signal.
        if not cgroup.exists() or time.monotonic() > deadline:
            return
        time.sleep(0.1)


def _remove_abandoned_runs(runs: Path, progress) -> None:
    """Tears down what a killed test run left behind: its container, cgroups and rootfs copy."""
    for run in runs.iterdir():
        try:
            owner = (run / "owner").read_text()
        except OSError:
            owner = ""
        if owner and _process_identity(int(owner.split()[0])) == owner:
            continue
        progress(f"removing abandoned test container {run.name}")
        if _host_runs_systemd():
            escaped = subprocess.run(["systemd-escape", run.name], capture_output=True, text=True).stdout.strip()
            subprocess.run(["systemctl", "kill", "--signal=KILL", f"machine-{escaped}.scope"], capture_output=True)
        for hierarchy in _cgroup_hierarchies():
            _kill_cgroup_tree(hierarchy / "ecoprod-tests" / run.name)
            _remove_cgroup_tree(hierarchy / "ecoprod-tests" / run.name)
        shutil.rmtree(run, ignore_errors=True)


def unit_properties(container: Container, unit: str, *names: str) -> Dict[str, str]:
    result = container.run("systemctl", "show", unit, *(f"--property={name}" for name in names))
    return dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
