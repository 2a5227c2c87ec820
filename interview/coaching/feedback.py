"""From findings to the texts a user reads: feedback, follow-up and sample answer, each gated.

The findings of an Assessment are written as a short block (`findings_block`), the fine-tuned
generator puts them into words, and the gate (gate.py) checks the words. A text that fails is
regenerated (greedy first, then sampled, bounded), then replaced by the findings written in code and
labelled so. The code-written texts here are also the training targets of the generator's LoRA
(training/datagen_feedback.py), with their phrasing varied by an rng.

    block = findings_block(assessment)
    text = feedback_from_findings(assessment)            # code-written prose (training target)
    shown = write_feedback(gen, assessment, sources)     # Written(text, source="model"|"code", ...)
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from interview.generation import prompts
from interview.coaching.assessment import Assessment
from interview.coaching.quotes import quote_span, topic_of
from interview.coaching.gate import PRAISE_MIN_SCORE, STRONG_SCORE, Sources, check_text
# the follow-up's choice of claim or gap lives in follow_ups.py; its names are used here and by the tests
from interview.coaching.follow_ups import (_GAP_QUESTIONS, _clean_quote, _number_worth_asking,  # noqa: F401
                                           best_claim, follow_up_block, follow_up_from_findings, is_assumption)
from interview.text.tokens import sentences

FEEDBACK_TOKENS = 150      # 40-90 words
FOLLOW_UP_TOKENS = 48
TRIES = 3                  # greedy, then two samples; then the code-written text
CODE_LABEL = "Written from your scores by the coach's rules (the model's draft did not pass the checks)."


@dataclass
class Written:
    """A text as shown: who wrote it, and what the gate said of each model draft."""
    text: str
    source: str                                  # "model" or "code"
    drafts: list[dict] = field(default_factory=list)   # [{"text", "problems"}] per model try

    @property
    def first_draft_passed(self) -> bool:
        return bool(self.drafts) and not self.drafts[0]["problems"]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != "I " else text


# ----------------------------------------------------------------------------- the findings block

def findings_block(a: Assessment, with_hint: bool = True) -> str:
    """The findings as the generator's prompt shows them; every fact in it comes from the answer."""
    lines = [f"Score: {a.overall:.0f}/100"]
    if a.off_topic:
        lines.append(f'Off topic: the answer is about "{_clean_quote(_opening(a))}"; the question asks {topic_of(a.question)}.')
    elif a.strengths:
        lines += [f'Strength: "{_clean_quote(s.quote)}" ({s.shows})' for s in a.strengths[:2]]
    else:
        # Not "the answer says ...": next to "Off topic: the answer is about ..." the model read it as off
        # topic and wrote so (development half, first drafts).
        lines.append(f'Strength: none yet; on topic, it opens with "{_clean_quote(_opening(a))}".')
    gaps = a.gaps[:2]
    # One gap gets a label of its own: after "Gap 1:" the model went on to promise "two things" and name
    # one (development half, first drafts).
    if len(gaps) == 1:
        lines.append(f"Only gap: {gaps[0].advice}")
    else:
        lines += [f"Gap {i}: {g.advice}" for i, g in enumerate(gaps, 1)] or ["Gap: none"]
    if with_hint and a.hint:
        lines.append(f"Hint: {a.hint}")
    return "\n".join(lines)


def _opening(a: Assessment) -> str:
    """The answer's first real statement, to quote ("Sure." or "Great question." say nothing)."""
    sents = sentences(a.answer)
    first = next((s for s in sents if len(s.split()) >= 4), sents[0] if sents else a.answer[:60])
    return quote_span(first)


# ----------------------------------------------------------------------------- code-written texts

# "shows", not "gives": a strength's label may be a clause ("how it works", "what you learned"), and the
# browser walkthrough read 'One thing that works: "..." gives how it works.'
_STRENGTH = {
    "high": ['This works well: "{q}" shows {shows}.', 'A strong point: "{q}" shows {shows}.'],
    "mid": ['Good: "{q}" shows {shows}.', 'One thing that works: "{q}" shows {shows}.'],
    "low": ['One thing that works: "{q}" shows {shows}.', 'Keep "{q}": it shows {shows}.',
            'You have a start: "{q}" shows {shows}.'],
}
_OFF_TOPIC = ['Your answer is about "{q}", but the question asks {topic}.',
              'This answer talks about "{q}", while the question asks {topic}.']
