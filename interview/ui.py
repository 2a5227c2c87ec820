"""With interview/ui_render.py, the only modules of interview/ that import streamlit: cached model
getters and session helpers here, rendering helpers there (re-exported, so pages write `ui.plain`).

Pages call these; they never touch torch/transformers/faiss themselves. Models live in
`st.cache_resource` (shared, read-only, loaded once per process); the interview of a browser tab
lives in `st.session_state`.
"""
from __future__ import annotations

import re
import time
import uuid
from contextlib import contextmanager

import streamlit as st

from interview.config import get_settings
from interview.session import InterviewSession
from interview.storage.store import HOSTED_RETENTION_HOURS
from interview.ui_render import (answer_text, delivery_caption, dimension_trend_chart,  # noqa: F401 - pages call
                                 escape_md, plain, projector_style, score_table,  # them as ui.<name>
                                 written_by_caption)

INTERVIEW_KEY = "interview"
OWNER_KEY = "owner_id"
ROUTE_NOTES_KEY = "_route_notes"  # the router's notes on the set-up input, shown once on Practice


# ----------------------------------------------------------------------------- models
# Rough load times on a 2-core laptop, for the progress bar: the first start on a machine also unpacks
# the generator's GGUF file to float32 safetensors (117 s measured on 2 cores); later starts read that.
FIRST_LOAD_S, WARM_LOAD_S = 120, 25


@st.cache_resource(show_spinner=False)
def _coach_loading():
    """The one Coach of this process, loading in a worker thread: the page can say what is happening
    and for how long while it waits, and every tab that arrives meanwhile waits for the same load."""
    from concurrent.futures import ThreadPoolExecutor

    from interview.coach import Coach

    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-load").submit(Coach.load)


def get_coach():
    """The shared Coach. While the models load, a status box says what is happening, how long it
    usually takes and how long it has taken so far (the first start used to sit behind a bare spinner)."""
    loading = _coach_loading()
    if loading.done() and loading.exception() is None:
        st.session_state["_coach_ready"] = True
        return loading.result()
    from concurrent.futures import wait

    from interview.models.gguf_cache import generator_cache_ready

    first = not generator_cache_ready()
    expected = FIRST_LOAD_S if first else WARM_LOAD_S
    what = ("First start on this computer: unpacking the question-writing model into a faster format "
            f"(done once; about {expected // 60} min on a laptop, later starts take about {WARM_LOAD_S} s)…"
            if first else f"Loading the models (about {expected} s)…")
    began = time.monotonic()
    with st.status(what, expanded=True) as status:
        bar = st.progress(0.0)
        while not loading.done():
            wait([loading], timeout=1)
            took = time.monotonic() - began
            bar.progress(min(took / expected, 0.97), text=f"{took:.0f} s so far (usually about {expected} s)")
        if loading.exception() is not None:
            _coach_loading.clear()  # the next attempt loads again instead of repeating this error
            status.update(label="The models could not be loaded", state="error")
            raise loading.exception()
        bar.empty()
        status.update(label=f"Models ready ({time.monotonic() - began:.0f} s)", state="complete", expanded=False)
    st.session_state["_coach_ready"] = True
    return loading.result()


@st.cache_resource(show_spinner="Loading the speech model…")
def get_speech_model():
    from interview.speech.transcribe import load_speech_model

    return load_speech_model()


@contextmanager
def waiting_in_line():
    """Hold this visitor's place in the model's line; show their position while others go first."""
    from interview.fairlock import MODEL_LINE

    ticket = MODEL_LINE.join()
    note = st.empty()
    try:
        while not MODEL_LINE.try_acquire(ticket, timeout=0.5):
            ahead = MODEL_LINE.position(ticket)
            note.info(f"The coach is busy with {ahead} other request(s); you are number {ahead + 1} in line…")
        note.empty()
        yield
    finally:
        MODEL_LINE.release(ticket)


# ----------------------------------------------------------------------------- session
HOSTED_NOTICE = ("Demo mode: your answers are private to this page's address (it ends in ?visit=…). "
                 "Bookmark it to come back after a reload; anyone with the link can see your answers. "
                 f"They are deleted {HOSTED_RETENTION_HOURS} hours after your last question, or any time on History.")
VISIT_PARAM = "visit"  # the URL parameter that carries a hosted visitor's private id across reloads
_VISIT_ID = re.compile(r"[0-9a-f]{32}")


