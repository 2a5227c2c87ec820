"""The classroom demo completes in headless Chromium from a cold start with the network disabled.

The app, Chromium and the driver run in a new network namespace (`unshare -rn`: an unprivileged user
namespace with only a loopback device), so a download attempt anywhere on the demo path fails the
test instead of going unnoticed. The steps are in tests/demo_offline_driver.py.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "demo_offline_driver.py"


def _can_drop_network() -> bool:
    if not shutil.which("unshare") or not shutil.which("ip"):
        return False
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()),
                       reason="needs chromium and chromium-driver: run `make sysdeps`"),
    pytest.mark.skipif(not _can_drop_network(),
                       reason="this kernel does not allow `unshare -rn` (unprivileged network namespaces)"),
]


def test_demo_completes_offline_from_a_cold_start(tmp_path):
    run = subprocess.run(["unshare", "-rn", sys.executable, str(DRIVER), str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=1500)
    log = tmp_path / "streamlit.log"
    detail = run.stdout + run.stderr + (log.read_text()[-3000:] if log.exists() else "")
    assert run.returncode == 0, detail
    assert "demo finished offline" in run.stdout
