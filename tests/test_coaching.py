"""The coaching pipeline: assess (findings in code), the gate, the code-written texts, and the model
verbalising findings with the real embedded generator and adapter.

The texts quoted in the gate tests are what the app showed users before the findings pipeline
(issue 'Feedback a job seeker can trust'), verbatim."""
import random

import pytest

from interview.text import star
from interview.coaching.assessment import assess
from interview.coaching.criteria import check_criteria
from interview.coaching.feedback import (CODE_LABEL, feedback_as_list, feedback_from_findings, feedback_sources,
                                         follow_up_from_findings, follow_up_sources, gap_to_name,
                                         write_feedback, write_follow_up)
from interview.coaching.gate import Sources, check_text, names_the_answer, unsupported_facts
from interview.coaching.scoring import score_answer
from interview.speech.transcribe import count_fillers

STAR_ANSWER = ("Situation: our nightly data pipeline failed twice a week and analysts lost a day of reports each "
               "time. Task: I owned the ingestion framework. Action: I added idempotent loads and retries with "
               "backoff in Airflow, and I wrote contract tests for the three upstream feeds. Result: failed runs "
               "dropped 80% in the first month and nobody has lost a report since. I learned to measure the "
               "failure modes before fixing anything.")
QUESTION = "Tell me about a time you made a data pipeline more reliable."


def test_labelled_star_parts_count_as_found():
    parts = star.star_parts(STAR_ANSWER)
    assert parts.situation and parts.task and parts.action and parts.result and parts.quantified
    # without the labels' words the situation sentence alone would not have been found before
    assert star.star_parts("Situation - the billing job timed out every night.").situation


def test_behavioural_criteria_quote_the_sentence_that_meets_them():
    met = check_criteria("behavioral", STAR_ANSWER)
    assert "80%" in met["quantified_result"] and met["reflection"].startswith("I learned")
    assert check_criteria("behavioral", "We fixed it.")["ownership"] is None


def test_design_vocabulary_earns_technical_depth():
    answer = ("I ran five usability tests on the checkout prototype in Figma, built a journey map of the drop-offs, "
              "and fixed the WCAG contrast of the buttons because low-vision users could not find them. The "
              "design system now has an accessible button token.")
    r = score_answer("How do you make a checkout flow accessible?", answer, "technical")
    assert r.get("technical_depth").score >= 3, r.get("technical_depth").reason


def test_markup_is_not_an_answer():
    r = score_answer("What is cross-site scripting?", "<script>alert(1)</script>", "technical")
    assert r.overall == 0 and "not_an_answer" in r.flags
    assert r.get("specificity").score == 0
    code = "I would use a set:\n```python\ndef dedupe(xs):\n    return list(dict.fromkeys(xs))\n```\nIt keeps order in O(n)."
    assert "not_an_answer" not in score_answer("Remove duplicates from a list.", code, "coding").flags


def test_like_introducing_an_example_is_not_a_filler():
    assert count_fillers("We split it into services, like the recommendation service.".split()) == {}
    assert count_fillers("So we, like, rewrote it.".split()) == {"like": 1}


def test_assessment_findings_come_from_the_answer(encoder):
    a = assess(QUESTION, "behavioral", STAR_ANSWER, role_family="data_engineering", encoder=encoder)
    assert a.rubric.get("relevance").score >= 4 and a.overall >= 70
    assert a.strengths and all(s.quote.lower() in STAR_ANSWER.lower() for s in a.strengths)
    assert any(c.kind == "result" and "80%" in c.text for c in a.claims)
    assert {g.name for g in a.gaps} <= {"situation", "task", "ownership", "reflection", "action", "result", "quantified_result"}


def test_off_topic_and_weak_answers_order_below_strong(encoder):
    weak = ("I think reliability is really important for pipelines. I would monitor the pipeline, add some alerts "
            "and fix problems quickly when they happen, and talk to the team about it.")
    off = ("At my last job I redesigned the onboarding screens in Figma, ran five interviews with new users and "
           "cut the sign-up drop-off from 40% to 25% in two months by removing the phone-number step.")
    o = {k: assess(QUESTION, "behavioral", t, encoder=encoder) for k, t in
         (("strong", STAR_ANSWER), ("weak", weak), ("off", off))}
    assert o["strong"].overall > o["weak"].overall > o["off"].overall
    assert o["off"].off_topic and o["off"].gaps[0].name == "on_topic"