def owner_id() -> str | None:
    """Whose data this browser tab sees: everyone's in local mode (None), its own id when hosted.

    Hosted, the id is also written into the page address (?visit=...), so a reload or a bookmark of
    that private link brings the visitor back to their own answers (a reload starts a new Streamlit
    session, which used to mint a new id: the History went empty and the data could not be deleted).
    """
    if not get_settings().hosted:
        return None
    if OWNER_KEY not in st.session_state:
        from_link = st.query_params.get(VISIT_PARAM, "")
        st.session_state[OWNER_KEY] = from_link if _VISIT_ID.fullmatch(from_link) else uuid.uuid4().hex
        _purge_unreachable()
    if st.query_params.get(VISIT_PARAM) != st.session_state[OWNER_KEY]:
        st.query_params[VISIT_PARAM] = st.session_state[OWNER_KEY]  # page switches drop it
    return st.session_state[OWNER_KEY]


@st.cache_resource(show_spinner=False)
def _purge_clock() -> dict:
    return {"last": 0.0}


def _purge_unreachable() -> None:
    """Hosted: delete every visitor's data idle longer than store.HOSTED_RETENTION_HOURS, at most
    once an hour (run when a new visit starts; links to such data lead to an empty History)."""
    from interview.storage import store

    clock = _purge_clock()
    if time.time() - clock["last"] >= 3600:
        clock["last"] = time.time()
        store.purge_idle_owners(store.HOSTED_RETENTION_HOURS * 3600)


FORM_KEY = "_setup_form"      # the set-up form's values, kept while the user is on other pages
RESUME_KEY = "_setup_resume"  # {"name", "bullets"}: the parsed (and edited) resume, kept likewise


def restore_form(defaults: dict) -> None:
    """Give each set-up widget its last value (or its default) before it is drawn. Streamlit drops a
    widget's value when a run does not draw it, so the form was empty after a visit to Practice."""
    saved = st.session_state.setdefault(FORM_KEY, {})
    for key, default in defaults.items():
        if key not in st.session_state:
            st.session_state[key] = saved.get(key, default)


def remember_form(keys) -> None:
    """Copy the set-up widgets' values where Streamlit keeps them across pages."""
    saved = st.session_state.setdefault(FORM_KEY, {})
    saved.update({k: st.session_state[k] for k in keys if k in st.session_state})


def current_interview() -> InterviewSession | None:
    return st.session_state.get(INTERVIEW_KEY)


def set_interview(session: InterviewSession | None) -> None:
    st.session_state[INTERVIEW_KEY] = session


# ----------------------------------------------------------------------------- actions
def parse_upload(upload):
    """Parse an uploaded resume once per file (cached in the session); returns ParsedResume or an
    error message for the page to show."""
    from interview.documents.resume import ResumeError, parse_resume_bytes

    cache = st.session_state.setdefault("_parsed_resumes", {})
    if upload.file_id not in cache:
        try:
            cache[upload.file_id] = parse_resume_bytes(upload.getvalue(), upload.name)
        except ResumeError as exc:
            cache[upload.file_id] = str(exc)
    return cache[upload.file_id]


def detect_route(role: str, description: str, difficulty: str, years: int | None = None) -> dict:
    """What the coach reads in the posting (Coach.detect), for the user to check on Set up."""
    from interview.validation import check_setup

    check_setup(role, difficulty)
    with waiting_in_line():
        return get_coach().detect(role, description, difficulty, years)


def start_interview(role: str, description: str, difficulty: str, n_questions: int, bullets: list[str],
                    years: int | None = None, stack: str = "", bullet_context: dict | None = None,
                    overrides: dict | None = None):
    """Route, plan and ask the first question; the new interview becomes this tab's current one.
    `bullet_context` gives each bullet's employer and role; by default it comes from the resumes parsed
    in this tab (bullets the user edited lose theirs)."""
    from interview.validation import check_setup

    check_setup(role, difficulty, n_questions)  # fail fast, before loading models
    coach = get_coach()
    if bullet_context is None:
        bullet_context = {}
        for parsed in st.session_state.get("_parsed_resumes", {}).values():
            bullet_context.update(getattr(parsed, "context_dicts", dict)())  # error strings have none
    session = coach.start(role, description, difficulty, n_questions, bullets=bullets,
                          owner=owner_id() or "local", years=years, stack=stack, bullet_context=bullet_context,
                          overrides=overrides)
    # Shown on the Practice page: a toast here vanished with the page switch that follows.
    st.session_state[ROUTE_NOTES_KEY] = list(session.route.warnings)
    set_interview(session)
    with waiting_in_line():
        coach.next_question(session)
    return session


