"""Practice page: one question at a time, typed or spoken answer, scores and feedback, next.

One recorder, st.audio_input: it records in the browser and sends the clip when you stop (33 s of
speech transcribed in 4.6 s). The streaming WebRTC recorder was removed: it drew a 0 px
frame inside its expander, took 47 s to give a transcript, and needs STUN/TURN servers to connect
anywhere but localhost, which an offline or hosted app cannot reach.
"""
import streamlit as st

from interview import ui

session = ui.current_interview()
if session is None:
    st.title("Practice")
    st.info("No interview in progress yet.")
    st.page_link("pages/setup.py", label="Set up an interview", icon="📝")
    st.stop()

turn = session.current
done = session.questions_done
st.progress(done / session.n_questions, text=f"{done} of {session.n_questions} questions answered")
if notes := st.session_state.pop(ui.ROUTE_NOTES_KEY, None):  # what the set-up form's input means
    for note in notes:
        st.info(ui.escape_md(note))

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
    if audio is not None:  # transcribed once per recording; a rerun never overwrites edits
        ui.transcribe_into(audio, answer_key, turn.id)
    # Why the transcript may be wrong (telephone band, noise or music, clipping, a file cut short):
    # shown on every rerun while the user checks and edits the text (interview/speech/audio_quality.py).
    heard = (st.session_state.get("_transcribed", {}).get(turn.id) or {}).get("transcript")
    for w in heard.warnings if heard else []:
        st.warning(w)
    answer = st.text_area("Your answer", key=answer_key, height=220,
                          placeholder="Type your answer in English, or record it above and edit the transcript.")
    if st.button("Submit answer", type="primary"):
        error = ui.submit_answer(session, answer, turn.id)
        if error:
            st.error(error)
        else:
            st.rerun()
    st.stop()

# ---- the answered turn: scores, feedback, evidence, what next
st.markdown("**Your answer**")
ui.answer_text(turn.answer)
if turn.transcript:
    ui.delivery_caption(turn.transcript)
    for w in turn.transcript.warnings:
        st.warning(w)
ui.score_table(turn.rubric)

st.markdown("**Feedback**")
if turn.feedback:
    ui.plain(turn.feedback)
else:
    ui.stream_feedback(session)
ui.written_by_caption(turn, "feedback")

if turn.evidence:
    with st.expander(turn.evidence_title, expanded=turn.evidence_close):  # closed when none is close
        if len(turn.evidence) > 1 and turn.evidence_talked_about:  # its match can be below the next ones' (0.11, 0.13)
            st.caption("First the bullet your answer talks about (the one the Evidence row quotes), then the others "
                       "by match with the question and your answer.")
        elif len(turn.evidence) > 1:
            st.caption("By match with the question and your answer.")
        for i, e in enumerate(turn.evidence, 1):
            where = ", ".join(x for x in (e.role, e.employer) if x)  # from the resume's structure
            ui.plain(f"[{i}] {e.bullet}{f' ({where})' if where else ''}  (match {e.score:.2f})")

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

# A row that wraps: buttons keep their whole label at any width (four fixed columns cut
# "Retry this qu…" and "Finish and see the re…" at 1280 px and 390 px).
row = st.container(horizontal=True)
if turn.follow_up and row.button("Answer the follow-up"):
    ui.get_coach().ask_follow_up(session)
    st.rerun()
if row.button("Retry this question"):
    ui.get_coach().retry(session)
    st.rerun()
if session.has_next:
    if row.button("Next question", type="primary"):
        with st.spinner("Writing the next question…"):
            error = ui.next_question(session)
        if error:
            st.error(error)
        else:
            st.rerun()
elif row.button("Finish and see the report", type="primary"):
    ui.get_coach().finish(session)
    st.switch_page("pages/report.py")