_NO_STRENGTH = ['Your answer opens with "{q}", but it does not yet show what an interviewer listens for.',
                'You start with "{q}", which is on the question but still general.']
GAPS_LEAD = "To make it stronger:"   # where the gaps start; a redraft is asked to go on from it
_GAPS2 = [GAPS_LEAD + " {a1} Also, {a2l}", "Two things would make it stronger. First, {a1l} Second, {a2l}",
          "Next time: {a1} Then, {a2l}"]
_GAPS1 = [GAPS_LEAD + " {a1}", "One thing to add: {a1l}"]
_NO_GAP = ["Nothing important is missing; keep it this focused when you say it out loud.",
           "Nothing important is missing, so practise saying it at the length you wrote it."]


# The coach's own words (every phrasing above): a draft may use them; they carry no fact about the user
# ("Two things would make it stronger" is not a claim that the answer had two of anything).
COACH_PHRASES = "\n".join([*(p for v in _STRENGTH.values() for p in v), *_OFF_TOPIC, *_NO_STRENGTH, *_GAPS2,
                             *_GAPS1, *_NO_GAP])


def feedback_sources(a: Assessment, sources: Sources) -> Sources:
    """What a feedback draft may take words from: the user's inputs, the findings and the coach's phrases."""
    return Sources(sources.question, sources.answer, sources.description, sources.bullets,
                   f"{findings_block(a)}\n{COACH_PHRASES}")


def follow_up_sources(a: Assessment, sources: Sources) -> Sources:
    return Sources(sources.question, sources.answer, sources.description, sources.bullets, follow_up_block(a))


def _band(a: Assessment) -> str:
    """Which strength phrasings suit the score (praise is for high scores)."""
    return "high" if a.overall >= STRONG_SCORE else "mid" if a.overall >= PRAISE_MIN_SCORE else "low"


def _first_sentence(a: Assessment, pick) -> str:
    """What the feedback says first: the answer is off topic, or its first strength, or that it has none yet."""
    if a.off_topic:
        return pick(_OFF_TOPIC).format(q=_clean_quote(_opening(a)), topic=topic_of(a.question))
    if a.strengths:
        return pick(_STRENGTH[_band(a)]).format(q=_clean_quote(a.strengths[0].quote), shows=a.strengths[0].shows)
    return pick(_NO_STRENGTH).format(q=_clean_quote(_opening(a)))


def _what_it_shows(a: Assessment, pick) -> list[str]:
    """The sentences before the gaps: the first sentence, and a second strength when there is room for it."""
    parts = [_first_sentence(a, pick)]
    if a.strengths and not a.off_topic and len(a.gaps) < 2 and len(a.strengths) > 1:
        parts.append(f'"{_clean_quote(a.strengths[1].quote)}" also shows {a.strengths[1].shows}.')
    return parts


def feedback_from_findings(a: Assessment, rng: random.Random | None = None) -> str:
    """The findings as prose, in the second person: strength, the two biggest gaps, the hint."""
    pick = (lambda xs: rng.choice(xs)) if rng else (lambda xs: xs[0])
    parts = _what_it_shows(a, pick)
    gaps = a.gaps[:2]
    if len(gaps) == 2:
        a1, a2 = gaps[0].advice, gaps[1].advice
        parts.append(pick(_GAPS2).format(a1=a1, a1l=_lower_first(a1), a2l=_lower_first(a2)))
    elif gaps:
        parts.append(pick(_GAPS1).format(a1=gaps[0].advice, a1l=_lower_first(gaps[0].advice)))
    else:
        parts.append(pick(_NO_GAP))
    if a.hint:
        parts.append(a.hint)
    return " ".join(parts)


