"""The judgement of one answer, computed in code: scores with reasons, and the findings a coach talks about.

    a = assess("Tell me about a time you fixed a flaky pipeline.", "behavioral",
               "Situation: our nightly ETL failed twice a week. I added retries and alerts. "
               "Failed runs dropped 80%.", bullets=[], role_family="data_engineering", encoder=encoder)
    a.strengths[0]   # Strength(quote='Failed runs dropped 80%', shows='a measured result')
    a.gaps[0].name   # 'ownership' ... every criterion of the type that the answer does not meet
    a.claims[0]      # Claim(kind='number', text='Failed runs dropped 80%')

A 135M model cannot judge an answer; it can put these findings into words (interview/coaching/
feedback.py), and the gate (interview/coaching/gate.py) checks that it said nothing else. `assess` is
pure: no session, no store, no generator.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from interview.text import star
from interview.text import tokens
from interview.coaching.criteria import Criterion, check_criteria, criteria_for, criteria_kind
from interview.coaching.length import norm_for, too_long_advice, too_short_advice
from interview.coaching.quotes import CLAUSE, MAX_QUOTE_WORDS, asked_last, keep_for, quote_span, topic_of
from interview.coaching.scoring import Rubric, ScoringOptions, score_answer
from interview.speech.transcript import Transcript

MAX_GAPS = 2               # the feedback names the two biggest gaps, no more
# Flags for which the answer is not an answer: feedback is written in code (asking a model to
# praise "asdf" helps nobody), no follow-up is asked.
NOT_AN_ANSWER = frozenset({"empty", "dont_know", "copied_question", "gibberish", "not_an_answer"})
# Strength priority: what is worth quoting back first, by criterion.
# A comparison's difference and a how-to's pitfall are what the form asks for most, so they come before the example.
_STRENGTH_ORDER = ("quantified_result", "tradeoffs", "difference", "pitfalls", "scale", "complexity", "action",
                   "example", "when_to_pick", "steps", "reflection", "mechanism", "data_model", "bottlenecks",
                   "edge_cases", "tests", "components", "requirements", "definition", "each_one", "approach", "result",
                   "specifics", "tools", "situation", "task", "ownership", "recommendation", "data", "framework", "goal",
                   "weighing", "real_example", "plan", "people")


@dataclass
class Strength:
    quote: str     # verbatim span of the answer
    shows: str     # what it shows: "a measured result"


@dataclass
class Gap:
    name: str      # criterion or rubric gap: "quantified_result", "on_topic", "too_short" ...
    advice: str    # one sentence, second person


@dataclass
class Claim:
    kind: str      # result (a measured outcome) | number | decision | tool
    text: str      # verbatim span of the answer that makes the claim


@dataclass
class Assessment:
    question: str
    question_type: str
    role_family: str
    answer: str                         # the answer as scored (lines addressing the grader removed)
    rubric: Rubric
    criteria: dict[str, bool]           # criterion -> met, in report order
    strengths: list[Strength] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)       # biggest first
    claims: list[Claim] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)    # supporting resume bullets, best first
    hint: str = ""                      # one rewrite hint in the user's own words, placeholders in [brackets]

    @property
    def overall(self) -> float:
        return self.rubric.overall

    @property
    def flags(self) -> list[str]:
        return self.rubric.flags

    @property
    def is_answer(self) -> bool:
        return not (set(self.flags) & NOT_AN_ANSWER)

    @property
    def off_topic(self) -> bool:
        return "off_topic" in self.flags

    def to_dict(self) -> dict:
        d = asdict(self)
        d["rubric"] = self.rubric.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Assessment":
        rubric = Rubric.from_dict(d["rubric"], scored_answer=d.get("answer", ""))
        return cls(question=d["question"], question_type=d["question_type"], role_family=d.get("role_family", ""),
                   answer=d["answer"], rubric=rubric, criteria=dict(d.get("criteria", {})),
                   strengths=[Strength(**x) for x in d.get("strengths", [])], gaps=[Gap(**x) for x in d.get("gaps", [])],
                   claims=[Claim(**x) for x in d.get("claims", [])], bullets=list(d.get("bullets", [])),
                   hint=d.get("hint", ""))


# ----------------------------------------------------------------------------- spans of the answer

def _strength_quote(sentence: str, criterion: Criterion) -> str:
    """The piece of `sentence` quoted for a met criterion. A measured result is quoted from the clause that measures,
    when one does: "Over the next two quarters" was quoted as the measured result of a sentence ending "bounty payouts
    fell by 70 percent"."""
    if criterion.name == "quantified_result" and len(sentence.split()) > MAX_QUOTE_WORDS:
        clauses = [c for c in CLAUSE.split(sentence) if c and len(c.split()) >= 4 and star.is_measured(c)]
        changed = [c for c in clauses if star.CHANGE.search(c)]   # "fell by 70 percent" before "from VMs to EKS"
        if changed or clauses:
            return quote_span((changed or clauses)[0])
    return quote_span(sentence, keep=keep_for(criterion))


