"""Practice page: one question at a time, typed or spoken answer, scores and feedback, next."""
import queue

import streamlit as st
from streamlit_webrtc import WebRtcMode, webrtc_streamer

from interview import ui
from interview.audio import LiveRecording

session = ui.current_interview()
if session is None:
    st.title("Practice")
    st.info("No interview in progress yet.")
    st.page_link("pages/setup.py", label="Set up an interview", icon="📝")
    st.stop()

turn = session.current
coach = ui.get_coach()
done = len(session.main_turns) - (0 if turn.answered else 1)
st.progress(done / session.n_questions, text=f"{done} of {session.n_questions} questions answered")

label = f"Question {turn.index + 1} of {session.n_questions}"
if turn.is_follow_up:
    label += " · follow-up"
elif turn.attempt > 1:
    label += f" · attempt {turn.attempt}"
st.subheader(label)
st.caption(turn.question_type.replace("_", " "))
with st.container(border=True):
    ui.plain(turn.question)

if not turn.answered:
    answer_key = f"answer_{turn.id}"
    audio = st.audio_input("Answer by voice (optional): record, then edit the transcript below",
                           key=f"audio_{turn.id}")
    if audio is not None:
        ui.transcribe_into(audio, answer_key, turn.id)
    # The live recorder streams the microphone to the server (WebRTC) while you speak; on STOP its
    # audio takes the same path as a recording above.
    live = st.session_state.setdefault(f"live_{turn.id}", LiveRecording())
    live_ctx = None
    with st.expander("Or record live (streaming microphone)"):
        try:
            live_ctx = webrtc_streamer(key=f"webrtc_{turn.id}", mode=WebRtcMode.SENDONLY, audio_receiver_size=512,
                                       media_stream_constraints={"audio": True, "video": False},
                                       rtc_configuration={"iceServers": []})  # local: no STUN server to reach
        except AttributeError:  # no browser session behind this run (AppTest's mock runtime)
            st.caption("Live recording needs a browser; use the recorder above.")
        live_status = st.empty()
    if live_ctx is not None and not live_ctx.state.playing and live.seconds > 0:
        ui.transcribe_into(live.samples(), answer_key, turn.id)
        live.clear()
    answer = st.text_area("Your answer", key=answer_key, height=220,
                          placeholder="Type your answer, or record it above and edit the transcript.")
    if st.button("Submit answer", type="primary"):
        error = ui.submit_answer(session, answer, turn.id)
        if error:
            st.error(error)
        else:
            st.rerun()
    # While live recording, pull the frames here, after the page is drawn; STOP reruns the script.
    while live_ctx is not None and live_ctx.state.playing and live_ctx.audio_receiver:
        try:
            frames = live_ctx.audio_receiver.get_frames(timeout=1)
        except queue.Empty:
            continue
        for frame in frames:
            live.add(frame)
        live_status.caption(f"Recording… {live.seconds:.0f} s")
    st.stop()

# ---- the answered turn: scores, feedback, evidence, what next
st.markdown("**Your answer**")
ui.plain(turn.answer)
if turn.transcript:
    ui.delivery_caption(turn.transcript)
ui.score_table(turn.rubric)

st.markdown("**Feedback**")
if turn.feedback:
    ui.plain(turn.feedback)
else:
    ui.stream_feedback(session)
ui.written_by_caption(turn, "feedback")

if turn.evidence:
    with st.expander("Resume bullets this feedback drew on", expanded=True):
        for i, e in enumerate(turn.evidence, 1):
            ui.plain(f"[{i}] {e['bullet']}  (match {e['score']:.2f})")

if turn.sample_answer:
    with st.expander("Sample answer", expanded=True):
        ui.plain(turn.sample_answer)
        ui.written_by_caption(turn, "sample_answer")
elif st.button("Show a sample answer"):
    ui.write_sample_answer(session)
    st.rerun()

if turn.follow_up:
    st.markdown("**Follow-up the interviewer might ask**")
    ui.plain(turn.follow_up)
    ui.written_by_caption(turn, "follow_up")

cols = st.columns(4)
if turn.follow_up and cols[0].button("Answer the follow-up"):
    coach.ask_follow_up(session)
    st.rerun()
if cols[1].button("Retry this question"):
    coach.retry(session)
    st.rerun()
if session.has_next:
    if cols[2].button("Next question", type="primary"):
        with st.spinner("Writing the next question…"):
            error = ui.next_question(session)
        if error:
            st.error(error)
        else:
            st.rerun()
elif cols[2].button("Finish and see the report", type="primary"):
    coach.finish(session)
    st.switch_page("pages/report.py")