@pytest.mark.parametrize("text, expected", [
    ("Two stories can be told in this way. The story from Georgia Tech Atlanta fits your description perfectly.",
     ["unsupported", "praise"]),
    ("Your answer has the right balance with my resume.", ["resume talk", "candidate voice"]),
    ("I wrote two paragraphs where you match my tone perfectly.", ["candidate voice", "praise"]),
])
def test_the_gate_refuses_what_users_were_shown(text, expected):
    sources = Sources("Tell me about a time you built a framework.", "I would just build it with React Native.")
    problems = " | ".join(check_text(text, sources, "feedback", overall=25.0))
    for word in expected:
        assert word in problems, problems


def test_the_gate_passes_text_built_from_findings(encoder):
    for answer in (STAR_ANSWER, "I think reliability is important. I would monitor the pipeline and fix problems."):
        a = assess(QUESTION, "behavioral", answer, encoder=encoder)
        inputs = Sources(QUESTION, a.answer)
        for seed in range(5):   # every phrasing the training targets use
            text = feedback_from_findings(a, random.Random(seed))
            assert check_text(text, feedback_sources(a, inputs), "feedback", overall=a.overall,
                              must_name_gap=gap_to_name(a)) == [], text
        follow = follow_up_from_findings(a)
        gaps = " ".join(g.advice for g in a.gaps[:2])
        assert follow and check_text(follow, follow_up_sources(a, inputs), "follow_up", gap_words=gaps) == []


def test_unsupported_facts_ignore_placeholders_and_catch_inventions():
    sources = Sources("Tell me about a deadline.", "I shipped the billing export in 3 weeks with Postgres.")
    assert unsupported_facts('Try: "I cut [the metric] from [before] to [after] in 3 weeks."', sources) == []
    assert set(unsupported_facts("At Stripe you shipped it in 5 weeks.", sources)) == {"5", "stripe"}
    assert names_the_answer('You said "shipped the billing export": good.', sources.answer)


class _Canned:
    """A generator stand-in for the gate's control flow only (the real model is tested below)."""


def test_failed_drafts_fall_back_to_the_findings_list(monkeypatch, encoder):
    import interview.generation.generator as generator

    monkeypatch.setattr(generator, "complete", lambda *a, **k: "Great answer! At Google I would have done the same.")
    a = assess(QUESTION, "behavioral", STAR_ANSWER, encoder=encoder)
    w = write_feedback(_Canned(), a, Sources(QUESTION, a.answer))
    assert w.source == "code" and len(w.drafts) == 3 and w.text == feedback_as_list(a)
    assert any("unsupported" in p for p in w.drafts[0]["problems"])
    assert CODE_LABEL


@pytest.mark.slow
def test_the_model_verbalises_findings_and_passes_the_gate(generator, encoder):
    """The served generator (adapter in checkpoints/) on answers it was not trained on."""
    answers = [
        ("Tell me about a time you disagreed with your manager.", "behavioral",
         "In my last role my manager wanted to ship the pricing page without a test. I was responsible for the "
         "experiment plan, so I showed him last quarter's data and proposed a one-week A/B test. He agreed, the "
         "test showed a 4% drop in sign-ups for the new page, and we kept the old one."),
        ("What is an index in a relational database, and when would you not add one?", "technical",
         "An index is a B-tree on one or more columns that lets the database find rows without scanning the "
         "table. For example I added one on orders.customer_id and the lookup went from 900 ms to 4 ms. I would "
         "not add one on a column that is written far more than it is read, because every insert updates it."),
    ]
    passed = 0
    for question, qtype, answer in answers:
        a = assess(question, qtype, answer, encoder=encoder)
        sources = Sources(question, a.answer)
        fb = write_feedback(generator, a, sources)
        fu = write_follow_up(generator, a, sources)
        # whatever is shown passed the gate, or is the labelled findings list
        if fb.source == "model":
            assert check_text(fb.text, feedback_sources(a, sources), "feedback", overall=a.overall) == []
        else:
            assert fb.text == feedback_as_list(a)
        passed += fb.first_draft_passed
        assert fu.text.endswith("?")
    assert passed >= 1


def test_the_gate_refuses_calling_an_on_topic_answer_off_topic():
    # seen on the review set: the model used the off-topic phrasing for a weak but on-topic answer
    text = ('This answer talks about "I would collect user interaction data", while the answer says "I would '
            'collect user interaction data". To make it stronger: Say more: aim for 120-300 words.')
    sources = Sources("Design a product recommendation system.", "I would collect user interaction data and train a model.")
    assert "calls an on-topic answer off topic" in check_text(text, sources, "feedback", overall=50.0, off_topic=False)
    assert "calls an on-topic answer off topic" not in check_text(text, sources, "feedback", overall=25.0, off_topic=True)


