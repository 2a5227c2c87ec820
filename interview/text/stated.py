"""Parts of an answer said outright in a phrasing the first rules of finders.py and star.py missed. Each rule is a
phrasing many answers use, found by a second reading of the reserve review sheet
(checkpoints/generator/smollm2-topics/feedback_eval_reserve/review_sheet_reserve.md, "Gap asks for what the answer
has"), and kept only where it adds met criteria mostly on the strong answers of the read review halves.

Pure functions over text (no models), used by interview/coaching/finders.py; the stated outcome (at the end) by the
score table's specificity reason (interview/coaching/dimensions.py).
"""
from __future__ import annotations

import re

from interview.text import star
from interview.text.explanation import says_something
from interview.text.tokens import sentences

# ----------------------------------------------------------------------------- what you were responsible for

# The role said with "a": "When I was a machine learning engineer on a fraud team, ...", "I was a backend engineer at
# a logistics company when we had to rewrite the module" (reserve sheet, items 9 and 27, were told "Say what you were
# responsible for"; star._TASK reads "I was the ... engineer" and "as a ... engineer" only). A role noun must follow,
# then where: "I was a bit worried" or "I was an hour late" is no role.
_ROLE = (r"engineer|designer|manager|analyst|developer|scientist|lead|pm|architect|consultant|administrator|"
         r"researcher|intern|owner|mentor|specialist|coordinator|director|tester|marketer|writer|officer|sre")
ROLE = re.compile(rf"\bi (was|worked as) (a|an) ([\w-]+ ){{0,3}}({_ROLE})s? (on|at|in|for|with|of)\b", re.I)


# ----------------------------------------------------------------------------- a scale estimate

# A count per period of whatever the system handles: "assume 100,000 boards a day", "say 2,000 surveys a year, ...
# so a few hundred submissions a minute at peak" (reserve sheet, items 7 and 12, were told "Estimate the scale with
# numbers"; finders._SCALE_UNIT knew orders, bookings, uploads ... a day, not boards or surveys). The amount leads,
# a plural noun of up to three words follows, then the period: "two meetings a week" is a count too, "a day at a
# time" is not.
_AMOUNT = (r"(\d[\d,.]*\s?[kmb]?|a few (hundred|thousand|million)|(a|one|two|three|four|five|six|seven|eight|nine|ten|"
           r"twenty|fifty|hundreds?|several|tens?) (hundred|thousand|million|billion)s?|hundreds|thousands|millions)")
PER_PERIOD = re.compile(rf"\b{_AMOUNT} ([\w-]+ ){{0,2}}[\w-]+s (a|an|each|per|every) (second|minute|hour|day|week|"
                        r"month|year)\b", re.I)
# The numbers given as the design's assumed load: under a label ("Scale: modest, say 2,000 surveys a year", item 12)
# or after "assume" / "say", as a count of things ("Assume 50 AWS accounts, about 4,000 EC2 instances", "say 3,000
# employees"; not a goal or a time: "say 30% in twelve months", "default within, say, 12 months").
ASSUMED_LOAD = re.compile(r"^\W*(scale|load|traffic|volume|rough numbers|back of the envelope)( estimates?| assumptions?)?"
                          r"\s*:|\b(assume|assuming|let's say|say) (about |around |roughly |maybe |up to )?\d[\d,.]*\s?[kmb]?"
                          r"\s+(?!(percent|seconds?|minutes?|hours?|days?|weeks?|months?|years?|ms)\b)[a-z]", re.I)


# ----------------------------------------------------------------------------- the complexity

# Big-O said in words, as an answer spoken aloud says it: "Complexity is O of n time and O of k space for k distinct
# keys" (reserve sheet, item 32, was told "Give the time and space complexity (Big-O)"), "big O of n squared".
# A capital O before "of" and a variable or a word; "a lot of" or "two of them" is none, and so is "Big-O" alone:
# "Big-O isn't the interesting part here" states none.
BIG_O_WORDS = re.compile(r"\b(O|[Bb]ig[- ][Oo]) of (n|m|k|v|e|1|one|log|the|[a-z]\b|\w+ (squared|cubed|log))")


# ----------------------------------------------------------------------------- a definition

# A law, a principle or a rule defined by what it says: "The Law of Demeter says an object should only talk to its
# direct friends" (reserve sheet, item 35, was told "Start with a one-sentence definition in your own words";
# finders._definition reads "is / means / refers to" and a subject that does something). Only the first sentence,
# and its subject is no person: "I", "my manager", "our team" or "everyone says" defines nothing.
SAYS = re.compile(r"^\W*(?!(i|we|you|he|she|they|it|this|that|my|our|your|his|her|their|everyone|everybody|people|"
                  r"someone|somebody|nobody|some|many|most)\b)[A-Za-z][\w'/-]*(\s+[\w'/-]+){0,5}?\s+"
                  r"(says|states|holds that|tells you|dictates|prescribes)\b", re.I)


# ----------------------------------------------------------------------------- a measured result

