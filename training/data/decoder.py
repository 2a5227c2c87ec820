"""Chat examples for the generator: question writing, answer feedback, sample answers, follow-ups.

Prompts come from interview/generation/prompts.py (the builders serving uses), so training and serving see the
same text. Targets are short on purpose: a 135M model must produce them quickly on a CPU.

Every example is built from material of ONE split (postings, question pool, resumes), so test
examples share no question, job description or bullet with training.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from interview.generation import prompts
from interview.labels import DIFFICULTY_BANDS, INTERVIEW_TYPES, ROLE_FAMILIES
from training.data.resumes import first_clause, questions_for, second_person
from training.data.text import cap, fill, lower_first, sentence

STAR = ["situation", "task", "action", "result"]
# Which gap the coach talks about first: an answer without a result or without actions is weaker
# than one without a number or a scene-setting sentence.
IMPROVE_ORDER = ["result", "action", "numbers", "situation", "task"]
DIMENSIONS = ["relevance", "specificity", "structure", "length"]
# Answer profiles: which STAR parts the synthetic answer has (plus fillers or an off-topic story).
PROFILES = {
    "complete": ["situation", "task", "action", "result"],
    "no_task": ["situation", "action", "result"],
    "no_result": ["situation", "task", "action"],
    "vague_result": ["situation", "action", "vague"],
    "no_situation": ["task", "action", "result"],
    "action_only": ["action"],
    "rambling": ["filler", "situation", "filler", "action", "filler"],
    "off_topic": ["situation", "task", "action", "result"],
    "too_short": ["short"],
}


@dataclass
class Example:
    id: str
    task: str               # question, feedback, sample_answer, follow_up
    messages: list[dict]
    role_family: str
    interview_type: str
    difficulty: str
    split: str

    @property
    def target(self) -> str:
        return self.messages[-1]["content"]


def legacy_feedback_messages(question: str, answer: str, rubric_summary: str, bullets: list[str]) -> list[dict]:
    """The feedback prompt the app used before findings -> text (interview/coaching/feedback.py). Its rows
    in decoder_dataset.jsonl now carry the synthetic answers that training/coaching/build_feedback_data.py turns
    into findings -> feedback chats; training/coaching/evaluate_feedback.py also uses it to measure the old path."""
    user = (
        f"Question: {prompts.fence(question, 400)}\n"
        f"Answer: {prompts.fence(answer, 1500)}\n"
        f"Rubric: {rubric_summary}\n"
        f"{_bullets_block(bullets)}\n"
        "Write 2-3 sentences of feedback: one strength, one improvement, and which experience [n] to use."
    )
    return [{"role": "system", "content": prompts.SYSTEM_COACH}, {"role": "user", "content": user}]


def legacy_follow_up_messages(question: str, answer: str, missing: str) -> list[dict]:
    """The follow-up prompt used before findings -> text; kept for the rows that carry synthetic answers."""
    user = (
        f"Question: {prompts.fence(question, 400)}\n"
        f"Answer: {prompts.fence(answer, 1500)}\n"
        f"The answer is missing: {missing}\n"
        "Write one follow-up question that asks for it."
    )
    return [{"role": "system", "content": prompts.SYSTEM_INTERVIEWER}, {"role": "user", "content": user}]


def _bullets_block(bullets: list[str]) -> str:
    if not bullets:
        return "Candidate experience: none given"
    lines = "\n".join(f"[{i + 1}] {prompts.clean_text(b)}" for i, b in enumerate(bullets))
    return "Candidate experience:\n" + prompts.fence(lines, limit=prompts.MAX_FIELD_CHARS)


def _chat(messages: list[dict], target: str) -> list[dict]:
    return messages + [{"role": "assistant", "content": target}]


# ----------------------------------------------------------------------------- question writing

def _words(text: str) -> set[str]:
    return {w.strip(".,()?").lower() for w in text.split() if len(w) > 2}


def question_examples(per_cell: int, postings_by: dict, pool: dict, rng: random.Random,
                      previous_share: float = 0.35) -> list[Example]:
    """`per_cell` examples for every family x type x difficulty, dealt 70/15/15 over the splits.
    The target prefers a question that shares words with the posting (its stack, its team), so the
    model learns to ground questions in the job description."""
    out = []
    shares = {"train": 0.70, "validation": 0.15, "test": 0.15}
    for fam in ROLE_FAMILIES:
        for qtype in INTERVIEW_TYPES:
            for diff in DIFFICULTY_BANDS:
                for split, share in shares.items():
                    cands = pool.get((fam, qtype, diff, split)) or pool.get((fam, qtype, "*", split)) or []
                    if not cands:
                        continue
                    for _ in range(max(1, round(per_cell * share))):
                        posts = postings_by[(fam, split)]
                        same_band = [p for p in posts if p.difficulty_band == diff] or posts
                        post = rng.choice(same_band)
                        desc_words = _words(post.description + " " + post.job_title)
                        scored = sorted(cands, key=lambda q: -len(_words(q.question) & desc_words))
                        best = [q for q in scored if len(_words(q.question) & desc_words) ==
                                len(_words(scored[0].question) & desc_words)]
                        target = rng.choice(best if rng.random() < 0.6 else cands)
                        previous = None
                        if rng.random() < previous_share:
                            others = [q for q in pool[(fam, "*", "*", split)] if q.group != target.group]
                            previous = [q.question for q in rng.sample(others, min(len(others), rng.randint(1, 4)))]
                        msgs = prompts.question_messages(post.job_title, post.description, diff, qtype, previous)
                        out.append(Example("", "question", _chat(msgs, target.question), fam, qtype, diff, split))
    return out


# ----------------------------------------------------------------------------- answers and rubric

def build_answer(bullet, profile: str, coach: dict, rng: random.Random, story=None) -> str:
    """A candidate's spoken answer built from a bullet's situation/action/result. `story` is the
    bullet the answer is about (another one for off-topic answers)."""
    a = coach["answer"]
    story = story or bullet
    parts = []
    for p in PROFILES[profile]:
        if p == "situation":
            opener = rng.choice(a["openers"])
            ctx = story.ctx if not opener or opener.endswith(". ") else lower_first(story.ctx)
            parts.append(opener + ctx)
        elif p == "task":
            parts.append(rng.choice(a["task"]))
        elif p == "action":
            parts.append(sentence(rng.choice(a["action_lead"]) + story.act))
            if profile in ("complete", "no_result") and rng.random() < 0.4:
                parts.append(rng.choice(a["extra_action"]))
        elif p == "result":
            parts.append(sentence(rng.choice(a["result_lead"]) + story.res))
        elif p == "vague":
            parts.append(rng.choice(a["vague_result"]))
        elif p == "filler":
            parts.append(rng.choice(a["filler"]))
        elif p == "short":
            parts.append(sentence("I " + first_clause(story.act, 8)))
    return " ".join(parts)


def rubric(answer: str, profile: str) -> tuple[dict, list[str]]:
    """Scores 1-5 per dimension and the missing parts, consistent with how the answer was built."""
    present = set(PROFILES[profile]) & set(STAR)
    if "vague" in PROFILES[profile]:
        present.add("result")
    if profile == "too_short":
        present = {"action"}
    has_numbers = any(ch.isdigit() for ch in answer)
    missing = [p for p in STAR if p not in present] + ([] if has_numbers else ["numbers"])
    n_words = len(answer.split())
    relevance = 2 if profile == "off_topic" else 3 if profile in ("rambling", "too_short") else 5 if len(present) >= 3 else 4
    specificity = (5 if "result" in PROFILES[profile] and has_numbers else 4 if has_numbers else 3) if "action" in present else 1
    if profile == "too_short":
        specificity = 2
    structure = max(1, min(5, 1 + len(present)) - (1 if profile == "rambling" else 0))
    length = 1 if n_words < 20 else 2 if n_words < 40 else 3 if n_words < 60 else 4 if n_words < 90 else 5 if n_words <= 220 else 3
    return dict(zip(DIMENSIONS, [relevance, specificity, structure, length])), missing


def rubric_summary(scores: dict, missing: list[str]) -> str:
    """'relevance 4/5; specificity 2/5; structure 3/5; length 3/5; missing: result' (the scoring
    module writes the same format)."""
    text = "; ".join(f"{d} {scores[d]}/5" for d in DIMENSIONS)
    return text + (f"; missing: {', '.join(missing)}" if missing else "")


def _evidence(resume, positive, rng: random.Random) -> tuple[list[str], int]:
    """Three bullets as the retriever would return them: the right one and two others, shuffled.
    Returns (bullets, 1-based index of the right one)."""
    others = [b for b in resume.bullets if b is not positive]
    shown = rng.sample(others, min(2, len(others))) + [positive]
    rng.shuffle(shown)
    return [b.text for b in shown], shown.index(positive) + 1


def feedback_target(scores: dict, missing: list[str], profile: str, positive, n: int, scenario: str,
                    coach: dict, rng: random.Random) -> str:
    fb = coach["feedback"]
    res = positive.res
    ranked = sorted(DIMENSIONS, key=lambda d: -scores[d])          # stable: ties keep DIMENSIONS order
    best = ranked[0] if scores[ranked[0]] >= 4 else "weak"
    if best == "specificity" and profile == "off_topic":
        best = "structure"
    strength = fill(rng.choice(fb["strength"][best]), {"res": res}, rng)
    if profile == "off_topic":
        improve = rng.choice(fb["improve"]["relevance"]).format(scenario=scenario)
    elif scores["length"] <= 2:
        improve = rng.choice(fb["improve"]["short"])
    elif profile == "rambling":
        improve = rng.choice(fb["improve"]["long"])
    else:
        gap = next((g for g in IMPROVE_ORDER if g in missing), None)
        improve = rng.choice(fb["improve"][gap]) if gap else rng.choice(fb["improve"]["polish"])
    cite = rng.choice(fb["cite"]["other" if profile == "off_topic" else "own"]).format(n=n, res=res)
    return " ".join([strength, improve, cite])


def coaching_examples(kind: str, n: int, resumes: list, postings_by: dict, stems: list[str], coach: dict,
                      rng: random.Random) -> list[Example]:
    """`n` feedback, sample_answer or follow_up examples, 70/15/15 over the splits."""
    out = []
    counts = {"train": round(n * 0.70), "validation": round(n * 0.15)}
    counts["test"] = n - sum(counts.values())
    for split, k in counts.items():
        pool = [r for r in resumes if r.split == split and len(r.bullets) >= 3]
        for _ in range(k):
            resume = rng.choice(pool)
            positive = rng.choice(resume.bullets)
            question = questions_for(positive.template, stems, rng, 1)[0]
            qtype = "technical" if question == positive.template.fields.get("tq") else "behavioral"
            scenario = positive.template.fields["q"][0]
            bullets, idx = _evidence(resume, positive, rng)
            post = rng.choice(postings_by[(resume.family, split)])   # the job this practice run is for
            if kind == "sample_answer":
                msgs = prompts.sample_answer_messages(question, post.job_title, bullets)
                target = sample_answer_target(positive, qtype, coach, rng)
            else:
                profiles = list(PROFILES) if kind == "feedback" else ["no_task", "no_result", "vague_result", "no_situation", "action_only"]
                profile = rng.choice(profiles)
                story = rng.choice([b for b in resume.bullets if b is not positive]) if profile == "off_topic" else positive
                answer = build_answer(positive, profile, coach, rng, story)
                scores, missing = rubric(answer, profile)
                if kind == "feedback":
                    msgs = legacy_feedback_messages(question, answer, rubric_summary(scores, missing), bullets)
                    target = feedback_target(scores, missing, profile, positive, idx, scenario, coach, rng)
                else:
                    msgs = legacy_follow_up_messages(question, answer, ", ".join(missing))
                    target = follow_up_target(missing, story, coach, rng)
            out.append(Example("", kind, _chat(msgs, target), resume.family, qtype, post.difficulty_band, split))
    return out


def sample_answer_target(positive, qtype: str, coach: dict, rng: random.Random) -> str:
    s = coach["sample"]
    opener = rng.choice(s["openers"])
    ctx = positive.ctx if not opener or opener.endswith(". ") else lower_first(positive.ctx)
    parts = [(rng.choice(s["technical_lead"]) if qtype == "technical" else "") + opener + ctx,
             sentence("I " + positive.act), sentence(rng.choice(s["result_lead"]) + positive.res)]
    if rng.random() < 0.6:
        parts.append(rng.choice(s["reflection"]))
    return " ".join(parts)


def follow_up_target(missing: list[str], story, coach: dict, rng: random.Random) -> str:
    order = ["result", "action", "numbers", "situation", "task"]
    gap = next(g for g in order if g in missing)
    text = rng.choice(coach["follow_up"][gap])
    return cap(text.format(act_short=first_clause(story.act), ctx_short=second_person(first_clause(story.ctx.rstrip("."), 14))))
