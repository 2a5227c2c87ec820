"""The coach: the models of DESIGN.md §2 bundled, and the operations of one interview turn (§4).

    coach = Coach.load()
    s = coach.start("Backend Engineer", "Go services on AWS", "medium", 3, bullets=[...])
    turn = coach.next_question(s)
    coach.score(s, "In my last role I ...")          # rubric + evidence, saved at once
    text = "".join(coach.feedback_stream(s))          # narrative, saved when complete

Everything a turn produces is written to the store the moment it exists.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Iterator

from interview import prompts, store
from interview.generator import complete, generate_question, reject_reason, build_candidate, GenerationOptions, stream_chat
from interview.session import InterviewSession, Turn, adjust_band, check_setup, plan_types
from interview.star import speaks_in_first_person

EVIDENCE_K = 3              # bullets shown with each feedback and given to the generator
FEEDBACK_TOKENS = 96        # 2-3 sentences
SAMPLE_ANSWER_TOKENS = 140  # 3-5 sentences
SAMPLE_ANSWER_TRIES = 3     # the tuned generator sometimes writes a question instead (see answer_problem)
# Degenerate answers get feedback written in code: asking a model to praise "asdf" helps nobody.
DEGENERATE_FLAGS = {"empty", "dont_know", "copied_question", "gibberish"}

FOLLOW_UP_TEMPLATES = {  # used when the model's follow-up is not a valid question
    "situation": "Can you set the scene: what was the context and why did it matter?",
    "task": "What exactly were you responsible for in that situation?",
    "action": "What specific steps did you take yourself, as opposed to the team?",
    "result": "What was the outcome, and how did you measure it?",
    "numbers": "Can you put a number on the impact, for example time, cost or users affected?",
}


class AnswerError(ValueError):
    """An answer that cannot be scored (empty...); the message is shown to the user."""


@dataclass
class Coach:
    generator: object           # models.Generator
    encoder: object             # MiniLM: scoring, question de-duplication
    router: object              # router.ZeroShotRouter or the fine-tuned router
    retriever_encoder: object   # MiniLM or its fine-tuned adapter
    _indexes: dict = field(default_factory=dict, repr=False)
    _index_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls) -> "Coach":
        from interview.models import load_encoder, load_generator
        from interview.retriever import load_retriever_encoder
        from interview.router import load_router

        encoder = load_encoder()
        return cls(generator=load_generator(), encoder=encoder, router=load_router(encoder=encoder),
                   retriever_encoder=load_retriever_encoder())

    # ------------------------------------------------------------------ setup and questions
    def start(self, role: str, description: str, difficulty: str, n_questions: int,
              bullets: list[str] = (), owner: str = "local", years: int | None = None,
              stack: str = "") -> InterviewSession:
        """Route the job and plan the interview. `years` of experience nudge the difficulty band
        (< 2 years: at most medium; >= 8: at least medium); a tech `stack` steers question topics."""
        check_setup(role, description, difficulty, n_questions)
        route = self.router.route(role, description, difficulty)
        band = adjust_band(route.difficulty_band, years)
        description = prompts.clean_text(description)
        if prompts.clean_text(stack):
            description = f"{description}\nCandidate's tech stack: {prompts.clean_text(stack)}".strip()
        session = InterviewSession(
            role=prompts.clean_text(role), description=description,
            difficulty=band, n_questions=n_questions,
            bullets=[prompts.clean_text(b) for b in bullets if prompts.clean_text(b)],
            route=route.to_dict(), plan=plan_types(route.interview_types, n_questions), owner=owner,
        )
        store.save_session(session)
        return session

    def next_question(self, session: InterviewSession, seed: int | None = None) -> Turn:
        """Generate the next planned question and append it as a new turn."""
        if not session.has_next:
            raise ValueError("All questions of this interview have been asked.")
        index = len(session.main_turns)
        qtype = session.plan[index]
        if index < len(session.preset):  # a review session re-asks past questions verbatim
            text = session.preset[index]
        else:
            text = generate_question(self.generator, self.encoder, session.role, session.description,
                                     session.difficulty, qtype, previous=session.asked,
                                     classify=self.router.classify_question,
                                     opts=GenerationOptions(seed=seed)).text
        turn = Turn(index=index, question=text, question_type=qtype)
        session.turns.append(turn)
        store.save_turn(session, turn)
        return turn

    def retry(self, session: InterviewSession) -> Turn:
        """Ask the current question again; the earlier attempt is kept."""
        cur = session.current
        turn = Turn(index=cur.index, question=cur.question, question_type=cur.question_type,
                    attempt=cur.attempt + 1, is_follow_up=cur.is_follow_up)
        session.turns.append(turn)
        store.save_turn(session, turn)
        return turn

    def ask_follow_up(self, session: InterviewSession) -> Turn:
        cur = session.current
        turn = Turn(index=cur.index, question=cur.follow_up, question_type=cur.question_type, is_follow_up=True)
        session.turns.append(turn)
        store.save_turn(session, turn)
        return turn

    # ------------------------------------------------------------------ answers and feedback
    def evidence(self, session: InterviewSession, question: str, k: int = EVIDENCE_K) -> list[dict]:
        """Resume bullets that fit the question (empty without a resume)."""
        from interview.retriever import build_index, retrieval_query, retrieve

        if not session.bullets:
            return []
        key = hashlib.sha1("\n".join(session.bullets).encode()).hexdigest()
        with self._index_lock:
            index = self._indexes.get(key)
            if index is None:
                index = build_index(self.retriever_encoder, session.bullets)
                self._indexes = {**dict(list(self._indexes.items())[-31:]), key: index}  # keep 32 resumes
        hits = retrieve(index, retrieval_query(session.description, question), k=k)
        return [{"bullet": h.bullet, "score": round(float(h.score), 3)} for h in hits]

    def score(self, session: InterviewSession, answer: str, transcript: dict | None = None) -> Turn:
        """Score the answer to the current question (rubric in code + evidence). Saved at once."""
        from interview.scoring import score_answer

        turn = session.current
        if turn is None:
            raise AnswerError("There is no question to answer yet.")
        answer = prompts.clean_text(answer)
        if not answer:
            raise AnswerError("Your answer is empty. Type (or record) an answer, then submit.")
        turn.answer, turn.transcript = answer, transcript
        store.save_turn(session, turn)  # the answer is safe before any model runs
        turn.evidence = self.evidence(session, turn.question)
        delivery = None
        if transcript:
            delivery = {k: transcript.get(k) for k in ("words_per_minute", "filler_count", "long_pauses", "speaking_time_s")}
        rubric = score_answer(turn.question, answer, turn.question_type,
                              bullets=[e["bullet"] for e in turn.evidence], encoder=self.encoder, delivery=delivery)
        turn.rubric = {**rubric.to_dict(), "summary": rubric.summary()}
        store.save_turn(session, turn)
        return turn

    def feedback_stream(self, session: InterviewSession) -> Iterator[str]:
        """Stream the feedback narrative of the current (scored) turn; saved when complete."""
        turn = session.current
        flags = set(turn.rubric.get("flags", []))
        if flags & DEGENERATE_FLAGS:
            text = self._degenerate_feedback(turn)
            yield text
        else:
            messages = prompts.feedback_messages(turn.question, turn.answer, turn.rubric["summary"],
                                                 [e["bullet"] for e in turn.evidence])
            parts = []
            for piece in stream_chat(self.generator, messages, max_new_tokens=FEEDBACK_TOKENS):
                parts.append(piece)
                yield piece
            text = "".join(parts).strip()
        turn.feedback = text
        turn.follow_up = self.follow_up_for(turn)
        store.save_turn(session, turn)

    def sample_answer(self, session: InterviewSession, turn: Turn | None = None) -> str:
        """A model answer to the turn's question, in the first person, built on the retrieved bullets.
        Drafts that are not answers (a question back, a fragment) are resampled; if every try fails,
        the user gets an outline built from their own bullets, said to be an outline."""
        turn = turn or session.current
        bullets = [e["bullet"] for e in turn.evidence]
        messages = prompts.sample_answer_messages(turn.question, session.role, bullets)
        seed = int(hashlib.sha256(turn.question.encode()).hexdigest()[:8], 16)
        text = ""
        for attempt in range(SAMPLE_ANSWER_TRIES):
            text = complete(self.generator, messages, max_new_tokens=SAMPLE_ANSWER_TOKENS,
                            temperature=0.7 + 0.1 * attempt, seed=seed + attempt)
            if answer_problem(text) is None:
                break
        else:
            text = outline_answer(turn.question_type, bullets)
        turn.sample_answer = text
        store.save_turn(session, turn)
        return turn.sample_answer

    def follow_up_for(self, turn: Turn) -> str:
        """A follow-up question when the answer missed a STAR part or numbers; '' when it did not."""
        missing = [m for m in turn.rubric.get("missing", []) if m in FOLLOW_UP_TEMPLATES]
        if not missing or turn.is_follow_up or set(turn.rubric.get("flags", [])) & DEGENERATE_FLAGS:
            return ""
        messages = prompts.follow_up_messages(turn.question, turn.answer, ", ".join(missing))
        text = build_candidate(complete(self.generator, messages, max_new_tokens=48))
        if reject_reason(text, GenerationOptions()) is None and text.endswith("?"):
            return text
        return FOLLOW_UP_TEMPLATES[missing[0]]

    @staticmethod
    def _degenerate_feedback(turn: Turn) -> str:
        reasons = [d["reason"] for d in turn.rubric.get("dimensions", []) if d["score"] <= 1]
        head = "This answer does not address the question yet."
        tip = ("Try a concrete example: the situation, what you did, and a measurable result."
               if turn.question_type == "behavioral" else
               "Explain your approach step by step, name the tools you would use and the trade-offs.")
        return " ".join([head, *reasons[:2], tip])

    def finish(self, session: InterviewSession) -> None:
        session.finished = True
        store.save_session(session)


_QUESTION_START = ("tell me", "describe", "walk me", "can you", "could you", "how would", "what would",
                   "how do you", "what is", "why ", "give me", "share ", "explain ")


def answer_problem(text: str) -> str | None:
    """Why a sample-answer draft is not an answer, or None. The fine-tuned generator sometimes writes
    an interview question instead (training/generator_errors.py counts it under 'format')."""
    t = text.strip()
    words = t.split()
    if len(words) < 20:
        return "too_short"
    if t.lower().startswith(_QUESTION_START) or t.endswith("?") or t.count("?") > 1:
        return "a_question"
    if not speaks_in_first_person(t):
        return "not_first_person"
    return None


def outline_answer(question_type: str, bullets: list[str]) -> str:
    """The fallback when the model wrote no usable sample answer: an honest outline, not a fake answer."""
    story = bullets[0].rstrip(".") if bullets else ""
    if question_type in ("behavioral", ""):
        lines = ["The model could not write a sample answer this time; here is an outline to answer with.",
                 "Situation: one sentence on the team, the product and what was at stake.",
                 "Task: what you were responsible for.",
                 "Action: two or three things you did yourself, in the order you did them.",
                 "Result: a number that changed, and what you learned."]
        if story:
            lines.append(f"From your resume, this could be the story: {story}.")
    else:
        lines = ["The model could not write a sample answer this time; here is an outline to answer with.",
                 "Start with your approach in one sentence, then walk through the steps, name the tools you "
                 "would use and one trade-off, and end with how you would check that it works."]
        if story:
            lines.append(f"Ground it in your own experience: {story}.")
    return "\n".join(lines)