def test_the_gate_refuses_praising_the_rewrite_hint():
    # what the walkthrough showed: the hint's placeholder text presented as a step the user took
    answer = ("At Shopwell I led the migration of 40 cron jobs to Airflow. I added retries with alerts. "
              "Failed nightly runs fell by 85%.")
    findings = 'Hint: Open with one line of context before "At Shopwell I led the migration": "At [company], [what was at stake]."'
    sources = Sources("Tell me about a project that needed more work.", answer, findings=findings)
    shown = ('One thing that works: "Failed nightly runs fell by 85%" shows a measured result. "At [company], '
             '[what was at stake]" also shows a step you took yourself. Open with one sentence of context: the '
             'team, the product and what was at stake.')
    assert any(p.startswith("praises the hint") for p in check_text(shown, sources, "feedback", overall=84.0))
    fixed = shown.replace('"At [company], [what was at stake]" also shows a step you took yourself.',
                          'Try opening with: "At [company], [what was at stake]."')
    assert not any(p.startswith("praises the hint") for p in check_text(fixed, sources, "feedback", overall=84.0))


def test_the_gate_refuses_two_things_that_are_one():
    # what the walkthrough showed: "Two things would make it stronger. First, ..." and no second
    answer = "We planned the work in stages, wrote careful tests, and finished two weeks early."
    sources = Sources("Tell me about a project.", answer)
    one = ('You have a start: "We planned the work in stages, wrote careful tests, and finished two weeks early" '
           'shows a measured result. Two things would make it stronger. First, close with what you learned or '
           'would do differently.')
    assert "promises two things and names one" in check_text(one, sources, "feedback", overall=69.0)
    two = one + " Second, say what you were responsible for."
    assert "promises two things and names one" not in check_text(two, sources, "feedback", overall=69.0)


def test_the_topic_quoted_is_the_start_of_the_question():
    from interview.coaching.quotes import topic_of

    q = "What is event delegation and why is it useful? Can you show an example of how to use it?"
    assert topic_of(q) == '"What is event delegation and why is it useful"'
    # the question's own quotation marks would end the quote early
    assert topic_of('The usage of "Yes I\'m going" dropped 30%. Why?') == '"The usage of Yes I\'m going dropped 30%. Why"'
    # a scene set before the question is quoted with it (unseen review sheet, item 16), or the question alone
    assert topic_of("Imagine our product is missing a key milestone. How would you investigate and act?") == \
        '"Imagine our product is missing a key milestone. How would you investigate and act"'
    long_scene = ("Imagine our product is missing a key milestone that three customers were promised in writing. "
                  "How would you investigate?")
    assert topic_of(long_scene) == '"How would you investigate"'
    # a first sentence that sets the task is the one quoted (browser walkthrough: only "What are the main components
    # and the users" was quoted of a design question)
    assert topic_of("Design a reusable service that law enforcement uses to provide a secure email account. What are "
                    "the main components and the users?").startswith('"Design a reusable service')
    # "You are asked to ..." sets the task: it is quoted without the frame, not the generic question after it
    # (walkthrough: the question asks "What are the main differences you would highlight")
    assert topic_of("You are asked to explain the digital services market and how it differs from the traditional "
                    "services market. What are the main differences you would highlight?") == \
        '"Explain the digital services market and how it differs from the traditional services market"'
    # a question that points back at the first sentence is not quoted alone
    assert topic_of("Give me an example of a time when you had a difference of opinion with a team member. How did "
                    "you handle it?").startswith('"Give me an example of a time when you had a difference')
    # a question longer than a quote is cut, and says so (walkthrough: '"Why is it hard ... change the way"')
    long_q = ("Why is it hard to debug a software change that is expected to change the way developers approach "
              "their daily work?")
    assert topic_of(long_q) == '"Why is it hard to debug a software change that is expected to change the way …"'


def test_the_gate_refuses_advice_that_is_not_in_the_findings():
    # what the screenshot run showed for a 92/100 answer with no gap: "To make it stronger: start with the findings."
    from interview.coaching.gate import invented_advice

    advice = "Open with one sentence of context: the team, the product and what was at stake."
    assert invented_advice('"We fixed it" shows a step. To make it stronger: start with the findings.', advice)
    assert invented_advice('"We fixed it" shows a step. To make it stronger: open with the context and the team.',
                           advice) is None
    sources = Sources("Tell me about a lost customer.", "We fixed it and repeat incidents fell by half.")
    text = ('You have a start: "repeat incidents fell by half" shows a measured result. To make it stronger: start '
            'with the findings.')
    assert any(p.startswith("advice not in the findings") for p in
               check_text(text, sources, "feedback", overall=80.0, gap_words=advice))


