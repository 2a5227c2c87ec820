"""Format validity and the error analysis of generated outputs: one automatic detector per category.

    from training.generator.errors import detect, format_problem, DETECTORS
    detect(output, prompt_text, reference, task)   # -> ["incomplete", "length_mismatch", ...]

The detectors are rules, chosen for precision over recall (a flagged output is almost always wrong;
some wrong outputs slip through). Each is checked on the references too, which gives its false-alarm
rate on human-quality text; the report shows both.
"""
from __future__ import annotations

import re
from collections import Counter

# The coach's stopwords: content words mean the same here as in the scoring (on the 276 stored outputs of
# checkpoints/generator/smollm2-lora, every detector gives the same result with this list as with the
# generator's own list it replaced).
from interview.generation.chatter import chatter
from interview.text.star import speaks_in_first_person
from interview.text.tokens import STOPWORDS


# Category -> how its detector decides (shown in the report next to the counts).
DETECTORS = {
    "hallucination": "a number, or 2+ capitalised names, that the prompt does not contain; or a citation [n] "
                     "of an experience bullet that does not exist",
    "generic": "a stock phrase that fits any role or answer (\"tell me about yourself\", \"great answer\", ...), "
               "or feedback/answers sharing < 2 content words with the prompt",
    "technical_error": "states a known misconception (e.g. \"UDP guarantees delivery\", \"binary search is O(n)\"); "
                       "a narrow list, so counts are a lower bound",
    "length_mismatch": "word count under half or over twice the reference's",
    "incomplete": "empty, or does not end with . ? ! (cut off by the token limit), or ends on a dangling word",
    "repetitive": "a word 4-gram used twice, a trigram three times, or a repeated sentence",
    "off_topic": "no content word in common with the prompt, and most content words outside the vocabulary "
                 "of the training targets",
    "format": "fails the task's format rule (see format_problem)",
}

# Words per task (min, max) for format validity; from the prompts' instructions and the references
# (questions 6-45 words as serving's filter; feedback 2-3 sentences; sample answers 3-5 sentences).
WORD_BOUNDS = {"question": (4, 45), "follow_up": (4, 40), "feedback": (12, 110), "sample_answer": (20, 160)}
_LIST = re.compile(r"^\s*(\d+[.)]|[-*•])\s+", re.M)
_GENERIC = re.compile(
    r"(tell me about yourself|what are your (greatest )?(strengths|weaknesses)|where do you see yourself|"
    r"why do you want (to work|this (job|role))|why should we hire you|great answer|good answer|good job|well done|"
    r"keep it up|keep up the good work|nice work|practice more|work on your communication|be more confident)", re.I)
_MISCONCEPTIONS = re.compile(
    r"(udp (is reliable|guarantees delivery)|tcp is connectionless|http is stateful|"
    r"binary search (is|runs in|takes) o\(n\)|hash (map|table) lookups? (is|are|take) o\(n\)|"
    r"python is a compiled language|rest requires (xml|soap)|sql is a nosql|"
    r"primary keys? can be null|get requests? (should|must) (change|modify) (data|state)|"
    r"a linked list has o\(1\) (random )?access|quicksort is always o\(n log n\)|"
    r"docker containers? (are|is) (a )?virtual machines?)", re.I)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?(?:%|k|m|ms|x)?\b", re.I)