# A change sized by a fraction, a percent or a factor before a comparative: "our critique notes showed about a third
# fewer late-stage changes" (reserve sheet, item 39, was told "Put a number on the result"; star._RESULT has no verb
# there to read). A count before it is no size of a change: "we hired two more engineers" is a step.
SIZED_CHANGE = re.compile(r"\b((a|one|two) thirds?|half|a quarter|\d[\d.,]*\s?(%|percent|x)|(two|three|four|five|ten|"
                          r"\d+) times|twice)\s+(fewer|less|more|lower|higher|faster|slower|shorter|smaller|cheaper|"
                          r"quicker|longer|larger|bigger)\b", re.I)


# ----------------------------------------------------------------------------- a limit

# A limit said as the condition a benefit needs: "Jumbo frames of 9000 bytes help throughput inside a data centre,
# but only if every hop supports them" (reserve sheet, item 17, was told "Name a limit or trade-off"). A string for
# finders._LIMIT_WORDS, so a design's trade-off, a case's risk and a how-to's pitfall read it too.
# "only helps if" without the "but" was tried and left out: it added one off-topic design answer ("A budget only helps
# if someone owns it, so ...") beside the one strong answer.
ONLY_IF = r"but only (if|when|where|while|as long as|for|on|in|with)"


# ----------------------------------------------------------------------------- how it works or why

# Why, said as a consequence or as the idea behind it: "they disagreed on how to bucket transaction hours, which cost
# us two points of recall", "duplicated code with a nasty consequence, training-serving skew", "the key idea is that a
# smell is a heuristic for where to look" (reserve sheet, item 22, was told "Explain how it works or why, not only what
# it is"; explanation._CAUSE reads because, so that, which means ...). What follows must name something
# (explanation.says_something): "It leads to better code" explains nothing.
_WHY = re.compile(r"\b((which|that|this|it) (cost|costs|caused|causes|breaks|broke)|(leads?|led) to|results? in|"
                  r"resulted in|(a|the|with a) ([\w-]+ )?consequences?( is| was|:|,)|the (key|core|main|basic|whole) idea "
                  r"is( that)?)\b", re.I)


def explains_why(sentence: str) -> bool:
    """The sentence gives a consequence or the idea behind the thing, and what follows names something (see _WHY)."""
    return any(says_something(re.split(r"[;:.!?]", sentence[m.end():].lstrip(" ,:"), maxsplit=1)[0])
               for m in _WHY.finditer(sentence))

# ----------------------------------------------------------------------------- the outcome the score table states

# A story closes on a lesson (used by finders.py's reflection criterion, and kept out of the stated outcome).
REFLECTION = re.compile(
    r"\b(learn(ed|t)|lesson|next time|(would|I'd) do (it )?differently|in hindsight|looking back|since then|"
    r"taught me|now i (always|make sure|start)|takeaway|i realized|i realised|what i'd change|"
    # "What made it work, I think, was writing down the compromise" closes on a lesson (novel sheet, item 39)
    r"what made (it|this|the difference) work|what made the difference|in retrospect|"
    # "The principle for me: smallest change, a second pair of eyes" and "That experience convinced me the research
    # should come first" close on a lesson (untouched sheet, items 8 and 40)
    r"the (principle|rule|habit) (for me|i follow|i keep|i took)|convinced me|showed me|made me realise|"
    r"made me realize|i took away|what i took from (it|this|that)|i now|"   # "What I took from it is ..." (a walkthrough)
    # "If I did it again, I'd bring our technical writer in at the PRD stage", "Now in every model review I ask one
    # question", "I changed our freeze policy ... so the next disagreement would be about evidence" (strong review
    # stories asked to close with what they learned)
    r"if i (did|had to do|were to do|were doing|could do) (it|this|that) (again|over)|"
    r"(now|today|these days),? (in|on|before|at|for) (every|each|all)\b|so (that )?the next [\w-]+ (would|will)|"
    r"(something|a lesson|a habit) i (could|can|still) (learn|reuse|use|keep))\b", re.I)


def stated_outcome(text: str, max_words: int = 12) -> str | None:
    """The score table's outcome: star.outcome_phrase, else the clause around the amount of the last sentence telling
    how it ended with one ("After that we had no gaps for six months", which the feedback praised as a measured
    result), not the closing lesson. A browser walkthrough's table read "no outcome stated" beside "the result is
    quantified" and feedback praising "They fixed both issues within three days and paid the bounty": the last
    sentence with an amount was the lesson ("Since then I always ... where I kept a 92% service level agreement"),
    as finders' measured result skips it, and an amount ending in "%" never matched a word boundary after it."""
    phrase = star.outcome_phrase(text, max_words)   # the result sentences are read only when it finds none
    last = "" if phrase else next((s for s in reversed(sentences(text))
                                   if star.result_cues(s) and star.quantities(s) and not REFLECTION.search(s)), "")
    m = last and re.search(rf"(?<!\w){re.escape(star.quantities(last)[0])}(?!\w)", last)
    return phrase or (star.outcome_clause(last, m, max_words + 2, 8) if m else None)   # "... about 97 percent of phones"