def transcribe_into(audio, answer_key: str, turn_id: str) -> bool:
    """Transcribe a recording once and put the text into the answer box (editable before scoring).

    `audio` is what st.audio_input returns (an UploadedFile), file bytes, or 16 kHz float32 samples
    from the live recorder; all take the same path. The transcript with its word timings is kept for
    scoring (delivery). Returns True when a new transcript was written into the box.
    """
    import hashlib

    import numpy as np

    from interview.speech.transcribe import AudioError, Transcript, transcribe

    if isinstance(audio, np.ndarray):
        data, raw = audio, audio.tobytes()
    else:
        data = raw = audio.getvalue() if hasattr(audio, "getvalue") else bytes(audio)
    keep_first = st.session_state.get(f"keep_first_{turn_id}", False)
    digest = hashlib.sha1(raw).hexdigest() + ("+first3min" if keep_first else "")
    done = st.session_state.setdefault("_transcribed", {})
    heard = done.setdefault(turn_id, {"digests": [], "transcript": None, "text": ""})
    # Every recording this turn has had, not just the last: a recorder keeps returning its recording
    # on every rerun, so remembering only the latest one re-transcribed an older recording over the
    # user's edits (with two recorders, the edited box was overwritten on Submit).
    if digest in heard["digests"]:
        return False
    try:
        with st.spinner("Transcribing…"):
            t = transcribe(get_speech_model(), data, keep_first=keep_first)
    except AudioError as exc:
        st.error(str(exc))
        if exc.kind == "too_long":
            st.button("Keep the first 3 minutes", key=f"keep_btn_{turn_id}",
                      on_click=lambda: st.session_state.update({f"keep_first_{turn_id}": True}))
        return False
    heard["digests"].append(digest)
    typed = (st.session_state.get(answer_key) or "").strip()
    if typed and typed != heard["text"].strip():  # the user typed or edited: keep it, add the new text
        st.session_state[answer_key] = f"{typed}\n\n{t.text}"
        st.info("Your typed text is kept; the new transcript was added below it.")
    else:
        st.session_state[answer_key] = t.text
    # kept as the store will hold it (figures rounded as in its JSON): the score and the delivery
    # lines are the same now and after a reload
    heard.update(transcript=Transcript.from_dict(t.to_dict()), text=st.session_state[answer_key])
    if t.truncated:
        st.info("Only the first 3 minutes were transcribed.")
    return True


def submit_answer(session, answer: str, turn_id: str) -> str | None:
    """Score the answer to the current turn; returns an error message, or None on success."""
    from interview.coach import AnswerError

    transcript = st.session_state.get("_transcribed", {}).get(turn_id, {}).get("transcript")
    try:
        with st.spinner("Scoring your answer…"):
            get_coach().score(session, answer, transcript=transcript)
    except AnswerError as exc:
        return str(exc)
    return None


def next_question(session) -> str | None:
    try:
        with waiting_in_line():
            get_coach().next_question(session)
    except RuntimeError as exc:  # GenerationFailed: message says to try again
        return str(exc)
    return None


def stream_feedback(session) -> None:
    """The feedback, shown once the gate has passed it (the model's draft is checked before any of it
    is shown), then the follow-up is written."""
    with waiting_in_line(), st.spinner("Writing feedback from your scores and checking it…"):
        st.write_stream(get_coach().feedback_stream(session))


def write_sample_answer(session) -> None:
    with st.spinner("Writing a sample answer…"), waiting_in_line():
        get_coach().sample_answer(session)


def start_demo():
    """Classroom demo: our sample job and resume (assets/), 3 questions, no network needed."""
    from interview.config import ASSETS_DIR
    from interview.documents.resume import parse_resume_file

    job = (ASSETS_DIR / "demo_job.md").read_text(encoding="utf-8")
    title, _, description = job.partition("\n")
    resume = parse_resume_file(ASSETS_DIR / "demo_resume.md")
    return start_interview(title.split(",")[0].strip(), description.strip(), "medium", 3, resume.bullets,
                           bullet_context=resume.context_dicts())
