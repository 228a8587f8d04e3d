"""The course as learners and instructors open it: a Binder-like environment and real Jupyter servers.

``binder_env`` is made the way repo2docker makes Binder's: a fresh virtual environment (with
Python's bundled, old setuptools, like many base images), the pinned ``binder/requirements.txt``,
the notebook clients repo2docker's base image brings (``tests/clients/requirements.txt``), then
``binder/postBuild`` run in a copy of the repository. It is made once per test session, and
what it took (seconds, packages, size) is kept in ``binder_env.report`` and shown on stderr.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_checkout

CLIENTS = REPO / "tests" / "clients" / "requirements.txt"
REPO_NAME = "medical-massage"  # the repository's folder name: nbgitpuller clones into a folder of this name


def run(command: list[str | Path], **kwargs) -> subprocess.CompletedProcess:
    """A command that must succeed; its output is shown when it does not."""
    proc = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=900, **kwargs)
    assert proc.returncode == 0, f"{command} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


@dataclass
class BinderEnv:
    """A Binder-like environment: its Python, the repository copy postBuild ran in, and what it took."""

    prefix: Path
    repo: Path
    report: dict[str, float | int | str] = field(default_factory=dict)

    def bin(self, name: str) -> Path:
        return self.prefix / "bin" / name

    @property
    def python(self) -> Path:
        return self.bin("python")

    def environ(self, home: Path) -> dict[str, str]:
        """Environment variables for a process of this environment, with its own empty home."""
        home.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV"))}
        return {**env, "HOME": str(home), "PATH": f"{self.prefix / 'bin'}:{env.get('PATH', '')}"}


@pytest.fixture(scope="session")
def binder_env(tmp_path_factory) -> BinderEnv:
    root = tmp_path_factory.mktemp("binder")
    prefix, repo = root / "env", copy_checkout(root / REPO_NAME)
    env = BinderEnv(prefix, repo)
    started = time.monotonic()
    run([Path(sys.base_prefix) / "bin" / "python3", "-m", "venv", prefix])  # the base Python, not .venv's
    pip = [env.python, "-m", "pip", "--disable-pip-version-check"]
    run(
        [
            *pip,
            "install",
            "--quiet",
            "-r",
            repo / "binder/requirements.txt",
            "-r",
            CLIENTS,
            "-c",
            repo / "constraints.txt",
        ]
    )
    installed = time.monotonic()
    run(["bash", repo / "binder" / "postBuild"], cwd=repo, env=env.environ(root / "postbuild-home"))
    env.report = {
        "install_s": round(installed - started, 1),
        "postbuild_s": round(time.monotonic() - installed, 1),
        "packages": len(json.loads(run([*pip, "list", "--format", "json"]).stdout)),
        "size_mb": round(folder_size(prefix) / 1e6),
    }
    print(f"\nBinder-like environment: {env.report}", file=sys.stderr)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class JupyterServer:
    url: str  # ends with "/"
    token: str
    root_dir: Path
    log: Path

    def open_url(self, path: str) -> str:
        """A URL of this server that logs the browser in (the token becomes a cookie)."""
        joiner = "&" if "?" in path else "?"
        return f"{self.url}{path.lstrip('/')}{joiner}token={self.token}"


@contextmanager
def jupyter_server(env: BinderEnv, root_dir: Path, home: Path, base_url: str = "/") -> Iterator[JupyterServer]:
    """``jupyter lab`` (which also serves Notebook 7) on loopback, as a learner's server runs it."""
    port, token = free_port(), secrets.token_hex(16)
    log = home.parent / f"{home.name}-server.log"
    command = [
        env.bin("jupyter"),
        "lab",
        "--no-browser",
        "--allow-root",  # CI runs as root
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--ServerApp.base_url={base_url}",
        f"--ServerApp.root_dir={root_dir}",
        f"--IdentityProvider.token={token}",
        "--LabApp.news_url=",  # no fetching of JupyterLab's news from the web
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    # A learner who was never asked about JupyterLab's news: no pop-up over the notebook.
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}', encoding="utf-8")
    with log.open("w") as out:
        proc = subprocess.Popen([str(c) for c in command], stdout=out, stderr=subprocess.STDOUT, env=env.environ(home))
    url = f"http://127.0.0.1:{port}{base_url}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}api/status?token={token}", timeout=5):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the Jupyter server did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        yield JupyterServer(url, token, root_dir, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def binder_server(binder_env, tmp_path_factory) -> Iterator[JupyterServer]:
    """A server as Binder starts it: in the repository's folder."""
    with jupyter_server(binder_env, binder_env.repo, tmp_path_factory.mktemp("binder-home")) as server:
        yield server