_DECISION = re.compile(r"\b(i|we) (decided|chose|picked|opted|went with|switched|proposed|pushed for|"
                       r"recommended|convinced|agreed)\b", re.I)


def find_claims(answer: str, limit: int = 4) -> list[Claim]:
    """What the answer asserts that an interviewer could probe: numbers, decisions, named tools."""
    claims: list[Claim] = []
    for sent in tokens.sentences(answer):
        if star.quantities(sent) and not sent.rstrip().endswith("?"):
            span = quote_span(sent, keep=lambda c: bool(star.quantities(c)))
            # "result" means measured ("Failed runs dropped 80%"): the follow-up asks how it was measured.
            # A number that only sizes something ("turned it into a 2-hour payment outage") is a "number".
            kind = "result" if star.is_measured(span) and star.star_parts(span).result else "number"
            claims.append(Claim(kind, span))
        elif _DECISION.search(sent):
            claims.append(Claim("decision", quote_span(sent, keep=lambda c: bool(_DECISION.search(c)))))
    for tool in star.named_tools(answer)[:2]:   # named_tools lower-cases; quote the answer's spelling
        m = re.search(rf"(?<![\w]){re.escape(tool)}(?![\w])", answer, re.I)
        claims.append(Claim("tool", m.group(0) if m else tool))
    seen, out = set(), []
    for c in claims:
        if c.text and c.text.lower() not in seen:
            seen.add(c.text.lower())
            out.append(c)
    return out[:limit]


# ----------------------------------------------------------------------------- the hint

# What a short answer should add, per question type, as (criterion, slot): "[what you did] and [what
# happened]" is a story's, and was given to technical and coding answers too (fresh review sheet, first
# reading). A slot whose criterion the answer meets is left out: a walkthrough's feedback praised a sentence
# as "how it works" and then asked to add "[how it works]".
_TOO_SHORT_ADD = {"behavioral": [("action", "[what you did]"), ("result", "[what happened]")],
                  "technical": [("mechanism", "[how it works]"), ("example", "[an example from your work]")],
                  "system_design": [("components", "[the main components]"), ("bottlenecks", "[how they handle the load]")],
                  "coding": [("approach", "[your approach]"), ("complexity", "[its complexity]"),
                             ("edge_cases", "[an edge case]")],
                  "query": [("approach", "[your approach]"), ("edge_cases", "[an edge case]")],
                  "process": [("components", "[the main components]"), ("bottlenecks", "[how they handle the load]")],
                  "case": [("framework", "[how you break it down]"), ("data", "[the data you would use]")],
                  "compare": [("difference", "[the difference that matters]"), ("when_to_pick", "[when each one applies]")],
                  "howto": [("steps", "[the steps you would take]"), ("tools", "[the tools you would use]")],
                  "situational": [("plan", "[what you would do first]"), ("people", "[who you would involve]")],
                  # the answer to a follow-up: one point, made concrete (not a whole story's parts)
                  "follow_up": [("specifics", "[a number, a tool or a name]"), ("evidence", "[how you know]")]}


# What a short answer that already shows every slot above should add instead: the blind review sheet (item 17) saw
# "add [how it works] and [an example from your work]" under an answer praised for both.
# A short story with a step and an ending was told to add "[what you did] and [what happened]" (novel review sheet,
# item 2): it needs the number, the context or the lesson it lacks.
_TOO_SHORT_SPARE = {"technical": [("tradeoffs", "[a limit or trade-off]")],
                    "compare": [("example", "[an example of each]")],
                    "howto": [("pitfalls", "[what can go wrong]")],
                    "situational": [("weighing", "[what you would weigh]"), ("real_example", "[a time you did this]")],
                    "behavioral": [("quantified_result", "[a number for the result]"), ("situation", "[the context]"),
                                   ("reflection", "[what you learned]")]}


def _slots_to_add(answer: str, question_type: str, met: dict[str, bool] | None) -> str:
    """The slots of _TOO_SHORT_ADD whose criterion is not in `met` (criterion -> met, as Assessment.criteria;
    None: checked here), all of them when the answer meets every one."""
    if question_type not in _TOO_SHORT_ADD:
        question_type, met = "behavioral", None
    if met is None:
        met = {name: sent is not None for name, sent in check_criteria(question_type, answer).items()}
    pairs = _TOO_SHORT_ADD[question_type]
    spare = [slot for name, slot in _TOO_SHORT_SPARE.get(question_type, []) if not met.get(name)][:2]
    slots = [slot for name, slot in pairs if not met.get(name)] or spare or [slot for _, slot in pairs]
    return slots[0] if len(slots) == 1 else ", ".join(slots[:-1]) + " and " + slots[-1]


