"""Run the classroom demo in headless Chromium against a cold app, with no network at all.

    unshare -rn python tests/demo_offline_driver.py WORK_DIR

Meant to run inside a fresh network namespace (`unshare -rn`: only a loopback device, which this
script brings up), so any attempt of the app to reach the internet fails instead of silently
succeeding. It checks that the network really is gone, starts `streamlit run` from a cold start (its
own empty data and cache folders, no HF_HUB_OFFLINE in the environment: the app must set what it
needs itself), clicks "Run the demo", answers the 3 questions by typing, and waits for the report; then checks that
every feedback and follow-up it showed passed the gate (interview/coaching/gate.py) or was written by
code and labelled so.
Exits 0 on success; on failure prints why and leaves a screenshot and the server log in WORK_DIR.
Used by tests/test_demo_offline.py.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from app_browser import ROOT, chromium, start_app, stop_app  # tests/ is this script's folder, so on sys.path
COLD_TIMEOUT = 600   # s: the first question loads router, retriever and generator cold on 2 cores
STEP_TIMEOUT = 300   # s: one feedback or next question, warm
ANSWERS = [
    "In my last role our nightly data pipeline kept failing. I added retries and data quality checks, "
    "wrote a runbook, and failures dropped from twelve a month to one.",
    "I would start with the requirements, sketch the main components, then explain the trade-offs "
    "between consistency and latency, and how I would monitor it in production.",
    "A teammate and I disagreed about the database schema. I wrote down both options with their costs, "
    "we tested them on real data, and we shipped the faster one together.",
]


def network_is_gone() -> bool:
    """True when no outside address can be reached (both a raw TCP connect and DNS fail)."""
    for host, port in (("1.1.1.1", 443), ("8.8.8.8", 53)):
        try:
            socket.create_connection((host, port), timeout=3).close()
            return False
        except OSError:
            pass
    try:
        socket.getaddrinfo("huggingface.co", 443)
        return False
    except OSError:
        return True


def app_env(work: Path) -> dict:
    """A cold start: its own empty data and cache folders, and no HF_* / TRANSFORMERS_* settings (the
    app must set what it needs itself)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env.update(INTERVIEW_DATA_DIR=str(work / "userdata"), INTERVIEW_CACHE_DIR=str(work / "cache"))
    return env


def run_demo(driver, url: str) -> list[str]:
    """Click through the demo; returns the 3 questions asked."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    def body() -> str:
        return driver.find_element(By.TAG_NAME, "body").text

    def button(label: str, timeout: float):
        return WebDriverWait(driver, timeout).until(EC.element_to_be_clickable(
            (By.XPATH, f"//button[contains(., '{label}')]")))

    driver.get(url)
    button("Run the demo", 120).click()
    questions = []
    for i, answer in enumerate(ANSWERS, start=1):
        WebDriverWait(driver, COLD_TIMEOUT if i == 1 else STEP_TIMEOUT).until(
            lambda d, i=i: f"Question {i} of 3" in body())
        box = WebDriverWait(driver, 60).until(EC.element_to_be_clickable(
            (By.CSS_SELECTOR, "textarea[aria-label='Your answer']")))
        lines = [line.strip() for line in body().splitlines() if line.strip()]
        at = lines.index(f"Question {i} of 3")
        questions.append(lines[at + 2])  # the label, the question type, then the question
        box.send_keys(answer)
        box.send_keys("\t")  # commit the text area's value before the click
        button("Submit answer", 30).click()
        last = "Finish and see the report" if i == len(ANSWERS) else "Next question"
        button(last, STEP_TIMEOUT).click()
    WebDriverWait(driver, STEP_TIMEOUT).until(lambda d: "Download Markdown" in body())
    report = body()
    if len(set(questions)) != 3:
        raise AssertionError(f"expected 3 distinct questions, got {questions}")
    missing = [q for q in questions if q[:40] not in report]
    if missing:
        raise AssertionError(f"the report lacks questions {missing}")
    if report.count("Overall") < 3 or report.count("Feedback") < 3 or "Average score" not in report:
        raise AssertionError("the report shows fewer than 3 scored answers with feedback")
    return questions


def check_shown_feedback(work: Path) -> list[str]:
    """Every feedback and follow-up the demo showed passed the gate, or was written by code (and said so).
    Reads the demo's own store; returns the texts, for the log."""
    os.environ["INTERVIEW_DATA_DIR"] = str(work / "userdata")
    if str(ROOT) not in sys.path:   # run as a script, only tests/ is on the path
        sys.path.insert(0, str(ROOT))
    from interview.storage import store
    from interview.coach import Coach
    from interview.coaching.feedback import advice_words, feedback_sources, follow_up_sources
    from interview.coaching.gate import Sources, check_text

    shown = []
    for session in store.list_sessions(None):
        loaded = store.load_session(session.id, None)
        for turn in loaded.turns:
            if not turn.feedback:
                continue
            a = turn.assessment                      # typed since the session's turns are (store.py reads the row)
            bullets = [e.bullet for e in turn.evidence] + session.bullets
            # the same inputs and advice the coach's gate was given (coach.Coach._sources, feedback.write_feedback)
            inputs = Sources(Coach.asked_with_context(loaded, turn), turn.answer, session.description, bullets)
            for kind, text, sources in (("feedback", turn.feedback, feedback_sources(a, inputs)),
                                        ("follow_up", turn.follow_up, follow_up_sources(a, inputs))):
                if not text:
                    continue
                shown.append(f"{kind} ({turn.written_by.get(kind)}): {text}")
                if turn.written_by.get(kind) == "model":
                    gaps = advice_words(a) if kind == "feedback" else " ".join(g.advice for g in a.gaps[:2])
                    problems = check_text(text, sources, kind, overall=a.overall, gap_words=gaps)
                    if problems:
                        raise AssertionError(f"shown {kind} fails the gate: {problems}: {text!r}")
                elif turn.written_by.get(kind) != "code":
                    raise AssertionError(f"{kind} has no author recorded: {text!r}")
    if len([t for t in shown if t.startswith("feedback")]) < 3:
        raise AssertionError(f"expected 3 feedback texts, found {shown}")
    return shown


def main(work: Path) -> int:
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    if not network_is_gone():
        print("the network is reachable: run this inside `unshare -rn`", file=sys.stderr)
        return 3
    proc, url = start_app(app_env(work), work / "streamlit.log")
    driver = chromium(work)
    try:
        start = time.monotonic()
        questions = run_demo(driver, url)
        print(f"demo finished offline in {time.monotonic() - start:.0f} s; questions: {questions}")
        for text in check_shown_feedback(work):
            print("shown", text)
        return 0
    except Exception as e:
        driver.save_screenshot(str(work / "demo-offline.png"))
        print(f"demo failed: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    finally:
        driver.quit()
        stop_app(proc)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