MISTAKE = ("At Shopwell I shipped a change to the payment service on a Friday without a tested rollback, and a "
           "database failover that nobody had practised turned it into a 2-hour payment outage. I led the incident "
           "call and I wrote the postmortem. Since then I always practise the failover before a release.")


def test_a_step_the_candidate_took_is_not_a_measured_result():
    # "I shipped" is what the candidate did, and the "2" of "2-hour outage" measures nothing: the app once
    # praised the first clause as "shows a measured result"
    a = assess("Tell me about a mistake you made.", "behavioral", MISTAKE)
    assert "a measured result" not in [s.shows for s in a.strengths]
    assert not a.criteria["quantified_result"]
    assert star.star_parts("We shipped the export two weeks early.").result     # "we shipped" is how it ended
    assert star.star_parts("I cut p99 latency by 40%.").quantified              # a change with its number


def test_follow_ups_ask_how_it_was_measured_only_about_measurements():
    a = assess("Tell me about a mistake you made.", "behavioral", MISTAKE)
    outage = next(c for c in a.claims if "2-hour" in c.text)
    assert outage.kind == "number"
    assert "measure" not in follow_up_from_findings(a)
    b = assess(QUESTION, "behavioral", STAR_ANSWER)
    assert [c.text for c in b.claims if c.kind == "result"] == [
        "failed runs dropped 80% in the first month and nobody has lost a report since"]
    assert "measure" in follow_up_from_findings(b)


@pytest.mark.parametrize("opening", [
    "Sure. At a regional grocery chain I built a demand-forecasting model for fresh produce.",
    "A concrete case: at a hosting provider I worked for, I proposed replacing hand-edited configs with Ansible.",
    "Two weeks before Black Friday, our biggest marketplace partner switched their order API without telling us.",
    "Our largest customer, about 12% of our revenue, asked us for an on-premise version.",
    "My biggest failure was a scheduling feature for a field-service app.",
])
def test_no_advice_to_give_context_the_answer_already_gives(opening):
    # dev-half strong stories whose feedback asked them to "open with one sentence of context"
    answer = f"{opening} I wrote the plan and I ran the pilot. As a result, waste fell by 20%."
    a = assess("Tell me about a time you convinced someone.", "behavioral", answer)
    assert a.criteria["situation"]
    assert "situation" not in [g.name for g in a.gaps]
    assert "context" not in a.hint


def test_the_gate_refuses_a_strength_said_to_show_what_another_shows():
    # dev-half first draft: the findings call the first quote "a trade-off", the draft said "a scale estimate"
    answer = ("The trade-off is more tooling to maintain in exchange for faster, safer releases. "
              "At 40 services, each affected service runs lint and its own tests.")
    findings = ('Strength: "The trade-off is more tooling to maintain in exchange for faster, safer releases" (a trade-off)\n'
                'Strength: "each affected service runs lint" (a scale estimate)\nGap 1: Name the main components.')
    sources = Sources("How would you set up CI for a monorepo?", answer, findings=findings)
    wrong = ('This works well: "The trade-off is more tooling to maintain in exchange for faster, safer releases" '
             'shows a scale estimate. To make it stronger, name the main components and how you would wire them.')
    right = wrong.replace("shows a scale estimate", "shows a trade-off")
    assert any(p.startswith("strength said to show something else") for p in check_text(wrong, sources, "feedback", 80.0))
    assert not any(p.startswith("strength said to show something else") for p in check_text(right, sources, "feedback", 80.0))


# Faults read on the held-out review sheet (checkpoints/generator/smollm2-findings/feedback_eval/
# review_sheet_heldout.md), each passed by the gate before.

def test_the_gate_refuses_calling_a_weak_answer_strong():
    answer = "Developers write code, fix bugs and review code every day. Sourcegraph helps them search code."
    text = ('Your answer is strong, but it talks only "Developers write code, fix bugs and review code every day". '
            "To make it stronger: say more, aim for 120-300 words, and start with a one-sentence definition.")
    sources = Sources(question="Provide examples of daily tasks.", answer=answer)
    assert any(p.startswith("praise at 34/100") for p in check_text(text, sources, "feedback", overall=34))
    # "stronger" in advice is not praise
    assert not any(p.startswith("praise") for p in check_text(text.replace("Your answer is strong, but it talks only",
                                                                           "You talk only about"), sources, "feedback", overall=34))


