"""The rubric: an answer scored in code, each dimension 0-5 with a one-line reason.

    >>> r = score_answer(question, answer, "behavioral", bullets=hits, encoder=load_encoder())
    >>> r.summary()
    'relevance 4/5; specificity 3/5; structure 4/5; length 5/5; missing: numbers'

Dimensions (rules in interview/text/star.py; the word lists are the documentation):
  relevance        0.25 x cosine(question, answer) + 0.75 x the best sentence's cosine + 0.3 x the share of the
                   question's content words the answer uses (MiniLM; the answer vector is the word-weighted mean
                   of its sentence vectors) + 0.45 x (p - 0.5) for technical and coding questions, p = the relevance
                   judge's probability that the answer answers THIS question, not another of its field
                   (coaching/relevance.py); + 0.10 for a behavioural answer that tells >= 3 steps the candidate
                   took (story_steps: the experience the question asks for, which the cosine under-rates);
                   cuts 0.26/0.34/0.42/0.44/0.55, chosen on the review set's development half and the calibration
                   pairs. A behavioural question is compared without its framing ("Tell me about a time you").
                   An answer that opens by naming another subject (coaching/subject.py) is off topic (0).
                   Lexical fallback (tests only): the share alone, cuts 0.01/0.15/0.30/0.45/0.60.
  specificity      numbers (0 / 1 / >=2 -> 0-2 points) + named tools and products, not employers, schools or
                   places (star.named_tools; 0 / 1-2 / >=3 -> 0-2) + an outcome word ('reduced', 'shipped'; 1); max 5.
  structure        behavioral: one point per STAR part found (situation, task, action, result) and
                   one more when the result carries a number. Other types: one point each for an
                   approach, >= 2 ordered steps, trade-offs, an example, and a measure (complexity,
                   latency, a number).
  length           words: 0 -> 0, 1-14 -> 1, 15-39 -> 2, 40-79 -> 3, 80-119 -> 4, 120-300 -> 5,
                   301-450 -> 4, 451-650 -> 3, more -> 2 (rambling). An answer to a follow-up aims for
                   30-120 words and has no structure dimension (coaching/length.py, ScoringOptions.follow_up).
  technical_depth  technical, system_design and coding only: distinct domain terms 0 / 1-2 / 3-5 /
                   6-9 / >=10 -> 0-4, +1 when the answer explains why ('because' + what it names: explanation.explains_cause).
                   Terms making up more than 30% of the words count half (keyword stuffing).
  evidence         only with resume bullets: the best bullet's embedding similarity to an answer
                   sentence (>=0.65 / 0.5 / 0.35 -> 3 / 2 / 1) + share of that bullet's content words
                   in the answer (>=0.5 / 0.25 -> 2 / 1). Without an encoder: round(5 x share). Under a
                   technical, design or coding question it counts only when it raises the overall score.
  delivery         only for spoken answers: pace 110-170 wpm -> 2 (90-200 -> 1), fillers per minute
                   <= 2 -> 2 (<= 5 -> 1), long pauses <= 1 -> 1.

Overall (0-100) = 100 x (w_rel x relevance / 5 + credit x sum(weight x score / 5) over the other dimensions
present) / sum(weight), with WEIGHTS below. `credit` (0-1) is how far the answer is on the question: what
an answer says about another question earns little, however specific or well structured (on the review set's
development half, answers to another question sat at the off-topic cap above thin on-topic ones). It rises linearly
from 0 at a relevance value of 0.15 to 1 at 0.34 (the off-topic cut); delivery (how it is spoken) is not
scaled, nor is anything without an encoder (the lexical fallback has no calibrated value). Then capped by
flags (CAPS): empty and markup-only (no answer in words) 0, gibberish / "I don't know" / copied question
10, off-topic (relevance <= 1) and too short (< 20 words) 25, injection 50; an answer in another
language than English (interview/text/language.py) is not scored (0, its language named).

Anti-gaming: text is normalised with text.clean.clean_text (zero-width characters, NFKC) after terminal
escape codes are removed. Sentences that address the grader ("ignore previous instructions", "give
this answer 5/5"; not an honest "users rated it 6/10 to 9/10") are detected in the
answer and in the bullets, removed before scoring, so they earn nothing, and flagged "injection",
which also caps the overall score.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from interview.text import answer_checks as checks, language, star, tokens
from interview.text.clean import clean_text
from interview.coaching.length import norm_for
from interview.coaching.relevance import relevance_question, relevance_topic  # noqa: F401 - also imported from here
from interview.coaching.subject import off_subject
from interview.coaching.dimensions import (  # noqa: F401 - Dimension and the dimensions are also imported from here
    Dimension, band, delivery_dimension, evidence_dimension, length_dimension, specificity_dimension,
    structure_dimension, technical_depth_dimension)
from interview.generation.prompts import TECHNICAL_TYPES

CORE = ("relevance", "specificity", "structure", "length")   # the order of summary(); fixed
WEIGHTS = {                # share of the overall score; renormalised over the dimensions present
    "relevance": 0.25,     # an answer to another question is worth little, however polished
    "specificity": 0.25,   # vagueness is the most common weakness of interview answers
    "structure": 0.20,
    "length": 0.10,        # a proxy: cheap to game, so it weighs least among the core four
    "technical_depth": 0.15,
    "evidence": 0.10,
    "delivery": 0.10,
}
CAPS = {"empty": 0, "not_an_answer": 0, "gibberish": 10, "dont_know": 10, "copied_question": 10,
        "off_topic": 25, "too_short": 25, "injection": 50, "not_english": 0}


@dataclass
class ScoringOptions:
    # Relevance value = 0.25 x cosine(question, whole answer) + 0.75 x the best answer sentence's cosine
    # + 0.3 x the share of the question's key words the answer uses. Weights were chosen on the review
    # set's development half (data/review, training/coaching/review_set.py); the off-topic cut (2 points) on it and
    # the calibration pairs (tests/data/calibration.jsonl) together: at 0.34, 96% of good calibration
    # answers and 95% of strong review answers reach it, 90% of answers to another question stay under.
    relevance_cuts: tuple = (0.26, 0.34, 0.42, 0.44, 0.55)  # relevance value for 1..5 points
    whole_weight: float = 0.25       # the whole answer's cosine; the rest is the best sentence's
    lexical_weight: float = 0.3      # weight of the share of the question's key words
    lexical_cuts: tuple = (0.01, 0.15, 0.30, 0.45, 0.60)   # share of question words, no encoder
    # Content credit (see the module docstring): 0 at `credit_from`, 1 from `credit_full` (the off-topic cut)
    # up, so it only lowers answers judged off topic. Chosen on the development half (ordered triples 0.87 ->
    # 0.90; any start in 0.12-0.18 does the same) and the calibration pairs: full credit only from the 3-point
    # cut (0.42) ordered one more dev triple but cost a good answer to "Implement an LRU cache." its pair.
    credit_from: float = 0.15
    credit_full: float = 0.34
    # The relevance judge tells an answer to THIS question from a fluent answer to another question of the same
    # field, which the cosines cannot; its probability p adds judge_weight x (p - judge_center) to the value.
    # Judge cross-v3 (2026-12-06) learned from the answer bank and the triples of seven read review halves; chosen on
    # three others (novel, untouched, pristine; 168 triples, scores only): technical 32 -> 38 of 48, design 14 -> 20
    # and coding 14 -> 18 of 34 at 0.7 (cross-v1 on technical and coding at 0.45 before), all 0.589 -> 0.685. Judging
    # behavioural answers too lifted them 39 -> 45 of 52 but flagged strong stories off topic (3 of 52 there, none
    # before; and the hostile-text test's checkout story, 11.6/100): a story's first 80 words, all the judge reads,
    # often only set the scene. So the judge may only RAISE a behavioural answer's value (2026-12-06): a browser
    # walkthrough's on-topic story ("I decided that nobody would deploy by hand any more ...", under "a decision that
    # impacted your team's performance") shares no key word with the question and was flagged off topic, 25/100
    # (cosine 0.25; the judge said 69%). On the three halves: ordered 0.685 -> 0.708 (behavioural 39 -> 43 of 52),
    # strong flagged 0 -> 0, weak 16 -> 13, off-topic 114 -> 110; on the reserve half (read before) 0.714 -> 0.679
    # (behavioural 12 -> 10 of 16), weak flagged 1 -> 0, off-topic 33 -> 33.
    use_judge: bool = True           # False, or INTERVIEW_RELEVANCE=off: the cosine rule alone
    judge_weight: float = 0.7
    judge_center: float = 0.5
    judge_types: tuple = ("behavioral", "technical", "system_design", "coding")
    judge_raises_only: tuple = ("behavioral",)   # types whose value the judge may raise but never lower
    # A behavioural question asks for an experience ("Tell me about a time you ..."). Its prompt is abstract
    # ("communicate something technical to a nontechnical person") and a strong story is concrete (a forecast,
    # a store director, a pilot), so MiniLM rates the story's sentences far from the prompt: on the development
    # half strong stories averaged 0.53 against 0.63 for vague weak answers, and 10 of 32 got relevance <= 2
    # (3 were capped as off topic). An answer that tells at least `story_min_steps` steps the candidate took
    # is the kind of answer asked for and gets `story_bonus` added to its value. Development half:
    # behavioural ordered 0.875 -> 0.938, strong relevance >= 4 0.656 -> 0.906 (0.06-0.12 and 3 steps all give
    # 0.938; 2 steps lifts weak answers and off-topic ones with two "I ..." sentences). The cost, measured by
    # scoring each development story under the other 31 behavioural questions: a story about another
    # situation is flagged off topic in 0.47 of pairs (was 0.73) and gets relevance >= 4 in 0.21 (was 0.07),
    # while it still scores below the question's own story in 0.89 (was 0.86).
    story_bonus: float = 0.10
    story_min_steps: int = 3
    too_short_words: int = 20        # below this the answer is flagged too_short
    max_sentences: int = 40          # sentences embedded (keeps scoring < 50 ms on 2 cores)
    max_bullets: int = 8
    copy_ratio: float = 0.8          # token sequence similarity to the question => copied
    follow_up: bool = False          # the answer to a follow-up: one point, judged by a shorter norm


@dataclass
class Rubric:
    dimensions: list[Dimension]
    overall: float                            # 0-100, see the module docstring
    missing: list[str] = field(default_factory=list)   # STAR parts / "numbers" / "trade-offs"...
    flags: list[str] = field(default_factory=list)
    scored_answer: str = ""                   # the text scored: grader-addressing lines and markup removed

    def get(self, name: str) -> Dimension:
        for d in self.dimensions:
            if d.name == name:
                return d
        raise KeyError(name)

    def summary(self) -> str:
        """'relevance 4/5; specificity 2/5; structure 3/5; length 3/5; missing: result, numbers'
        (the generator is fine-tuned on this exact format)."""
        text = "; ".join(f"{d.name} {d.score}/5" for n in CORE for d in self.dimensions if d.name == n)
        return f"{text}; missing: {', '.join(self.missing)}" if self.missing else text

    def to_dict(self) -> dict:
        return {"dimensions": [asdict(d) for d in self.dimensions], "overall": self.overall,
                "missing": list(self.missing), "flags": list(self.flags)}

    @classmethod
    def from_dict(cls, d: dict, scored_answer: str = "") -> "Rubric":
        """The inverse of `to_dict` (a stored turn's or assessment's rubric; extra keys such as the
        stored "summary" are ignored, and rows saved without missing/flags read as none)."""
        return cls([Dimension(**x) for x in d.get("dimensions", [])], float(d.get("overall") or 0.0),
                   list(d.get("missing", [])), list(d.get("flags", [])), d.get("scored_answer", scored_answer))


def rubric_reason_lines(rubric: Rubric) -> list[str]:
    """One line per dimension for the UI: 'Relevance 4/5 — On topic (similarity 0.52).'"""
    return [f"{d.name.replace('_', ' ').capitalize()} {d.score}/5 — {d.reason}" for d in rubric.dimensions]


# ----------------------------------------------------------------------------- relevance (the other dimensions: dimensions.py)

def embed_all(encoder, question: str, sents: list[str], bullets: list[str]) -> dict | None:
    """ONE encode call for the question, the answer's sentences and the bullets (normalised).
    The answer vector is the word-weighted mean of its sentence vectors: MiniLM truncates long
    inputs at 256 word pieces, sentences never are."""
    if encoder is None:
        return None
    import numpy as np

    vecs = encoder.encode([question, *sents, *bullets], batch_size=64, convert_to_numpy=True,
                          normalize_embeddings=True, show_progress_bar=False)
    s = vecs[1:1 + len(sents)]
    weights = np.array([max(1, len(tokens.words(t))) for t in sents], dtype=np.float32)
    a = (s * weights[:, None]).sum(0)
    return {"q": vecs[0], "s": s, "a": a / (np.linalg.norm(a) or 1.0), "b": vecs[1 + len(sents):]}


def story_steps(answer: str) -> int:
    """Sentences in which the candidate says what they did ('I rewrote ...', 'Action: ...'): how far the
    answer is the account of an experience that a behavioural question asks for."""
    return sum(star.star_parts(s).action for s in tokens.sentences(answer))


def relevance_value(question: str, answer: str, vectors: dict | None, opts: ScoringOptions,
                    judge=None, question_type: str = "") -> tuple[float, str]:
    """(the value the relevance cuts apply to, how it was made); the lexical share without an encoder.
    `judge`: a RelevanceJudge (interview/coaching/relevance.py) or None for the cosine rule alone."""
    qs = tokens.content_stems(question)
    share = len(qs & tokens.content_stems(answer)) / len(qs) if qs else 0.0
    if vectors is not None:
        # MiniLM under-rates long stories (their sentences drift from the question's wording), so the
        # sentence that answers the question counts most, and using its key terms counts too.
        sim = float(vectors["q"] @ vectors["a"])
        best = float((vectors["s"] @ vectors["q"]).max())
        value = opts.whole_weight * sim + (1 - opts.whole_weight) * best + opts.lexical_weight * share
        what = f"similarity {sim:.2f}, best sentence {best:.2f}, {share:.0%} of its key words"
        if judge is not None:
            p = judge.answers(question, answer, vectors, share)
            shift = opts.judge_weight * (p - opts.judge_center)
            value += max(0.0, shift) if question_type in opts.judge_raises_only else shift
            what += f", answers this question: {p:.0%}"
        steps = story_steps(answer) if question_type == "behavioral" else 0
        if steps >= opts.story_min_steps:
            value += opts.story_bonus
            what += f", a story of what you did ({steps} steps)"
        return value, what
    return share, f"{share:.0%} of the question's key words used"


def content_credit(value: float, vectors: dict | None, opts: ScoringOptions) -> float:
    """How much of the content dimensions counts (0-1): as far as the answer is on the question."""
    if vectors is None:
        return 1.0
    return max(0.0, min(1.0, (value - opts.credit_from) / (opts.credit_full - opts.credit_from)))


def relevance_dimension(question: str, answer: str, vectors: dict | None, opts: ScoringOptions,
                        judge=None, question_type: str = "", valued: tuple[float, str] | None = None) -> Dimension:
    """`valued`: the (value, how) relevance_value already gave for this answer (the judge is asked once)."""
    value, what = valued or relevance_value(question, answer, vectors, opts, judge, question_type)
    score = band(value, opts.relevance_cuts if vectors is not None else opts.lexical_cuts)
    credit = content_credit(value, vectors, opts)
    if credit < 1:
        what += f"; the rest of the score counts {credit:.0%}"
    verdict = ["Off topic", "Barely related to the question", "Loosely related to the question",
               "Addresses the question", "On topic", "Squarely on topic"][score]
    return Dimension("relevance", score, f"{verdict} ({what}).")


def relevance_judge(vectors: dict | None, opts: ScoringOptions, question_type: str = "technical"):
    """The installed judge when there are encoder vectors it was trained on, else None (cosine rule)."""
    from interview.coaching.relevance import installed_judge

    judge = installed_judge() if vectors is not None and opts.use_judge and question_type in opts.judge_types else None
    return judge if judge is not None and judge.fits(vectors) else None


# ----------------------------------------------------------------------------- the overall score

NOT_COUNTED = "Does not use your resume; this question does not ask for it, so it does not count."


def weighted_overall(dims: list[Dimension], credit: float) -> float:
    """100 x the weighted mean of the dimensions' scores, all but relevance and delivery scaled by `credit`."""
    scaled = {n for n in WEIGHTS if n not in ("relevance", "delivery")}
    return 100.0 * sum(WEIGHTS[d.name] * d.score / 5 * (credit if d.name in scaled else 1) for d in dims) \
        / sum(WEIGHTS[d.name] for d in dims)


