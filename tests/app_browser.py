"""The real app served by `streamlit run` on a free local port, and headless Debian Chromium to drive it.

Shared by tests/test_voice_e2e.py and tests/test_walkthrough.py (fake microphone) and
tests/demo_offline_driver.py (no network).
Selenium drives /usr/bin/chromedriver through a Service (no driver download).
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("streamlit did not become healthy")


def start_app(env: dict, log_path: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run streamlit_app.py` with `env`, healthy and answering; (process, url). Its output
    goes to `log_path`."""
    port = free_port()
    log = log_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()  # the child holds its own copy of the file
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
    except Exception:
        stop_app(proc)
        raise
    return proc, url


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def chromium(work: Path, *extra_flags: str):
    """Headless Chromium with its own profile in `work`; its driver log goes to work/chromedriver.log."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={work / 'chrome-profile'}", "--window-size=1280,2000",
                 *extra_flags):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER, log_output=str(work / "chromedriver.log")), options=opts)


@contextmanager
def chromium_with_microphone(work: Path, wav: Path):
    """Headless Chromium whose microphone plays `wav` (in a loop) and is allowed without asking; quit
    and its profile removed afterwards."""
    driver = chromium(work, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                      f"--use-file-for-fake-audio-capture={wav}")
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(work / "chrome-profile", ignore_errors=True)