_CITATION = re.compile(r"\[(\d+)\]")
_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][A-Za-z0-9+#]*(?:\.[A-Za-z]+)?)")
_DANGLING = {"and", "or", "the", "a", "an", "of", "with", "that", "which", "your", "my"}  # "judged on." is fine
# Words that keep an interview question on topic even when the job description does not use them.
_INTERVIEW_VOCAB = set("""team project work job role experience problem decision conflict mistake failure
colleague manager customer user stakeholder deadline feedback lead led learn learned design system scale
service api data database code function algorithm query test bug production performance trade tradeoff
architecture implement build handle approach process improve""".split())


def content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z0-9+#-]*", text.lower())
    return {w for w in words if w not in STOPWORDS and len(w) > 2}


def format_problem(raw: str, task: str) -> str | None:
    """Why the model's raw output breaks the task's format, or None. All tasks: one paragraph, no
    list, no echo of the prompt's scaffolding, word bounds, ends a sentence. Questions and follow-ups:
    no assistant chatter, one question (at most two '?'; an imperative task ending in '.' counts, as
    in the references: "Implement Promise.all from scratch."). Sample answers speak in the first person.
    (The app's reject_reason is close but refuses some valid reference questions - "Sketch ...",
    "Here is a login handler ..." - so its verb list is not used as the format rule.)"""
    text = raw.strip()
    lo, hi = WORD_BOUNDS[task]
    if not text:
        return "empty"
    if "\n" in text or _LIST.search(text):
        return "several_lines"
    # the prompt's scaffolding echoed (any task); assistant chatter (questions): interview/generation/chatter.py
    kind = chatter(text)
    if kind == "prompt_echo":
        return kind
    n = len(text.split())
    if task in ("question", "follow_up"):
        if kind == "self_talk":
            return kind
        if text.count("?") > 2:
            return "several_questions"
    if n < lo:
        return "too_short"
    if n > hi:
        return "too_long"
    if not text.endswith((".", "!", "?")):
        return "incomplete"
    if task == "sample_answer" and not speaks_in_first_person(text):
        return "not_first_person"
    return None


def _hallucination(output: str, prompt: str, task: str) -> bool:
    prompt_low = prompt.lower()
    if task != "question":  # questions may name facts ("409 vs 400"); answers and feedback must not invent metrics
        prompt_numbers = {n.lower() for n in _NUMBER.findall(prompt)}
        if any(n.lower() not in prompt_numbers for n in _NUMBER.findall(output)):
            return True
    bullets = max((int(c) for c in _CITATION.findall(prompt)), default=0)
    if any(int(c) > bullets or int(c) == 0 for c in _CITATION.findall(output)):
        return True
    names = {w for w in _CAPITAL.findall(output) if w.lower() not in prompt_low and w.lower() not in STOPWORDS
             and w not in {"I", "I'm", "I've", "I'd", "STAR"}}
    return len(names) >= 2


def _repetitive(output: str) -> bool:
    words = re.findall(r"[a-z0-9']+", output.lower())
    for n, times in ((4, 2), (3, 3)):  # a repeated 4-gram, or a trigram three times
        grams = Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
        if grams and max(grams.values()) >= times:
            return True
    sentences = [s.strip().lower() for s in re.split(r"[.!?]+", output) if len(s.split()) >= 3]
    return len(sentences) != len(set(sentences))


def _incomplete(output: str) -> bool:
    text = output.strip()
    if not text or not text.endswith((".", "?", "!")):
        return True
    last = re.findall(r"[a-z0-9%']+", text.lower())
    return bool(last) and last[-1] in _DANGLING


def target_vocabulary(texts) -> set[str]:
    """Content words of the training targets: the vocabulary on-topic outputs are written in."""
    vocab = set(_INTERVIEW_VOCAB)
    for t in texts:
        vocab |= content_words(t)
    return vocab


def detect(output: str, prompt: str, reference: str, task: str, raw: str | None = None,
           vocab: set[str] | None = None) -> list[str]:
    """The error categories `output` falls into. `prompt` is the user message the model saw, `raw` the
    model's unprocessed text (format is judged on it; the rest on the served `output`), `vocab` the
    domain vocabulary for off-topic (default: a small built-in list; the evaluator passes
    target_vocabulary(training targets))."""
    found = []
    if _hallucination(output, prompt, task):
        found.append("hallucination")
    words = content_words(output)
    prompt_words = content_words(prompt)
    if _GENERIC.search(output) or (task in ("feedback", "sample_answer") and len(words & prompt_words) < 2):
        found.append("generic")
    if _MISCONCEPTIONS.search(output):
        found.append("technical_error")
    n, ref_n = len(output.split()), max(1, len(reference.split()))
    if n < 0.5 * ref_n or n > 2.0 * ref_n:
        found.append("length_mismatch")
    if _incomplete(output):
        found.append("incomplete")
    if _repetitive(output):
        found.append("repetitive")
    vocab = _INTERVIEW_VOCAB if vocab is None else vocab
    if words and not (words & prompt_words) and len(words & vocab) < len(words) / 2:
        found.append("off_topic")
    if format_problem(raw if raw is not None else output, task):
        found.append("format")
    return found
