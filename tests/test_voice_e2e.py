"""The voice answer, end to end: the real app in headless Chromium with a fake microphone.

`streamlit run streamlit_app.py` runs in a subprocess on a free port; Chromium's fake capture device
plays an espeak-ng answer (a WAV file) as the microphone. The test starts the classroom demo, records
with st.audio_input (Record, wait, Stop recording) and reads the transcript from the answer box.
The server and the browser come from tests/app_browser.py.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from app_browser import CHROMEDRIVER, CHROMIUM, chromium_with_microphone, start_app, stop_app
from fixtures.audio import ANSWERS, have_espeak, silence, speech, trim, wer, write_wav

DEMO_TIMEOUT = 600     # s: the demo loads router, retriever and generator cold (~20 s alone, more on a busy CPU)
TRANSCRIBE_TIMEOUT = 180

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (have_espeak() and Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
                       reason="needs espeak-ng, chromium and chromium-driver: run `make sysdeps`"),
]


@pytest.fixture
def app(tmp_path):
    """The app served on a free local port; its log goes to tmp_path/streamlit.log."""
    env = {**os.environ, "INTERVIEW_DATA_DIR": str(tmp_path / "userdata"), "HF_HUB_OFFLINE": "1"}
    proc, url = start_app(env, tmp_path / "streamlit.log")
    try:
        yield url
    finally:
        stop_app(proc)


@pytest.fixture
def microphone(tmp_path):
    """(wav path, text, seconds of speech): 1 s of silence, the answer, 4 s of silence (the device loops)."""
    text = ANSWERS[0]
    voice = trim(speech(text))
    audio = np.concatenate([silence(1.0), voice, silence(4.0)])
    return write_wav(audio, tmp_path / "mic.wav"), text, voice.size / 16_000


@pytest.fixture
def browser(tmp_path, microphone):
    with chromium_with_microphone(tmp_path, microphone[0]) as driver:
        yield driver


def test_record_an_answer_in_the_browser_and_see_the_transcript(app, browser, microphone, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    _, said, speech_s = microphone
    browser.get(app)
    demo = WebDriverWait(browser, 120).until(EC.element_to_be_clickable(
        (By.XPATH, "//button[contains(., 'Run the demo')]")))
    demo.click()

    # 1. the demo interview starts and the practice page shows the recorder
    try:
        record = WebDriverWait(browser, DEMO_TIMEOUT).until(EC.element_to_be_clickable(
            (By.CSS_SELECTOR, "[data-testid='stAudioInput'] button[aria-label='Record']")))
    except Exception:
        browser.save_screenshot(str(tmp_path / "demo.png"))
        raise
    assert "Question 1 of 3" in browser.find_element(By.TAG_NAME, "body").text

    # 2. record the whole answer from the fake microphone, then stop
    record.click()
    WebDriverWait(browser, 30).until(EC.element_to_be_clickable(
        (By.CSS_SELECTOR, "[data-testid='stAudioInput'] button[aria-label='Stop recording']")))
    time.sleep(speech_s + 2.5)
    browser.find_element(By.CSS_SELECTOR, "[data-testid='stAudioInput'] button[aria-label='Stop recording']").click()

    # 3. the transcript lands in the editable answer box, before any scoring
    box = (By.CSS_SELECTOR, "textarea[aria-label='Your answer']")

    def transcript(driver):
        value = driver.find_element(*box).get_attribute("value")
        return value if value and value.strip() else False

    try:
        text = WebDriverWait(browser, TRANSCRIBE_TIMEOUT, ignored_exceptions=(Exception,)).until(transcript)
    except Exception:
        browser.save_screenshot(str(tmp_path / "transcript.png"))
        raise
    # the fake device may start mid-file and loops, so the recording can hold a little extra or less
    assert wer(said, text) <= 0.35, text
    assert {"team", "database", "tests"} <= set(text.lower().replace(",", " ").replace(".", " ").split()), text
    assert browser.find_element(By.XPATH, "//button[contains(., 'Submit answer')]").is_enabled()
