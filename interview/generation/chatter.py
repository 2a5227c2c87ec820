"""Is a line of model output the text that was asked for, or chatter around it? The one home of these
patterns: serving's candidate filter (interview/generation/generator.py) and the evaluation's format rule
(training/generator/errors.py) both ask `chatter`.

    >>> chatter("Sure! Here's a question: why use Redis?"), chatter("Role: Backend Engineer")
    ('self_talk', 'prompt_echo')
    >>> chatter("Here is a login handler; what would you test?"), chatter("Here is a login handler; what would you test?", strict=True)
    (None, 'self_talk')
"""
from __future__ import annotations

import re

# The scaffolding of the generator's prompts (interview/generation/prompts.py), echoed instead of answered.
PROMPT_ECHO = re.compile(r"(<<<|>>>|job description:|question type:|write one interview question|difficulty:|role:|"
                         r"write 2-3 sentences|write a strong sample answer|write one follow-up|candidate experience:|"
                         r"rubric:|the answer is missing:)", re.I)
# Chatter whatever the task: the assistant talking about its reply ("Sure! Here's a question: ...").
ASSISTANT_OPENER = re.compile(r"^(sure|certainly|of course|okay|ok|great|thank|as an ai|i'm an?|i am an?|"
                              r"here('s| is) (a|an|one|your|my) (interview |follow-up )?question)\b", re.I)
# Serving's stricter rule for a sampled question: any opener in a speaker's own voice ("I have...",
# "Here is..."). A false rejection there costs one of several candidates; the evaluation's format rule
# must not fail reference questions such as "Here is a login handler ...", so it uses the opener above.
SPEAKER_OPENER = re.compile(r"^(i'm|i am|i have|i'd|i would|as an? |my name|sure|certainly|here is|here's|great|thank)",
                            re.I)


def chatter(text: str, strict: bool = False) -> str | None:
    """'prompt_echo' (the prompt's scaffolding is in the text), 'self_talk' (it opens as chatter: any
    speaker's opener when `strict`, else only an assistant's), or None."""
    if PROMPT_ECHO.search(text):
        return "prompt_echo"
    if (SPEAKER_OPENER if strict else ASSISTANT_OPENER).search(text):
        return "self_talk"
    return None