# What follows the direct answer in the on-topic hint, by the kind of question (criteria_kind's names)
_ON_TOPIC_NEXT = {"system_design": "[the main components] and [how a request flows through them]",
                  "coding": "[your approach] and [its complexity]", "compare": "[the difference that matters most]"}


def rewrite_hint(gap: Gap, answer: str, question: str, question_type: str = "behavioral",
                 met: dict[str, bool] | None = None) -> str:
    """One concrete rewrite, built on a sentence the user said; [brackets] mark what only they can fill.
    `met`: the answer's criteria (Assessment.criteria), when the caller has them."""
    sents = tokens.sentences(answer)
    action = next((s for s in sents if star.star_parts(s).action), None)
    base = quote_span(action or (sents[-1] if sents else ""))
    last = quote_span(sents[-1]) if sents else ""
    we = next((s for s in sents if re.match(r"\s*we\b", s, re.I)), None)
    as_i = quote_span(re.sub(r"^\s*we\b", "I", we, flags=re.I)) if we else ""
    add = _slots_to_add(answer, question_type, met) if gap.name == "too_short" else ""
    hints = {
        "result": f'After "{base}", add: "As a result, [what changed]."',
        "quantified_result": f'Try: "{base}, which cut [the metric] from [before] to [after]."',
        "action": (f'If it was your part, say "I": "{as_i}".' if as_i
                   else 'Try: "I [first step], then I [second step]."'),
        "ownership": (f'If it was your part, say "I": "{as_i}".' if as_i
                      else f'Try: "My part was to [your responsibility], so {base[:1].lower() + base[1:]}."'),
        "situation": f'Open with one line of context before "{quote_span(sents[0]) if sents else base}": "At [company], [what was at stake]."',
        "task": 'Add: "My job was to [what you were responsible for]."',
        "reflection": f'After "{last}", close with: "What I learned was [lesson], so now I [what you do differently]."',
        "definition": 'Open with: "[The term] is [a one-line definition]."',
        "mechanism": f'After "{last}", add: "It works by [how], because [why]."',
        "example": f'After "{last}", add: "For example, in [project] I [what you did]."',
        "tradeoffs": f'After "{last}", add: "The trade-off is [what it costs], so I would not use it when [case]."',
        "specifics": f'Make "{base}" concrete: name [the tool] and [the number].',
        "requirements": 'Open with: "First the requirements: [who uses it], [what they do], [how much load]."',
        "components": 'Add: "A request goes from [client] to [service], which reads [store]."',
        "scale": 'Add: "At about [N] requests per second and [size] of data, [what that means]."',
        "data_model": 'Add: "I would store [entity] keyed by [key], with [fields]."',
        "bottlenecks": 'Add: "The first bottleneck is [component]; I would [scale or recover how]."',
        "approach": 'Open with: "My approach is [idea], because [why it works]."',
        "complexity": f'After "{last}", add: "This runs in O([time]) time and O([space]) space."',
        "edge_cases": 'Add: "For empty input it returns [value], and duplicates are [handled how]."',
        "tests": 'Add: "I would test it with [input], expecting [output]."',
        "goal": 'Open with: "The goal is [outcome], and I would measure it by [metric]."',
        "framework": 'Add: "I would break it into [part 1], [part 2] and [part 3], starting with [the first]."',
        "data": 'Add: "I would look at [data], comparing [groups or periods]."',
        "recommendation": 'Close with: "I would recommend [choice], and first I would [next step]."',
        "difference": 'Add: "The main difference is that [the first] [does what], while [the second] [does what]."',
        "when_to_pick": 'Add: "I would use [the first] when [case], and [the second] when [case]."',
        "each_one": 'Open with: "[The first] is [what it is]; [the second] is [what it is]."',
        "steps": 'Open with: "First I would [step 1], then [step 2], and finally [step 3]."',
        "tools": 'Add: "I would use [the tool], with [the setting] set to [value]."',
        "pitfalls": f'After "{last}", add: "The pitfall is [what goes wrong]; I would check it by [how]."',
        # "[your example]" read oddly under a design or coding question (the untouched review sheet)
        "on_topic": 'Start with one sentence that answers the question directly, then give '
                    f'{_ON_TOPIC_NEXT.get(question_type, "[your example]")}.',
        "too_short": f'Build on "{base}": add {add}.' if base else f'Add {add}.',
        "too_long": 'Cut to your three main points: [point 1], [point 2], [point 3].',
    }
    return hints.get(gap.name, "")


# ----------------------------------------------------------------------------- assess

