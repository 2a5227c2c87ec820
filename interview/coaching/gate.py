"""The gate: what a generated text must satisfy before a user reads it.

    problems = check_text(text, Sources(question, answer, description, bullets, findings), kind="feedback",
                          overall=42.0)
    problems   # [] or ['unsupported: Georgia Tech', 'candidate voice: "I wrote"', ...]

Rules (one function each, all pure):
  facts       every number, name, employer, school or tool in the text appears in the inputs (question,
              answer, job description, the user's bullets, the findings computed in code); text inside
              [brackets] is a visible placeholder and is not a fact
  quotes      a quoted span of three or more words is in the inputs
  voice       feedback and follow-ups speak to the candidate, never as the candidate ("I", "my"), and do not
              echo the prompt ("findings", "the hint", "Score: 0/100", a "Gap 1:" line)
  resume      no talk of a resume or of experience [n] when the user gave no resume
  praise      no "great" / "perfect" / "excellent" under PRAISE_MIN_SCORE; an answer the rubric found on
              topic is not said to be about something else
  names       feedback names at least one element of the answer (a quote or a run of its words) and
              carries the biggest gap the findings give (unless that gap is only about length);
              a follow-up refers to the answer (a quote or its words) or to a gap
  form        feedback: addressed to the candidate ("you", or advice in the imperative) and 25-120 words;
              follow-up: one question; sample: first person, and it tells one of the user's bullets
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from interview.text import star
from interview.text import tokens

PRAISE_MIN_SCORE = 60.0
# From here an answer is strong: feedback praises it in its strongest words, and History no longer lists it
# among the questions to practise again.
STRONG_SCORE = 75.0
FEEDBACK_WORDS = (25, 120)     # the target is 40-90; the gate leaves room either side
_PLACEHOLDER = re.compile(r"\[[^\]]{0,60}\]")
_QUOTE = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{1,300})[\"\u201d]")
_CANDIDATE_VOICE = re.compile(r"\b(I|I'm|I've|I'd|I'll|me|my|mine|myself)\b")
_RESUME_TALK = re.compile(r"\b(resume|résumé|cv|curriculum|bullet|your experience \[|experience \[\d|from \[\d)|\[\d+\]", re.I)
_PRAISE = re.compile(r"\b(perfect(ly)?|excellent|great|outstanding|impressive|amazing|fantastic|brilliant|superb|"
                     r"flawless|exceptional|strong answer|well done|nailed|(?:is|was|looks|sounds|very|really|quite) strong)\b", re.I)
# A follow-up that asks how something was measured (held-out review sheet: "You mentioned "otherwise lo = mid + 1":
# how did you measure that?") must quote something the rubric counts as measured.
_ASKS_MEASURE = re.compile(r"\bhow (did|do|would) you measure\b|\bhow was (that|it|this) measured\b", re.I)
# "You mentioned "When a project slipped I told the stakeholders early": where does that number come from?" (the
# pristine review sheet, two of the model's follow-ups): a number asked about that the quote does not have
# ("How did the number of tickets change?" asks about a count, not about a number in the quote)
_ASKS_NUMBER = re.compile(r"\b(that|this|these|those) (numbers?|figures?)\b|\bthe (numbers?|figures?)\b(?! of\b)", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                 "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
                 "hundred thousand million billion dozen").split()


@dataclass
class Sources:
    """Everything a generated text may take facts from."""
    question: str
    answer: str
    description: str = ""
    bullets: list[str] = field(default_factory=list)
    findings: str = ""          # the findings block computed in code (advice, hint)

    @property
    def text(self) -> str:
        return "\n".join([self.question, self.answer, self.description, *self.bullets, self.findings])


def _norm(text: str) -> str:
    """Lower case, punctuation to spaces; a dot is kept only inside a token ('node.js'), so that
    'Calculus.' at the end of a bullet and '.NET' match the names 'calculus' and 'net'."""
    text = re.sub(r"[^\w%$.+#/ ]+", " ", text.lower())
    return re.sub(r"\s+", " ", re.sub(r"(?<!\w)\.|\.(?!\w)", " ", text)).strip()


def _in_source(name: str, src_norm: str) -> bool:
    """The normalised name is a token of the sources, or the ASCII start of one ('Caf' of 'Café':
    the name finder reads ASCII letters only)."""
    return re.search(rf"(?<![\w.]){re.escape(name)}(?![a-z0-9])", src_norm) is not None


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


# Tool names that are also plain English words: lower-case "rest", "segment" or "express" in a sentence
# is the word, not the product (the tool list matches regardless of case).
_WORD_LIKE_TOOLS = frozenset("rest express segment notion spark beam delta lambda vault argo helm sketch "
                             "jest next loki sentry looker amplitude".split())


def _names(text: str) -> list[str]:
    names = star.named_things(text)
    return [n for n in names if n not in _WORD_LIKE_TOOLS or re.search(rf"\b{re.escape(n)}\b", text) is None]


def unsupported_facts(text: str, sources: Sources) -> list[str]:
    """Numbers and names in `text` that none of the inputs contain."""
    body = _PLACEHOLDER.sub(" ", text)
    src = sources.text
    src_norm, src_numbers = _norm(src), _numbers(src)
    out = [n for n in sorted(_numbers(body)) if n not in src_numbers]
    low_src = src.lower()
    out += [w for w in _NUMBER_WORDS if re.search(rf"\b{w}\b", body, re.I) and not re.search(rf"\b{w}\b", low_src)]
    for name in _names(body):
        if _norm(name) and not _in_source(_norm(name), src_norm):
            out.append(name)
    return out


def unsupported_quotes(text: str, sources: Sources) -> list[str]:
    src = f" {_norm(sources.text)} "
    bad = []
    for m in _QUOTE.finditer(text):
        for piece in _PLACEHOLDER.split(m.group(1)):
            p = _norm(piece)
            if len(p.split()) >= 3 and f" {p} " not in src and p not in src:
                bad.append(piece.strip())
    return bad


_ANY_QUOTE = re.compile(r"[\"\u201c][^\"\u201c\u201d]*[\"\u201d]")
# Advice in the imperative speaks to the candidate as much as "you" does ("Explain how it works ...").
_IMPERATIVE = re.compile(r"(^|[.:!?]\s+|,\s+)(say|put|open|close|start|explain|give|name|add|estimate|describe|state|"
                         r"answer|tighten|try|build|make|keep|cut)\b", re.I)


def _outside_quotes(text: str) -> str:
    """The text without anything in quotation marks (a quoted "I" is the candidate's word, not the coach's)."""
    return _ANY_QUOTE.sub(" ", text)


# A quote holding [placeholders] is the rewrite hint: something to add, never something the answer
# already "shows". (The app once wrote: '"At [company], [what was at stake]" also shows a step you took
# yourself.')
# "This works well: none yet" copies the findings' empty strength line into a sentence of praise
# (development half, with the "Strength: none yet" label): praise that names nothing.
_PRAISES_NOTHING = re.compile(r"\b(works well|is good|is strong|stands out|one thing that works|a start)\s*:?\s*(none|nothing)\b",
                              re.I)
_PRAISED_AFTER = re.compile(r"\s*(also\s+)?(shows|showed|is a|was a|works|demonstrates|proves)\b", re.I)


def hint_praised(text: str) -> str | None:
    """The placeholder quote that the text presents as a strength of the answer, or None."""
    for m in _QUOTE.finditer(text):
        if _PLACEHOLDER.search(m.group(1)) and _PRAISED_AFTER.match(text, m.end()):
            return m.group(0)
    return None


# Where feedback gives advice; what follows must come from the findings' gaps or hint. (Seen: "To make it
# stronger: start with the findings." for an answer with no gap at all.)
_ADVICE_LABEL = r"(to make it stronger|one thing to add|next time|first|second|also|then)\s*[:,]\s*"
_ADVICE = re.compile(rf"\b{_ADVICE_LABEL}(?P<advice>[^.!?]+)", re.I)
_GENERIC = frozenset(tokens.content_stems("answer make stronger one thing add next time question your you say more"))


def invented_advice(text: str, advice_words: str) -> str | None:
    """The first piece of advice that shares no word with the findings' advice, or None."""
    allowed = tokens.content_stems(advice_words)
    for m in _ADVICE.finditer(_outside_quotes(text)):
        words = tokens.content_stems(_PLACEHOLDER.sub(" ", m["advice"])) - _GENERIC
        if words and not words & allowed:
            return m["advice"].strip()
    return None