def test_a_follow_up_asks_how_it_was_measured_only_about_a_measurement():
    answer = ("I'd do a lower-bound search: while lo < hi, if values[mid] >= threshold set hi = mid, otherwise lo = mid + 1. "
              "On our metrics store this cut the points read from 86,400 to 17.")
    sources = Sources(question="Find the first point where the metric crossed the threshold.", answer=answer)
    bad = check_text('You mentioned "otherwise lo = mid + 1": how did you measure that?', sources, "follow_up")
    assert "asks how something that is not a measurement was measured" in bad
    good = check_text('You said "this cut the points read from 86,400 to 17": how did you measure that?', sources,
                      "follow_up")
    assert "asks how something that is not a measurement was measured" not in good


def test_no_follow_up_asks_why_the_candidate_chose_the_tool_the_question_names():
    answer = ("Docker images are made of layers. Each command in the Dockerfile creates a layer, cached between builds, "
              "so a build reruns only the steps after the first change. I keep the dependency install before COPY "
              "of the source, and I use BuildKit cache mounts for pip.")
    a = assess("Explain Docker layers", "technical", answer)
    assert "Docker" not in follow_up_from_findings(a)


def test_a_cut_quote_does_not_end_on_a_word_that_leads_into_the_cut():
    # the walkthrough showed: "In my last role I led a small team that moved our billing service to a" ...
    from interview.coaching.quotes import quote_span

    sentence = ("In my last role I led a small team that moved our billing service to a new database "
                "with no billing errors at all")
    quote = quote_span(sentence)
    assert sentence.startswith(quote)
    assert quote.split()[-1].lower() not in {"a", "an", "the", "to", "of", "and"}
    assert quote.endswith("billing service")


def test_the_gate_refuses_a_draft_that_echoes_the_prompt():
    # shown on the development half before this rule: the findings block repeated, and 'Keep the findings.'
    question = "Tell me about a time when your supervisor wasn't available when a problem arose."
    answer = "OLTP systems handle the day-to-day transactions of an application, with many small writes."
    findings = (f'Score: 0/100\nOff topic: the answer is about "OLTP systems handle the day-to-day transactions of an '
                f'application"; the question asks "{question[:-1]}".')
    sources = Sources(question, answer, findings=findings)
    echo = (f'One thing that works: Answer the question that was asked: "{question[:-1]}". Also, findings:\n{findings}')
    assert any(p.startswith("echoes the prompt") for p in check_text(echo, sources, "feedback", overall=0))
    keep = ('This works well: "OLTP systems handle the day-to-day transactions of an application" shows a clear '
            "definition. Nothing would make it stronger, so you can say it as it is. Keep the findings.")
    assert any(p.startswith("echoes the prompt") for p in check_text(keep, sources, "feedback", overall=70))
    fine = ('This works well: "OLTP systems handle the day-to-day transactions of an application" shows a clear '
            "definition. Nothing important is missing; keep it this focused when you say it out loud.")
    assert not any(p.startswith("echoes the prompt") for p in check_text(fine, sources, "feedback", overall=70))


def test_gate_refuses_praise_that_names_nothing():
    """'This works well: none yet' turns the findings' empty strength line into praise of nothing."""
    answer = "I would look at the data to see what changed and then talk to the team about it."
    sources = Sources("How would you investigate a drop in weekly active users?", answer)
    body = ('"I would look at the data to see what changed" is where you start. To make it stronger, '
            "name the metric you would check first, say which segments you would compare, and close with "
            "what you would do next if the drop came from one platform.")
    assert not any("praises nothing" in p for p in check_text(body, sources, "feedback", overall=30.0))
    for opening in ("This works well: none yet. ", "You have a start: nothing yet. "):
        assert any("praises nothing" in p for p in check_text(opening + body, sources, "feedback", overall=30.0))


def test_gate_refuses_feedback_that_says_the_same_thing_twice():
    """Browser walkthrough, 2026-12-05: 'One thing that works: "I chose the queue" shows your approach. "I chose the
    queue" also shows your approach.' A strength built on in the hint, or the question quoted twice, is no repeat."""
    answer = "I chose the queue because a slow provider would otherwise block the request. A direct call is simpler."
    sources = Sources("What other approach did you consider, and why this one?", answer)
    twice = ('One thing that works: "I chose the queue" shows your approach. "I chose the queue" also shows your '
             "approach. To make it stronger, say what the direct call would have cost you at peak load.")
    assert any(p.startswith("says twice") for p in check_text(twice, sources, "feedback", overall=42.0))
    once = ('One thing that works: "I chose the queue" shows your approach. To make it stronger, say what the direct '
            'call would have cost you at peak load. Build on "I chose the queue": add [what it cost].')
    assert not any(p.startswith("says twice") for p in check_text(once, sources, "feedback", overall=42.0))


