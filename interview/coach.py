"""The coach: the models of DESIGN.md §2 bundled, and the operations of one interview turn (§4).

    coach = Coach.load()
    s = coach.start("Backend Engineer", "Go services on AWS", "medium", 3, bullets=[...])
    turn = coach.next_question(s)
    coach.score(s, "In my last role I ...")          # assessment (rubric + findings) + evidence, saved at once
    text = "".join(coach.feedback_stream(s))          # findings put into words by the model, gated, saved

Everything a turn produces is written to the store the moment it exists.
"""
from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import asdict, dataclass, field, replace
from typing import Iterator

from interview.generation import prompts

from interview.storage import store
from interview.text.answer_checks import ignored_lines_warning, screen_lines, visible_text
from interview.routing.band import move_band
from interview.coaching.assessment import Assessment, assess
from interview.coaching.feedback import Written, write_feedback, write_follow_up
from interview.coaching.gate import Sources, check_text
from interview.coaching.sample import is_story_type, star_from_bullets, what_a_strong_answer_covers
from interview.coaching.dimensions import talked_about_bullet
from interview.coaching.scoring import ScoringOptions
from interview.generation.generator import generate_question, GenerationOptions
from interview.text.language import answer_language_problem
from interview.documents.posting import extract_posting
from interview.routing.router import clean_role
from interview.retrieval.evidence import EvidenceHit
from interview.session import InterviewSession, Reading, Turn, plan_types
from interview.speech.transcript import Transcript
from interview.validation import check_setup

EVIDENCE_K = 3              # bullets shown with each feedback and given to the generator
EVIDENCE_ANSWER_WORDS = 80  # words of the answer added to the retrieval query (MiniLM reads ~128 pieces)
EVIDENCE_FLOOR = 0.10       # a bullet after the first is shown from this match up


class AnswerError(ValueError):
    """An answer that cannot be scored (empty...); the message is shown to the user."""


def talked_about_first(hits: list[EvidenceHit], dims) -> list[EvidenceHit]:
    """The bullet the evidence row quotes first, then the others by match; all by match when the answer talks
    about none (then nothing is "the bullet your answer talks about", whatever the retriever ranked first)."""
    i = talked_about_bullet(dims, [h.bullet for h in hits])
    rest = sorted((h for j, h in enumerate(hits) if j != i), key=lambda h: -h.score)
    return ([hits[i]] if i is not None else []) + rest