_FINDING = re.compile(r'Strength: "(?P<quote>[^"]+)" \((?P<shows>[^)]+)\)')
_SHOWS_AFTER = re.compile(r"\s*(also\s+)?(shows|gives|is)\s+(?P<what>[^.;]+)", re.I)


def misattributed_strength(text: str, findings: str) -> str | None:
    """A strength quoted from the findings but said to show what the findings say another quote shows
    (seen: '"The trade-off is more tooling ..." shows a scale estimate'), or None."""
    pairs = {_norm(m["quote"]): _norm(m["shows"]) for m in _FINDING.finditer(findings)}
    labels = set(pairs.values())
    for m in _QUOTE.finditer(text):
        own = pairs.get(_norm(m.group(1)))
        said = _SHOWS_AFTER.match(text, m.end())
        if own and said:
            what = _norm(said["what"])
            if own not in what and any(label in what for label in labels - {own}):
                return f"{m.group(0)} {said.group(0).strip()}"
    return None


def names_the_answer(text: str, answer: str, min_run: int = 4) -> bool:
    """A quote of the answer, or a run of `min_run` words of it, appears in the text."""
    ans = f" {_norm(answer)} "
    for m in _QUOTE.finditer(text):
        for piece in _PLACEHOLDER.split(m.group(1)):
            p = _norm(piece)
            if len(p.split()) >= 2 and f" {p} " in ans:
                return True
    toks = _norm(_PLACEHOLDER.sub(" ", text)).split()
    return any(f" {' '.join(toks[i:i + min_run])} " in ans for i in range(len(toks) - min_run + 1))