def test_gate_refuses_a_gap_said_twice_under_two_labels():
    """Sealed half, shown from the model: 'To make it stronger: Start with the requirements and what you assume about
    users and load. Also, start with the requirements and what you assume about users and load.'"""
    answer = "I would use k-means clustering on the purchase data and describe each cluster."
    sources = Sources("How would you segment our customers?", answer)
    gap = "start with the requirements and what you assume about users and load."
    twice = f'Your answer opens with "I would use k-means clustering". To make it stronger: {gap.capitalize()} Also, {gap}'
    assert any(p.startswith("says twice") for p in check_text(twice, sources, "feedback", overall=30.0))
    once = f'Your answer opens with "I would use k-means clustering". To make it stronger: {gap.capitalize()} Also, name the metric.'
    assert not any(p.startswith("says twice") for p in check_text(once, sources, "feedback", overall=30.0))


@pytest.mark.parametrize("text, problem", [
    # novel half: the only gap was the scale estimate
    ('This works well: "I would shard by user id" shows a trade-off. Nothing important is missing, so practise '
     "saying it at the length you wrote it.", "says nothing is missing"),
    # unseen half: the only gap, a measured result, left out
    ('Good: "I would shard by user id" shows a trade-off. "I keep a queue in front of the writes" also shows your '
     "approach.", "leaves out the gap"),
    # the question of the gap replaced by a quote of the answer
    ('Good: "I would shard by user id" shows a trade-off. First, make it plain how this answers "I keep a queue": '
     "say so in your first sentence.", "leaves out the gap"),
])
def test_gate_refuses_feedback_that_drops_the_biggest_gap(text, problem):
    answer = "I would shard by user id. I keep a queue in front of the writes so that spikes wait."
    sources = Sources("Design a rate limiter for a public API", answer)
    gap = "Estimate the scale with numbers: requests per second, data size, users."
    assert any(p.startswith(problem) for p in check_text(text, sources, "feedback", overall=70.0, must_name_gap=gap))
    kept = (text.split(". ")[0] + ". To make it stronger: estimate the scale with numbers: the requests per second at "
            "peak and how many users send them, before you choose where the queue sits.")
    assert check_text(kept, sources, "feedback", overall=70.0, must_name_gap=gap) == []


def test_feedback_must_carry_the_first_gap_that_is_not_about_length():
    from types import SimpleNamespace

    from interview.coaching.assessment import Gap

    length, result = Gap("too_short", "Say more: aim for 120-300 words."), Gap("quantified_result", "Put a number on it.")
    assert gap_to_name(SimpleNamespace(gaps=[length, result])) == result.advice
    assert gap_to_name(SimpleNamespace(gaps=[result, length])) == result.advice
    assert gap_to_name(SimpleNamespace(gaps=[length])) == length.advice      # the only gap
    assert gap_to_name(SimpleNamespace(gaps=[])) == ""


@pytest.mark.parametrize("quote, question, fair", [
    ("about 1,000 orders per second at peak", "Design a high-availability system", True),
    ("within 48 hours of delivery", "What KPIs would you use for the Echo Dot?", True),
    ("There are two main goals", "Explain model poisoning", False),                     # a number word
    ("people actually finish it on day one", "Write an onboarding security checklist.", False),
    ("If an event starts within 30 minutes of the last one", "Merge events within 30 minutes into sessions.", False),
    ("otherwise lo = mid + 1", "Find the first point where the metric crossed the threshold.", False),   # code
    ("AuthError for 401 or 403", "Create a REST API client with retries.", False),
    ("Type 0 keeps the original value forever", "What is a slow changing dimension (types)?", False),  # a label
    ("L1 pushes weights to exactly zero", "Explain regularisation.", False),
    ("we moved to Python 3 in 2019", "Tell me about a migration.", True),                # the year is a fact
    ("cut p95 latency from 800 ms to 200 ms with S3 caching", "Tell me about a time you improved speed.", True),
])
def test_a_number_follow_up_is_asked_only_of_a_number_the_candidate_brought(quote, question, fair):
    from interview.coaching.feedback import _number_worth_asking

    assert _number_worth_asking(quote, question) is fair
    # A coding answer's numbers are example values, never asked about.
    assert _number_worth_asking(quote, question, "coding") is False


def test_follow_up_skips_a_number_word_for_the_next_claim_or_gap():
    from interview.coaching.assessment import assess
    from interview.coaching.feedback import follow_up_from_findings

    a = assess("Explain model poisoning.", "technical",
               "Model poisoning is an attack on training data. There are two main goals: degrade the model or "
               "plant a backdoor that a trigger activates later, while the model looks normal on clean tests.",
               role_family="security")
    assert "where does that number come from" not in follow_up_from_findings(a)