def feedback_as_list(a: Assessment) -> str:
    """The fallback a user sees when no model draft passed the gate: the findings as a plain list."""
    lines = []
    if a.off_topic:
        lines.append(f'- Off topic: your answer is about "{_clean_quote(_opening(a))}"; the question asks {topic_of(a.question)}.')
    lines += [f'- What works: "{_clean_quote(s.quote)}" ({s.shows}).' for s in a.strengths[:2] if not a.off_topic]
    lines += [f"- To improve: {g.advice}" for g in a.gaps[:2]]
    if a.hint:
        lines.append(f"- Try: {a.hint}")
    return "\n".join(lines) or "- Nothing to add: every part this question needs is there."


def not_an_answer_feedback(a: Assessment) -> str:
    """Feedback for an answer that is not one ('asdf', 'I don't know', the question copied, markup)."""
    flags = set(a.flags)
    head = {"empty": "There is no answer to give feedback on yet.",
            "not_an_answer": "This is markup or code without an answer in words, so it earns no points.",
            "copied_question": "This repeats the question instead of answering it.",
            "dont_know": "Saying you don't know earns no points; interviewers want to see how you think.",
            "gibberish": "This does not read as an answer yet."}
    first = next((head[f] for f in ("empty", "not_an_answer", "copied_question", "dont_know", "gibberish") if f in flags),
                 head["gibberish"])
    tip = ("Try a concrete example: the situation, what you did, and a measurable result."
           if a.question_type == "behavioral" else
           "Explain your approach step by step, name the tools you would use and one trade-off.")
    return f"{first} {tip}"


# ----------------------------------------------------------------------------- the model, gated

def _drafts(gen, messages, max_new_tokens: int, seed: int, prefix: str = "", retry_prefix: str | None = None):
    """Greedy first (most faithful to the findings), then sampled drafts; the first starts with `prefix`, the
    others with `retry_prefix` (default: the same)."""
    from interview.generation.generator import complete

    for attempt in range(TRIES):
        start = prefix if attempt == 0 or retry_prefix is None else retry_prefix
        yield complete(gen, messages, max_new_tokens=max_new_tokens, temperature=0.0 if attempt == 0 else 0.7,
                       seed=seed + attempt, repetition_penalty=1.0, prefix=start)


# How much of the opening is set: "sentence" (the whole first sentence: what the answer is about, or its
# first strength and what it shows), "quote" (through the quote of the answer), "words" (up to the opening
# quotation mark: the model copies the quote itself) or "" (nothing). On all 107 development-half answers
# the greedy first draft passed the gate - / 0.981 / 0.963 / 0.785; paired on 24 of them, feedback took
# - / 2.66 / 3.07 / 3.25 s median (the opening is read with the prompt, not decoded, and fewer drafts fail).
# "sentence" because after the quote the model still had to name the strength, and relabelled it ("a clear
# definition" for how it works: 2 of 6 failed first drafts on the development half) or wrote "gives how it
# works"; a second strength, when the targets give one, is set with it (left to the model after the first
# sentence, it misquoted it or put it under "To make it stronger:", 2 of bench/serving.py's 12 answers). Its
# figures are in the README ("The first sentence set").
OPENING = "sentence"


def feedback_opening(a: Assessment, upto: str | None = None) -> str:
    """The first words of the feedback, set from the findings before the model writes the rest: the
    training targets' first sentence (feedback_from_findings, first phrasing), whole or (`upto`) up to the
    end of its quote of the answer. Left to itself, the model's greedy draft opened an on-topic answer
    with the off-topic sentence ("Your answer talks about ..."), an off-topic one with a strength ("One
    thing that works: Answer the question ..."), or turned "Strength: none yet" into praise of nothing."""
    upto = OPENING if upto is None else upto
    if not upto:
        return ""
    if upto == "sentence":
        return " ".join(_what_it_shows(a, lambda xs: xs[0]))
    if a.off_topic:
        template, q = _OFF_TOPIC[0], _opening(a)
    elif a.strengths:
        template, q = _STRENGTH[_band(a)][0], a.strengths[0].quote
    else:
        template, q = _NO_STRENGTH[0], _opening(a)
    cut = template.index('"{q}"')
    if upto == "words":
        return template[: cut + 1]
    head, rest = template[: cut + len('"{q}"')], template[cut + len('"{q}"'):]
    # punctuation glued to the closing quote ('",' '":') is one token in training: keep it with the quote
    head += rest[: len(rest) - len(rest.lstrip(',:;.'))]
    return head.format(q=_clean_quote(q))