def praise_problem(text: str, overall: float | None) -> str | None:
    """The praise word used outside quotes when the score is under PRAISE_MIN_SCORE, or None."""
    if overall is not None and overall < PRAISE_MIN_SCORE and (m := _PRAISE.search(_outside_quotes(text))):
        return m.group(0)
    return None


# The prompt's own words: a draft that echoes the findings block was shown on the development half
# ('Also, findings:\nScore: 0/100\nOff topic: the answer is about ...'), and one ended 'Keep the findings.'
_PROMPT_ECHO = re.compile(r"\bfindings?\b|\bthe hint\b|\bscore:\s*\d|^\s*(strength|gap(\s\d)?|hint|off topic|claim|"
                          r"biggest gap)\s*:", re.I | re.M)
_CALLS_OFF_TOPIC = re.compile(r"\b(answer|it) (is|talks|was) about\b|\bwhile the (question|answer)\b|\bbut the question asks\b", re.I)


def tells_a_bullet(text: str, bullets: list[str], share: float = 0.5) -> bool:
    """A sample answer built on the user's experience tells at least one bullet: it uses half of that
    bullet's content words. (A draft that talked about 'my training' and 'colleagues who share your
    interests' passed every other rule.)"""
    words = tokens.content_stems(text)
    return any(b_words and len(b_words & words) / len(b_words) >= share
               for b_words in (tokens.content_stems(b) for b in bullets))


# The same strength said twice ('"I chose the queue" shows your approach. "I chose the queue" also shows your
# approach.', a browser walkthrough of 2026-12-05) or a sentence written twice (the novel review sheet, items 16 and 25).
_SHOWN = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{3,300})[\"\u201d]\s+(?:also\s+)?shows\b", re.I)


_ADVICE_LEAD = re.compile(rf"^\s*{_ADVICE_LABEL}", re.I)      # the label a sentence of advice opens with


def repeats_itself(text: str) -> str | None:
    """The strength quote or the sentence a text says twice, or None."""
    shown = [q.lower() for q in _SHOWN.findall(text)]
    if len(shown) != len(set(shown)):
        return next(q for q in shown if shown.count(q) > 1)
    # "To make it stronger: Start with the requirements ... Also, start with the requirements ..." (sealed half)
    said = [" ".join(tokens.words(_ADVICE_LEAD.sub("", s).lower())) for s in tokens.sentences(text)]
    return next((s for i, s in enumerate(said) if len(s.split()) >= 6 and s in said[:i]), None)


# Feedback must pass on what the findings say is missing. Seen in the served path's shown texts: "Nothing
# important is missing" beside a scale-estimate gap (novel half), and 'Good: "..." shows a step you took
# yourself. "..." also shows what you learned.' with no word of the only gap, a missing result.
_NOTHING_MISSING = re.compile(r"\bnothing (important )?(is )?missing\b", re.I)


def leaves_out_gap(text: str, gap: str, hint: str = "", share: float = 0.5) -> str | None:
    """Why `text` does not carry the gap `gap` (its advice), or None: it says nothing is missing, or it
    uses under `share` of the content words of the gap and of the rewrite hint built on it ("Start with one
    sentence that answers the question directly" carries "It is not clear how this answers ...")."""
    if _NOTHING_MISSING.search(text):
        return "says nothing is missing"
    said = tokens.content_stems(text)
    # a hint that quotes the answer shares those words with any text that quotes the same strength
    for advice in (gap, "" if _QUOTE.search(hint) else hint):
        wanted = tokens.content_stems(_PLACEHOLDER.sub(" ", advice)) - _GENERIC
        if advice and (not wanted or len(wanted & said) / len(wanted) >= share):
            return None
    return f"leaves out the gap {gap!r}"