def test_a_tool_follow_up_is_asked_only_of_a_known_tool():
    from interview.coaching.assessment import assess
    from interview.coaching.feedback import follow_up_from_findings

    answer = ("Cost optimisation starts with visibility: tag everything by team and review Cost Explorer monthly. "
              "Budgets with alerts per account catch a runaway experiment within a day.")
    a = assess("How do you keep cloud spending under control?", "technical", answer, role_family="devops_sre")
    assert "choose Cost" not in follow_up_from_findings(a)
    b = assess("How would you build the dashboard?", "technical",
               "I would build it in React with a chart library, because the team already knows React well "
               "and the components are easy to test.", role_family="frontend")
    assert "Why did you choose React" in follow_up_from_findings(b)


def test_an_assumed_number_is_probed_by_scaling_it_and_a_node_is_not_a_tool():
    """Fresh review sheet, first reading: "where does that number come from?" of "Let's assume 150 people
    on one floor", and "Why did you choose node?" of a linked-list answer."""
    from interview.coaching.assessment import assess
    from interview.coaching.feedback import follow_up_from_findings
    from interview.text.star import named_things

    a = assess("Design a fridge for the office.", "system_design",
               "Let's assume 150 people on one floor share one fridge that is always full. "
               "I would add labelled shelves, a weekly clean-out and a sensor that reports the temperature.")
    assert follow_up_from_findings(a).startswith('You assumed "') and "ten times" in follow_up_from_findings(a)
    assert "node" not in named_things("Walk the list once and flip each node's next pointer to the previous node.")
    assert "node" in named_things("We moved the API from Flask to Node because the team knew JavaScript.")
    assert "lambda" not in named_things("Sort the pairs with a lambda as the key.")


def test_an_everyday_word_tool_at_a_sentence_start_is_not_asked_about():
    """Fresh review sheet: "Why did you choose rest?" of "Rest parameters collect ...", "Why did you choose
    node?" of "Node ..." at a sentence's start; the capital there says nothing."""
    from interview.coaching.feedback import best_claim

    a = assess("Explain rest parameters in JavaScript.", "technical",
               "Rest parameters collect the remaining arguments into an array. Node points are not involved. "
               "You put three dots before the last parameter, so sum(...nums) receives an array.")
    claim = best_claim(a)
    assert claim is None or claim.text.lower() not in ("rest", "node")
    b = assess("How would you build the API?", "technical",
               "I would write it in Node with Express, because the team already ships JavaScript and the "
               "handlers are easy to test.")
    assert best_claim(b) is not None and best_claim(b).text in ("Node", "Express")


def test_a_story_told_in_the_first_person_from_its_opening_is_not_told_to_say_its_task():
    """Fresh review sheet (items 127, 314, 486): "Say what you were responsible for" under "Two years ago I
    built the checkout page. I split ... I moved ..." contradicts the answer."""
    told = assess("Tell me about a time you made a page faster.", "behavioral",
                  "Two years ago I built the checkout page for our store. I split the bundle into chunks. "
                  "I moved images to a CDN. Load time fell from 4 s to 1.5 s and conversion rose 8%.")
    assert "task" not in [g.name for g in told.gaps]
    vague = assess("Tell me about a time you made a page faster.", "behavioral",
                   "Our checkout page was slow for a long time. The team met about it. We moved images to a "
                   "CDN and it got faster after that.")
    assert "task" in [g.name for g in vague.gaps]


def test_a_hedged_measurement_is_not_an_assumption_outside_design_answers():
    """Fresh sheet, second reading, item 37: 'You assumed "Offline precision at our alert threshold stuck around
    0.3": what would change in your design at ten times that?' of a behavioural answer."""
    from interview.coaching.feedback import is_assumption

    assert not is_assumption("Offline precision at our alert threshold stuck around 0.3", "behavioral")
    assert is_assumption("about 10,000 users a day", "system_design")
    assert is_assumption("Let's assume 150 people on one floor", "behavioral")


def test_code_is_not_quoted_as_a_criterion_the_prose_meets():
    """Fresh sheet, both readings, item 1: the code 'def reverse(head): prev = None; ...' was quoted as "the edge
    cases" while the sentence that names them was not."""
    answer = ("I'd walk the list once with three pointers, O(n) time and O(1) space. def reverse(head): prev = None; "
              "curr = head; while curr: nxt = curr.next; curr.next = prev; prev = curr; curr = nxt; return prev. "
              "Edge cases: an empty list returns None and a single node returns itself.")
    met = check_criteria("coding", answer)
    assert met["edge_cases"].startswith("Edge cases")
    assert check_criteria("coding", "def f(x): return x if x is not None else 0")["edge_cases"] is None