def advice_words(a: Assessment) -> str:
    """Everything feedback may advise: the gaps' advice and the hint, or the coach's 'nothing missing'."""
    return " ".join([*(g.advice for g in a.gaps[:2]), a.hint or "", *_NO_GAP])


# Gaps about length only: a draft may leave "Say more: aim for 120-300 words" for the content gap after it.
_LENGTH_GAPS = ("too_short", "too_long")


def gap_to_name(a: Assessment) -> str:
    """The gap a shown feedback text must carry: the first of the two it names that is not about length, else
    the length gap."""
    gaps = a.gaps[:2]
    return next((g.advice for g in gaps if g.name not in _LENGTH_GAPS), gaps[0].advice if gaps else "")


def write_feedback(gen, a: Assessment, sources: Sources, seed: int = 0) -> Written:
    """Feedback for an assessed answer: the model's first draft that passes the gate, or the findings
    as a labelled list."""
    if not a.is_answer:
        return Written(not_an_answer_feedback(a), "code")
    sources = feedback_sources(a, sources)
    messages = prompts.feedback_messages(a.question, findings_block(a))
    drafts, opening = [], feedback_opening(a)
    # After an opening that already praises two strengths, the greedy draft sometimes stops there or says that
    # nothing is missing (development half: 6 of 107 first drafts); a redraft then starts where the gaps start.
    retry = f"{opening} {GAPS_LEAD}" if a.gaps and opening else None
    for text in _drafts(gen, messages, FEEDBACK_TOKENS, seed, opening, retry):
        problems = check_text(text, sources, "feedback", overall=a.overall, off_topic=a.off_topic,
                              gap_words=advice_words(a), must_name_gap=gap_to_name(a), hint=a.hint or "")
        drafts.append({"text": text, "problems": problems})
        if not problems:
            return Written(text, "model", drafts)
    return Written(feedback_as_list(a), "code", drafts)


def write_follow_up(gen, a: Assessment, sources: Sources, seed: int = 0) -> Written:
    """A follow-up about a claim, the biggest gap or else the strongest point; "" for answers that are not answers
    or off topic."""
    if not a.is_answer or a.off_topic:
        return Written("", "code")
    claim = best_claim(a)
    if claim is None or claim.kind in ("tool", "number"):
        # About a gap or a tool the question is fixed ("How would you test it?", "Why did you choose S3?"):
        # the model has nothing to add; given "Claim: none" it asked about "none", given a tool it asked
        # what "DOM" means (review sheet of the final half). About a number that sizes something, it asked
        # "how did you measure that?" of 8 in 16 first drafts (development half), which the gate refuses:
        # 30 generations for 16 questions the code writes at once ("where does that number come from?").
        return Written(follow_up_from_findings(a), "code")
    sources = follow_up_sources(a, sources)
    gap_words = " ".join(g.advice for g in a.gaps[:2])
    messages = prompts.follow_up_messages(a.question, follow_up_block(a))
    drafts = []
    for raw in _drafts(gen, messages, FOLLOW_UP_TOKENS, seed):
        text = _one_question(raw)
        problems = check_text(text, sources, "follow_up", overall=a.overall, gap_words=gap_words)
        drafts.append({"text": text, "problems": problems})
        if not problems:
            return Written(text, "model", drafts)
    return Written(follow_up_from_findings(a), "code", drafts)


def _one_question(raw: str) -> str:
    """The first question of a completion (the model may go on after it)."""
    text = " ".join(raw.strip().split())
    return text[: text.find("?") + 1] if "?" in text else text