def check_text(text: str, sources: Sources, kind: str, overall: float | None = None,
               has_resume: bool | None = None, gap_words: str = "", off_topic: bool | None = None,
               must_name_gap: str = "", hint: str = "") -> list[str]:
    """Problems of a generated text (empty list: it may be shown). `kind` is feedback, follow_up or
    sample_answer; `gap_words` the advice of the gaps (a follow-up may ask about a gap instead);
    `must_name_gap` the advice that feedback has to carry (the biggest gap that is not about length) and `hint`
    the rewrite hint built on it."""
    text = (text or "").strip()
    if not text:
        return ["empty"]
    problems = [f"unsupported: {f}" for f in unsupported_facts(text, sources)]
    # a draft cut inside a placeholder ('Cut to your three main points: [point 1], [point 2], [point 3.': a walkthrough)
    if text.count("[") != text.count("]"):
        problems.append("an unclosed [placeholder]")
    problems += [f"quote not in the inputs: {q!r}" for q in unsupported_quotes(text, sources)]
    has_resume = bool(sources.bullets) if has_resume is None else has_resume
    if not has_resume and _RESUME_TALK.search(_PLACEHOLDER.sub(" ", text)):
        problems.append("resume talk without a resume")
    if kind in ("feedback", "follow_up"):
        if m := _CANDIDATE_VOICE.search(_outside_quotes(text)):
            problems.append(f"candidate voice: {m.group(0)!r}")
        if m := _PROMPT_ECHO.search(_outside_quotes(text)):
            problems.append(f"echoes the prompt: {m.group(0).strip()!r}")
    if word := praise_problem(text, overall):
        problems.append(f"praise at {overall:.0f}/100: {word!r}")
    if kind == "feedback" and off_topic is False and _CALLS_OFF_TOPIC.search(_outside_quotes(text)):
        problems.append("calls an on-topic answer off topic")
    n_words = len(text.split())
    if kind == "feedback":
        if not FEEDBACK_WORDS[0] <= n_words <= FEEDBACK_WORDS[1]:
            problems.append(f"length: {n_words} words")
        if not (re.search(r"\b(you|your)\b", text, re.I) or _IMPERATIVE.search(_outside_quotes(text))):
            problems.append("not addressed to the candidate")
        if not names_the_answer(text, sources.answer):
            problems.append("names nothing from the answer")
        if re.search(r"\btwo things\b", text, re.I) and not re.search(r"\bsecond(ly)?\b", text, re.I):
            problems.append("promises two things and names one")
        if gap_words and (advice := invented_advice(text, gap_words)):
            problems.append(f"advice not in the findings: {advice!r}")
        if wrong := misattributed_strength(text, sources.findings):
            problems.append(f"strength said to show something else: {wrong}")
        if quote := hint_praised(text):
            problems.append(f"praises the hint as if the answer said it: {quote}")
        if m := _PRAISES_NOTHING.search(_outside_quotes(text)):
            problems.append(f"praises nothing: {m.group(0)!r}")
        if said := repeats_itself(text):
            problems.append(f"says twice: {said!r}")
        if must_name_gap and (left := leaves_out_gap(text, must_name_gap, hint)):
            problems.append(left)
    elif kind == "follow_up":
        if not text.endswith("?") or text.count("?") > 2 or n_words > 40:
            problems.append("not one question")
        named = {n for n in star.named_things(text)} & {n for n in star.named_things(sources.answer)}
        refers = names_the_answer(text, sources.answer, min_run=3) or bool(named) or bool(
            tokens.content_stems(text) & tokens.content_stems(gap_words))
        if not refers:
            problems.append("refers to neither the answer nor a gap")
        if _ASKS_MEASURE.search(text) and not any(star.is_measured(q) for q in _QUOTE.findall(text)):
            problems.append("asks how something that is not a measurement was measured")
        if _ASKS_NUMBER.search(_outside_quotes(text)) and not any(star.quantities(q) for q in _QUOTE.findall(text)):
            problems.append("asks about a number the quote does not have")
    elif kind == "sample_answer":
        if not star.speaks_in_first_person(text):
            problems.append("not in the first person")
        if sources.bullets and not tells_a_bullet(text, sources.bullets):
            problems.append("tells none of the user's bullets")
    return problems
