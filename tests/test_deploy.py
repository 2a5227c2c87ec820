"""The hosted-demo image, without a Docker engine: its install and start scripts run in a fresh venv."""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def front_matter() -> dict:
    text = (ROOT / "README.md").read_text()
    block = re.match(r"---\n(.*?)\n---\n", text, re.S).group(1)
    return dict(line.split(": ", 1) for line in block.splitlines())


def test_space_configuration_matches_the_dockerfile():
    meta = front_matter()
    assert meta["sdk"] == "docker" and meta["title"] and meta["emoji"] and meta["short_description"]
    docker = (ROOT / "Dockerfile").read_text()
    assert f"EXPOSE {meta['app_port']}" in docker and f"PORT={meta['app_port']}" in docker
    assert "useradd -m -u 1000 user" in docker and "\nUSER user" in docker
    start = (ROOT / "scripts" / "space_start.sh").read_text()
    assert "--server.enableXsrfProtection false" in start and "--browser.gatherUsageStats false" in start
    assert "INTERVIEW_HOSTED=1" in start


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_image_steps_install_and_serve_in_a_fresh_venv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    env = {**os.environ, "INTERVIEW_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": ""}
    subprocess.run(["bash", "scripts/space_install.sh", "all", py], cwd=ROOT, env=env, check=True, timeout=1500)
    port = _free_port()
    server = subprocess.Popen(["bash", "scripts/space_start.sh"], cwd=ROOT,
                              env={**env, "PYTHON": py, "PORT": str(port), "INTERVIEW_DATA_DIR": str(tmp_path / "data")},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 90
        while True:
            try:
                health = urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read()
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except OSError:
                assert time.time() < deadline, "the app did not answer on its port"
                time.sleep(0.5)
        assert health.strip() == b"ok" and page.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