def test_a_short_answer_is_told_to_add_what_its_question_type_needs():
    from interview.coaching.assessment import Gap, rewrite_hint

    answer = "I'd loop through the array and recurse on nested arrays."
    gap = Gap("too_short", "Say more.")
    assert "[what you did]" in rewrite_hint(gap, "We shipped it.", "Tell me about a launch.", "behavioral")
    assert "[its complexity]" in rewrite_hint(gap, answer, "Flatten a nested array.", "coding")
    assert "[how it works]" in rewrite_hint(gap, "It caches pages.", "What is a CDN?", "technical")
    assert "[what you did]" not in rewrite_hint(gap, answer, "Flatten a nested array.", "coding")


def test_the_measured_result_is_the_storys_outcome_not_its_opening_number():
    """Sealed review sheet, items 8 and 23: the scene's number ("dropped to 11 percent") was praised as
    the measured result while the story's real outcome, at its end, went unnamed."""
    story = ("Sales said trial-to-paid conversion had dropped to 11 percent. I asked each team's analyst to walk "
             "me through their definition. I rebuilt the metric on trials by start date. As a result conversion "
             "went from 13 to 14.5 percent and the planned revert was stopped. Since then I always check the "
             "definition first, on day one.")
    met = check_criteria("behavioral", story)["quantified_result"]
    assert met is not None and "13 to 14.5 percent" in met


def test_a_technical_limit_is_a_cost_not_a_choice_named_with_instead_of():
    """Sealed review sheet, items 19 and 26: "instead of" sentences were quoted as "its limits"."""
    benefit = ("Multipart upload splits a file into parts. A failed part can be retried alone instead of "
               "restarting the whole file.")
    assert check_criteria("technical", benefit)["tradeoffs"] is None
    limit = benefit + " The downside is that unfinished uploads keep costing storage until you abort them."
    assert check_criteria("technical", limit)["tradeoffs"].startswith("The downside")
    # a design's trade-off may still be a choice between two options
    assert check_criteria("system_design", "I'd use a queue instead of direct calls to absorb spikes.")["tradeoffs"]


def test_a_number_in_an_explanation_gets_no_where_from_follow_up_but_an_assumption_is_scaled():
    from interview.coaching.feedback import _number_worth_asking, is_assumption

    # a convention or an illustration in a technical answer has no source to ask about
    assert not _number_worth_asking("A p-value of 0.05 means the result is unlikely under the null", "What is a p-value?",
                                    "technical")
    # a number from the candidate's own work does
    assert _number_worth_asking("On our servers one hash takes roughly 250 milliseconds", "How do you store passwords?",
                                "technical")
    # "the US" is a country, not the candidate's own work
    assert not _number_worth_asking("typically around 2 to 3% in the US", "What is a good churn rate?", "technical")
    # "Say 25 services ..." sets up a design's assumption, which is probed by scaling it
    assert is_assumption("Say one city, six months, 20 million requests", "system_design")
    assert is_assumption("Scale: say 25 services in a monorepo", "system_design")
    assert not is_assumption("They say we had 140 jobs", "behavioral")


def test_a_short_answer_is_not_asked_to_add_what_it_already_shows():
    """Walkthrough: 'One thing that works: "..." gives how it works' followed by 'add [how it works] and [an
    example from your work]' in the same feedback."""
    from interview.coaching.assessment import Gap, rewrite_hint

    shows_how = "Caching works by keeping a copy of the page close to the user, so the origin is asked less often."
    hint = rewrite_hint(Gap("too_short", "Say more."), shows_how, "How does a CDN work?", "technical")
    assert "[how it works]" not in hint and "[an example from your work]" in hint
    vague = "It is a network of servers. It is useful for websites."
    hint = rewrite_hint(Gap("too_short", "Say more."), vague, "How does a CDN work?", "technical")
    assert "[how it works] and [an example from your work]" in hint


def test_gate_refuses_a_draft_cut_inside_a_placeholder():
    """A walkthrough showed 'Cut to your three main points: [point 1], [point 2], [point 3.'."""
    answer = "It ended well. I built a one-page monthly report and the director adopted it as the official one."
    sources = Sources("How did it end?", answer)
    head = 'Good: "I built a one-page monthly report" shows a step you took yourself. To make it stronger: keep it short.'
    cut = head + " Cut to your three main points: [point 1], [point 2], [point 3."
    assert "an unclosed [placeholder]" in check_text(cut, sources, "feedback", overall=70.0)
    assert "an unclosed [placeholder]" not in check_text(cut[:-1] + "3].", sources, "feedback", overall=70.0)