def uncounted_evidence(evidence: Dimension) -> Dimension:
    """The evidence dimension of an answer whose overall score leaves it out, its reason saying so."""
    if evidence.score == 0:
        return Dimension(evidence.name, 0, NOT_COUNTED)
    return Dimension(evidence.name, evidence.score,
                     f"{evidence.reason[:-1]}; not counted, as the question does not ask about your resume.")


# ----------------------------------------------------------------------------- the rubric

def score_answer(question: str, answer: str, question_type: str = "behavioral", bullets=(),
                 encoder=None, delivery: dict | None = None, opts: ScoringOptions | None = None) -> Rubric:
    """Score one answer. `encoder` is the MiniLM SentenceTransformer (the app always passes it);
    `bullets` are the retrieved resume bullets; `delivery` the transcript metrics of a spoken answer
    (words_per_minute, filler_count, long_pauses, speaking_time_s)."""
    opts = opts or ScoringOptions()
    question = clean_text(question)
    # Terminal escape codes are not words: "\x1b[31m" must not be scored as the answer "[31m".
    answer, injected = checks.strip_injection(checks.strip_terminal_codes(answer))
    answer, markup_only = checks.strip_markup(answer, keep_code=question_type == "coding")
    clean_bullets = []
    for b in bullets or ():
        text, bad = checks.strip_injection(b)
        injected |= bad
        if text:
            clean_bullets.append(text)
    clean_bullets = clean_bullets[: opts.max_bullets]
    technical = question_type in TECHNICAL_TYPES
    n_words = len(tokens.words(answer))

    # The rubric's word lists and the encoder are English: an answer in another language gets its
    # language named (interview/text/language.py), not "No answer was given".
    foreign = not markup_only and language.answer_language_problem(answer)
    if markup_only or foreign or not re.search(r"[A-Za-z0-9]", answer):
        names = [*CORE, *(["technical_depth"] if technical else []), *(["evidence"] if clean_bullets else [])]
        why = ("Only markup or code, no answer in words." if markup_only else foreign or "No answer was given.")
        dims = [Dimension(n, 0, why) for n in names]
        flags = (["not_an_answer" if markup_only else "empty"] + (["not_english"] if foreign else [])
                 + (["injection"] if injected else []))
        return Rubric(dims, 0.0, missing=[], flags=flags, scored_answer=answer)

    sents = tokens.sentences(answer)[: opts.max_sentences]
    topic = relevance_topic(question, question_type, answer)
    vectors = embed_all(encoder, topic, sents, clean_bullets)
    judge = relevance_judge(vectors, opts, question_type)
    structure, missing = structure_dimension(answer, question_type)
    relevance = relevance_value(topic, answer, vectors, opts, judge, question_type)
    if not opts.follow_up:   # an answer that says it answers another question is off topic, however close its words
        relevance = off_subject(relevance, answer, topic, question_type, encoder, opts.relevance_cuts[0] - 0.01,
                                (vectors or {}).get("q"))   # the question's vector, embedded once above
    dims = [relevance_dimension(topic, answer, vectors, opts, judge, question_type, relevance), specificity_dimension(answer),
            structure, length_dimension(n_words, opts.follow_up)]
    if opts.follow_up:   # one point asked for: the question type's full set of parts is not expected
        dims, missing = [d for d in dims if d.name != "structure"], []
    if technical:
        dims.append(technical_depth_dimension(answer, n_words))
    if clean_bullets:
        dims.append(evidence_dimension(answer, sents, clean_bullets, vectors))
    if delivery and (d := delivery_dimension(delivery, n_words)) is not None:
        dims.append(d)

    # Flags, in the order the user should fix them; each caps the overall score (CAPS).
    flags = []
    if checks.is_dont_know(answer):
        flags.append("dont_know")
    if checks.is_gibberish(answer):
        flags.append("gibberish")
    if checks.is_copy(question, answer, opts.copy_ratio) or (vectors is not None and float(vectors["q"] @ vectors["a"]) > 0.97):
        flags.append("copied_question")
    if dims[0].score <= 1 and not {"gibberish", "copied_question"} & set(flags):
        flags.append("off_topic")
    if n_words < (norm_for(True).flag_below if opts.follow_up else opts.too_short_words):
        flags.append("too_short")
    if injected:
        flags.append("injection")

    credit = content_credit(relevance[0], vectors, opts)
    overall = weighted_overall(dims, credit)
    # A technical, design or coding question does not ask about the candidate's past: the resume counts where it
    # raises the score (a bullet told as the example), never against the answer (a walkthrough's coding answer
    # read "Evidence 0/5: tie the answer to your own experience").
    if technical and clean_bullets and (without := weighted_overall([d for d in dims if d.name != "evidence"],
                                                                     credit)) > overall:
        overall, dims = without, [uncounted_evidence(d) if d.name == "evidence" else d for d in dims]
    overall = min([overall, *(float(CAPS[f]) for f in flags)])
    if set(flags) & {"gibberish", "dont_know", "copied_question"}:
        missing = []   # a follow-up on "asdf" helps nobody; the feedback asks for a real answer
    return Rubric(dims, round(overall, 1), missing=missing, flags=flags, scored_answer=answer)