def assess(question: str, question_type: str, answer: str, bullets=(), role_family: str = "",
           transcript: Transcript | None = None, encoder=None, opts: ScoringOptions | None = None) -> Assessment:
    """Score the answer and find what to say about it. `bullets` are the retrieved resume bullets,
    best first; `transcript` the speech transcript of a spoken answer (for delivery); `encoder` the
    MiniLM sentence encoder (relevance, evidence)."""
    delivery = transcript.delivery_figures() if transcript else None
    rubric = score_answer(question, answer, question_type, bullets=list(bullets), encoder=encoder, delivery=delivery,
                          opts=opts)
    scored = rubric.scored_answer
    a = Assessment(question=question, question_type=question_type, role_family=role_family, answer=scored,
                   rubric=rubric, criteria={}, bullets=[b for b in bullets][:3])
    if not a.is_answer:
        return a
    kind = criteria_kind(question, question_type, scored)   # a product case or a query asks for other parts
    found = check_criteria(kind, scored)
    a.criteria = {name: sent is not None for name, sent in found.items()}
    by_name = {c.name: c for c in criteria_for(kind)}

    # strengths: the best two met criteria, each quoted from its own sentence (a walkthrough's feedback quoted
    # "each extra nine is far more expensive" as its limits, then the same sentence again as how it works)
    used: set[str] = set()
    for name in sorted((n for n, s in found.items() if s), key=_STRENGTH_ORDER.index):
        quote = _strength_quote(found[name], by_name[name])
        if quote and not {quote.lower(), found[name].lower()} & used and len(quote.split()) >= 3:
            a.strengths.append(Strength(quote, by_name[name].shows))
            used |= {quote.lower(), found[name].lower()}
        if len(a.strengths) == 2:
            break

    # gaps: relevance and length first (an answer to another question needs that said before STAR),
    # then the type's criteria in their order
    n_words = len(tokens.words(scored))
    follow_up = bool(opts and opts.follow_up)
    norm = norm_for(follow_up)
    # An answer flagged off topic is told to answer the question; one whose relevance is only low is asked to make
    # the link plain: over the seven read review halves 34 of the 78 answers given this gap without the flag were
    # written as on-topic answers (strong 20, weak 14), and "Answer the question that was asked" told them they
    # had not.
    if a.off_topic:
        a.gaps.append(Gap("on_topic", f"Answer the question that was asked: {topic_of(asked_last(question, follow_up))}."))
    elif rubric.get("relevance").score <= 2 and not follow_up:
        a.gaps.append(Gap("on_topic", f"It is not clear how this answers {topic_of(question)}: say how in your "
                                      "first sentence."))
    if n_words < norm.short_below:
        a.gaps.append(Gap("too_short", too_short_advice(norm)))
    elif n_words > norm.long_above:
        a.gaps.append(Gap("too_long", too_long_advice(norm)))
    if follow_up:
        # A follow-up asks for one thing: the question type's parts (a whole story, every design concern) are
        # not missing from an answer to "How did you measure that?"; what it needs is something concrete.
        # a Big-O bound is as concrete as a number: "It is O(n) time ... O(k) extra space" answers "What are the time
        # and space complexity?" and was told to name a tool and a number (browser walkthrough, 2026-12-05)
        if not (star.quantities(scored) or star.named_tools(scored) or star.BIG_O.search(scored)):
            a.gaps.append(Gap("specifics", next(c.advice for c in criteria_for("technical") if c.name == "specifics")))
    else:
        missing = [Gap(c.name, c.advice) for c in criteria_for(kind) if not found[c.name]]
        # What to add comes before how long to make it (the feedback names its first two gaps): "Say more: aim for
        # 120-300 words" stood in for the content gap on 7 of the 11 weak answers of the novel review sheet, and
        # with one thing to add before it, still on 7 of the 11 of the pristine sheet. So an answer past the
        # too-short flag is told two things to add first (the score table says how short it is); one under the flag
        # one thing, then "say more". An answer flagged off topic keeps its order: its parts matter less than
        # answering the question.
        at = len(a.gaps) if a.off_topic else next(
            (i for i, g in enumerate(a.gaps) if g.name in ("too_short", "too_long")), len(a.gaps))
        first = 1 if a.off_topic or n_words < norm.flag_below else 2
        a.gaps[at:at] = missing[:first]
        a.gaps += missing[first:]
    if not a.gaps and n_words > norm.high:
        # Past the aim with nothing else missing: the score table said "A little long: 174 words" and the feedback
        # "practise saying it at the length you wrote it" (a walkthrough's follow-up answer).
        a.gaps.append(Gap("too_long", too_long_advice(norm)))
    a.claims = find_claims(scored)
    if a.gaps:
        # the rewrite hint of a short answer names the slots to add, so it follows the length gap when there is one
        first = next((g for g in a.gaps if g.name == "too_short"), a.gaps[0])
        a.hint = rewrite_hint(first, scored, question, "follow_up" if follow_up else kind, a.criteria)
    return a