@dataclass
class Coach:
    generator: object           # models.Generator
    encoder: object             # MiniLM: scoring, question de-duplication
    router: object              # router.ZeroShotRouter or the fine-tuned router
    retriever_encoder: object   # MiniLM or its fine-tuned adapter
    _indexes: dict = field(default_factory=dict, repr=False)
    _index_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _bank: object = field(default=None, repr=False)   # interview.retrieval.answer_bank.AnswerBank, loaded on first use

    @classmethod
    def load(cls) -> "Coach":
        from interview.models.loading import load_encoder, load_generator
        from interview.retrieval.retriever import load_retriever_encoder
        from interview.routing.router import load_router

        encoder = load_encoder()
        return cls(generator=load_generator(), encoder=encoder, router=load_router(encoder=encoder),
                   retriever_encoder=load_retriever_encoder())

    # ------------------------------------------------------------------ setup and questions
    def detect(self, role: str, description: str, difficulty: str, years: int | None = None) -> dict:
        """What the coach reads in the posting, for the user to check before Start: role family, level
        (the chosen difficulty moved at most one step by the posting's seniority and `years`) and the
        interview mix, with the router's warnings."""
        route = self.router.route(role, description, difficulty)
        return {"role_family": route.role_family, "difficulty_band": move_band(route.difficulty_band, years=years),
                "interview_types": list(route.interview_types), "warnings": list(route.warnings)}

    def start(self, role: str, description: str, difficulty: str, n_questions: int,
              bullets: list[str] = (), owner: str = "local", years: int | None = None,
              stack: str = "", bullet_context: dict | None = None, overrides: dict | None = None) -> InterviewSession:
        """Route the job and plan the interview. `years` of experience nudge the difficulty band
        (< 2 years: at most medium; >= 8: at least medium); a tech `stack` steers question topics.
        `bullet_context` (ParsedResume.context_dicts()) says which employer and role each bullet is from.
        `overrides` ({role_family, difficulty_band, interview_types}, any of them) is what the user set on
        Set up after seeing `detect`: it replaces the router's reading and is saved with the session."""
        check_setup(role, difficulty, n_questions)
        route = self.router.route(role, description, difficulty)
        band = move_band(route.difficulty_band, years=years)
        detected = None
        if overrides:
            detected = Reading(route.role_family, band, list(route.interview_types))
            route, band = apply_overrides(route, band, overrides)
        role, description = clean_role(role)[0], visible_text(description)  # as the router saw them
        posting = extract_posting(role, description)  # before the stack: that is the candidate's, not the job's
        # Bullets that talk to the coach are data, never evidence (typed into the list after parsing too).
        bullets, ignored = screen_lines([visible_text(b) for b in bullets if visible_text(b)])
        if notice := ignored_lines_warning(ignored):
            route = replace(route, warnings=[*route.warnings, notice])
        if prompts.clean_text(stack):
            description = f"{description}\nCandidate's tech stack: {prompts.clean_text(stack)}".strip()
        session = InterviewSession(
            role=role, description=description,
            difficulty=band, n_questions=n_questions,
            bullets=bullets,
            bullet_context={visible_text(b): dict(c) for b, c in (bullet_context or {}).items()
                            if visible_text(b) in set(bullets)},
            route=route, detected=detected, posting=posting,
            plan=plan_types(route.interview_types, n_questions), owner=owner,
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
            # Grounded in the posting's skills and duties (saved with the route; read again for a
            # session saved before they were) and held to the interview's role family.
            posting = (session.posting if session.posting is not None
                       else extract_posting(session.role, session.description))
            text = generate_question(self.generator, self.encoder, session.role, session.description,
                                     session.difficulty, qtype, previous=session.asked,
                                     classify=self.router.classify_question,
                                     opts=GenerationOptions(seed=seed), posting=posting,
                                     role_family=session.role_family or None).text
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
    def evidence(self, session: InterviewSession, question: str, answer: str = "", k: int = EVIDENCE_K) -> list[EvidenceHit]:
        """Resume bullets that fit the question and the answer (empty without a resume): with the
        answer in the query, the bullet the answer talks about ranks first."""
        return self.retrieve_bullets(session.bullets, session.description, question, answer, k,
                                     context=session.bullet_context)

    def retrieve_bullets(self, bullets: list[str], description: str, question: str, answer: str = "",
                         k: int = EVIDENCE_K, context: dict | None = None) -> list[EvidenceHit]:
        """The bullets that fit, best first; the bullet the answer talks about ranks first
        (retriever.retrieve_for_answer); employer and role come from `context` ("" when unknown)."""
        from interview.retrieval.retriever import build_index, retrieve_for_answer

        if not bullets:
            return []
        key = hashlib.sha1("\n".join(bullets).encode()).hexdigest()
        with self._index_lock:
            index = self._indexes.get(key)
            if index is None:
                index = build_index(self.retriever_encoder, bullets)
                self._indexes = {**dict(list(self._indexes.items())[-31:]), key: index}  # keep 32 resumes
        said = " ".join(answer.split()[:EVIDENCE_ANSWER_WORDS])
        hits = retrieve_for_answer(index, question, said, job_description=description, k=k)
        # The first stays the bullet the answer talks about; the others are shown by match, and one that shares
        # almost nothing with the question and answer is not shown at all (a walkthrough listed "Taught spreadsheet
        # basics ..." at match 0.02 after bullets at 0.28, 0.05, 0.26).
        hits = hits[:1] + sorted((h for h in hits[1:] if h.score >= EVIDENCE_FLOOR), key=lambda h: -h.score)
        context = context or {}
        return [EvidenceHit(h.bullet, round(float(h.score), 3), context.get(h.bullet, {}).get("employer", ""),
                            context.get(h.bullet, {}).get("role", "")) for h in hits]

    def assess(self, question: str, question_type: str, answer: str, bullets=(), role_family: str = "",
               transcript: Transcript | None = None, opts: ScoringOptions | None = None) -> Assessment:
        return assess(question, question_type, answer, bullets=list(bullets), role_family=role_family,
                      transcript=transcript, encoder=self.encoder, opts=opts)

    def score(self, session: InterviewSession, answer: str, transcript: Transcript | None = None) -> Turn:
        """Assess the answer to the current question (rubric and findings in code + evidence). Saved at once."""
        turn = session.current
        if turn is None:
            raise AnswerError("There is no question to answer yet.")
        # Terminal codes and invisible characters are not an answer. The answer is kept with its lines' indentation
        # (code is shown as written); it is scored with runs of spaces collapsed, as every rule reads text.
        shown = visible_text(answer, keep_indent=True)
        answer = visible_text(answer)
        if not answer:
            raise AnswerError("Your answer is empty. Type (or record) an answer, then submit.")
        turn.answer, turn.transcript = shown, transcript
        store.save_turn(session, turn)  # the answer is safe before any model runs
        if problem := answer_language_problem(answer):  # saved, but the English rubric cannot judge it
            raise AnswerError(problem)
        asked = self.asked_with_context(session, turn)
        turn.evidence = self.evidence(session, asked, answer)
        # A follow-up's answer is one turn of a conversation ("Can you give an example from your own work?"
        # gets a story): the relevance judge, trained on whole questions and their answers, read a fitting
        # story as not answering "How does a CDN speed up a website?" (p 0.08), so the cosine rule judges it.
        # It is one point, not a whole answer: 30-120 words, no STAR or design parts (ScoringOptions.follow_up).
        opts = ScoringOptions(use_judge=False, follow_up=True) if turn.is_follow_up else None
        a = self.assess(asked, turn.question_type, answer, [e.bullet for e in turn.evidence],
                        session.role_family, transcript, opts)
        turn.assessment, turn.rubric = a, a.rubric
        turn.evidence = talked_about_first(turn.evidence, a.rubric.dimensions)
        store.save_turn(session, turn)
        return turn

    @staticmethod
    def asked_with_context(session: InterviewSession, turn: Turn) -> str:
        """What the answer is judged against: the question, or for a follow-up the question it follows up
        and the follow-up after it. Alone, "Can you give a concrete example from your own work?" is close to
        no answer: a browser walkthrough's concrete example to it scored 0/100 as off topic."""
        parent = next((t for t in session.turns if t.index == turn.index and not t.is_follow_up), None)
        return f"{parent.question} {turn.question}" if turn.is_follow_up and parent else turn.question

    def _sources(self, session: InterviewSession, turn: Turn) -> Sources:
        shown = [e.bullet for e in turn.evidence]
        return Sources(self.asked_with_context(session, turn), turn.answer, session.description,
                       shown + [b for b in session.bullets if b not in shown])

    def feedback_stream(self, session: InterviewSession) -> Iterator[str]:
        """The feedback of the current (scored) turn, then its follow-up; both saved when complete.
        The model's draft is checked by the gate before anything is shown, so the text comes out in
        one piece per word once it has passed (or as the findings list when no draft passes)."""
        turn = session.current
        a = turn.assessment
        seed = _seed(turn.question + turn.answer)
        fb = write_feedback(self.generator, a, self._sources(session, turn), seed=seed)
        turn.feedback, turn.written_by["feedback"], turn.drafts["feedback"] = fb.text, fb.source, fb.drafts
        store.save_turn(session, turn)
        for word in re.findall(r"\S+\s*", fb.text):
            yield word
        if not turn.is_follow_up:
            fu = write_follow_up(self.generator, a, self._sources(session, turn), seed=seed)
            turn.follow_up, turn.written_by["follow_up"], turn.drafts["follow_up"] = fu.text, fu.source, fu.drafts
        store.save_turn(session, turn)

    def sample_answer(self, session: InterviewSession, turn: Turn | None = None) -> str:
        """The turn's sample answer (see interview.coaching.sample): a STAR answer from the user's own
        bullets, a licensed answer-bank answer with its source, or what a strong answer covers."""
        turn = turn or session.current
        written = self.write_sample_answer(turn.question, turn.question_type, turn.evidence,
                                           self._sources(session, turn), role_family=session.role_family or None)
        turn.sample_answer, turn.written_by["sample_answer"] = written.text, written.source
        turn.drafts["sample_answer"] = written.drafts
        store.save_turn(session, turn)
        return turn.sample_answer

    def write_sample_answer(self, question: str, question_type: str, evidence: list[EvidenceHit],
                            sources: Sources, role_family: str | None = None) -> Written:
        """Written.source says where the text comes from: "resume" (the user's bullets, composed in
        code), "bank" (drafts[0] holds the entry's source and licence) or "code" (an outline). The
        gate checks the composed story too: a bullet turned into the first person must still hold
        no fact that is not in the inputs."""
        if is_story_type(question_type):
            if not evidence:
                return Written(outline_answer(question_type, [], NO_RESUME_OUTLINE), "code")
            text = star_from_bullets(evidence)
            # The employer and role the resume puts above a bullet are the user's facts too.
            resume_lines = [f"{e.role} {e.employer}" for e in evidence]
            problems = check_text(text, replace(sources, bullets=[*sources.bullets, *resume_lines]), "sample_answer")
            if not problems:
                return Written(text, "resume", [{"text": text, "problems": []}])
            return Written(outline_answer(question_type, [e.bullet for e in evidence]), "code",
                           [{"text": text, "problems": problems}])
        hit = self.answer_bank_lookup(question, role_family)
        if hit is not None:
            return Written(hit.answer, "bank", [asdict(hit)])
        return Written(what_a_strong_answer_covers(question, question_type), "code")

    def answer_bank_lookup(self, question: str, role_family: str | None = None):
        """The licensed answer bank's entry for the question when one is close enough, else None
        (interview/retrieval/answer_bank.py; its index is built on first use and cached on disk)."""
        if self.encoder is None:
            return None
        with self._index_lock:
            if self._bank is None:
                from interview.retrieval.answer_bank import load_answer_bank
                self._bank = load_answer_bank(self.encoder)
        return self._bank.lookup(question, role_family)

    def review(self, question: str, answer: str, question_type: str | None = None, bullets=(), role: str = "",
               description: str = "") -> dict:
        """Everything the coach says about one answer, without a session or the store (the CLI's
        `feedback`, batch scoring, the evaluation): assessment, evidence, feedback, follow-up, sample."""
        question, answer = prompts.clean_text(question), visible_text(answer)
        if not answer:
            raise AnswerError("The answer is empty.")
        if problem := answer_language_problem(answer):
            raise AnswerError(problem)
        qtype = question_type or self.router.classify_question(question).type
        bullets = screen_lines(list(bullets))[0]  # a bullet that talks to the coach is never evidence
        evidence = self.retrieve_bullets(bullets, description, question, answer)
        a = self.assess(question, qtype, answer, [e.bullet for e in evidence], role)
        sources = Sources(question, answer, description, list(bullets))
        seed = _seed(question + answer)
        fb = write_feedback(self.generator, a, sources, seed=seed)
        fu = write_follow_up(self.generator, a, sources, seed=seed)
        sample = self.write_sample_answer(question, qtype, evidence, sources)
        return {"assessment": a, "evidence": evidence, "feedback": fb, "follow_up": fu, "sample_answer": sample}

    def finish(self, session: InterviewSession) -> None:
        session.finished = True
        store.save_session(session)


def apply_overrides(route, band: str, overrides: dict):
    """(route, band) with the user's choices from Set up; a value that is not a known label is a
    ValueError naming it (the page only offers known ones; the CLI and tests may not)."""
    from interview.labels import DIFFICULTY_BANDS, INTERVIEW_TYPES, ROLE_FAMILIES

    family = overrides.get("role_family") or route.role_family
    band = overrides.get("difficulty_band") or band
    types = list(overrides.get("interview_types") or route.interview_types)
    if family not in ROLE_FAMILIES:
        raise ValueError(f"Unknown role family {family!r}; choose one of {', '.join(ROLE_FAMILIES)}.")
    if band not in DIFFICULTY_BANDS:
        raise ValueError(f"Unknown level {band!r}; choose one of {', '.join(DIFFICULTY_BANDS)}.")
    if unknown := [t for t in types if t not in INTERVIEW_TYPES]:
        raise ValueError(f"Unknown interview type(s) {unknown}; choose from {', '.join(INTERVIEW_TYPES)}.")
    route = replace(route, role_family=family, interview_types=types, difficulty_band=band)
    return route, band


def _seed(text: str) -> int:
    """A seed from the text, so the same answer gets the same feedback."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


NO_RESUME_OUTLINE = "Without a resume the coach does not invent a story for you; fill this outline with your own."
STORY_FAILED_OUTLINE = "Your bullets could not be told as a story without adding to them; here is an outline to answer with."


def outline_answer(question_type: str, bullets: list[str], head: str = STORY_FAILED_OUTLINE) -> str:
    """The sample answer written by code: an honest outline with visible [placeholders], never a story."""
    story = bullets[0].rstrip(".") if bullets else ""
    if question_type in ("behavioral", ""):
        lines = [head,
                 "Situation: at [the company], [the team and product], and what was at stake.",
                 "Task: I was responsible for [your part].",
                 "Action: I [first step], then I [second step].",
                 "Result: [the metric] went from [before] to [after], and I learned [lesson]."]
        if story:
            lines.append(f"From your resume, this could be the story: {story}.")
    else:
        lines = [head,
                 "Start with your approach in one sentence, then walk through the steps, name the tools you "
                 "would use and one trade-off, and end with how you would check that it works."]
        if story:
            lines.append(f"Ground it in your own experience: {story}.")
    return "\n".join(lines)
