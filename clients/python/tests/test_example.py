"""examples/health.py, run as a program against the daemon."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ecoprod_test_support import IO_TIMEOUT

CLIENT_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = CLIENT_ROOT / "examples" / "health.py"


def run_example(args, extra_env=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(CLIENT_ROOT / "src")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.pop("ECOPROD_SOCKET", None)
    env.update(extra_env or {})
    return subprocess.run([sys.executable, str(EXAMPLE), *args], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=IO_TIMEOUT * 3)


def test_example_against_daemon(daemon):
    result = run_example([daemon.socket_path])
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert lines["health"].strip() == "SERVING"
    assert lines["version"].strip()
    assert int(lines["services"]) >= 1
    assert "daemon.watch.started" in lines["event"]


def test_example_socket_from_environment(daemon):
    result = run_example([], {"ECOPROD_SOCKET": daemon.socket_path})
    assert result.returncode == 0, result.stderr
    assert f"socket:   {daemon.socket_path}" in result.stdout


def test_example_fails_without_daemon(tmp_path):
    missing = str(tmp_path / "none.sock")
    result = run_example([missing])
    assert result.returncode == 1
    assert missing in result.stderr
    assert "Traceback" not in result.stderr
