"""The feedback's first sentence, set from the findings before the model writes the rest
(interview/coaching/feedback.py feedback_opening), on both generator engines.

Left to itself the adapter's greedy first draft opened an on-topic answer with the off-topic sentence,
an off-topic one with a strength it did not have, or turned "Strength: none yet" into praise of nothing
(development half). The opening is how the training targets begin, so the model continues text of the
kind it was trained on."""
import pytest

from interview.coaching.assessment import assess
from interview.coaching.feedback import feedback_from_findings, feedback_opening, feedback_sources, write_feedback
from interview.coaching.gate import Sources, check_text, names_the_answer

INDEX_Q = "What is an index in a relational database, and when would you not add one?"
STRONG = ("An index is a B-tree on one or more columns that lets the database find rows without scanning the "
          "table. For example I added one on orders.customer_id and the lookup went from 900 ms to 4 ms. I would "
          "not add one on a column that is written far more than it is read, because every insert updates it.")
NO_STRENGTH = ("Indexes in a relational database matter a lot, and you have to think about the database tables "
               "when you decide on an index.")
OFF_TOPIC = ("REST is an architectural style for APIs: resources are named by URLs and changed with the HTTP "
             "verbs, and every request carries all the state the server needs.")


@pytest.fixture(scope="module")
def assessed(encoder):
    return {kind: assess(INDEX_Q, "technical", answer, encoder=encoder)
            for kind, answer in (("strong", STRONG), ("no_strength", NO_STRENGTH), ("off_topic", OFF_TOPIC))}


def test_the_opening_is_how_the_training_targets_begin(assessed):
    strong, bare, off = assessed["strong"], assessed["no_strength"], assessed["off_topic"]
    assert strong.strengths and not strong.off_topic and not bare.strengths and not bare.off_topic and off.off_topic
    # the whole first sentence: the quote and what it shows (said with "shows", which reads for every label:
    # "gives how it works" did not)
    assert feedback_opening(strong).startswith(feedback_opening(strong, "quote"))
    assert f'" shows {strong.strengths[0].shows}.' in feedback_opening(strong)
    assert feedback_opening(strong, "quote").endswith(f'"{strong.strengths[0].quote}"')
    assert feedback_opening(bare).startswith("Your answer opens with") and feedback_opening(off).startswith(
        "Your answer is about")
    for a in assessed.values():
        opening = feedback_opening(a)
        # the code-written text in its first phrasing is the training targets' most common opening
        assert feedback_from_findings(a).startswith(opening)
        assert names_the_answer(opening, a.answer)
        # an opening never says what the gate refuses of a finished text (off topic, praise of nothing)
        target = feedback_from_findings(a)
        problems = check_text(target, feedback_sources(a, Sources(a.question, a.answer)), "feedback",
                              overall=a.overall, off_topic=a.off_topic)
        assert problems == [], problems
    # the experiment settings: through the quote, the opening's words only, or nothing set
    assert feedback_opening(strong, "words").endswith(': "') and feedback_opening(strong, "") == ""
    for a in assessed.values():
        assert feedback_opening(a).startswith(feedback_opening(a, "quote"))


def test_a_second_strength_is_set_with_the_first_when_the_targets_give_one(assessed):
    """Left to the model after the first sentence, a second strength was misquoted or put under 'To make it
    stronger:'; when the findings leave room for it (fewer than two gaps), the code sets it too."""
    from dataclasses import replace

    strong = assessed["strong"]
    assert len(strong.strengths) > 1
    two = replace(strong, gaps=strong.gaps[:1])
    second = f'"{two.strengths[1].quote}" also shows {two.strengths[1].shows}.'
    assert feedback_opening(two).endswith(" " + second) and feedback_from_findings(two).startswith(feedback_opening(two))
    crowded = replace(strong, gaps=[*strong.gaps, *strong.gaps][:2]) if strong.gaps else None
    if crowded is not None and len(crowded.gaps) == 2:
        assert "also shows" not in feedback_opening(crowded)


def test_every_draft_continues_the_opening(monkeypatch, assessed):
    """Greedy and sampled drafts alike are asked to continue the opening: one path for the app's page
    (coach.feedback_stream) and the CLI, evaluation and batch scoring (all call write_feedback)."""
    import interview.generation.generator as generator

    asked = []

    def fake_complete(gen, messages, prefix="", **kw):
        asked.append(prefix)
        return prefix + " I wrote my answer well."   # as the candidate: every draft fails, so all are asked for

    monkeypatch.setattr(generator, "complete", fake_complete)
    a = assessed["no_strength"]
    w = write_feedback(object(), a, Sources(INDEX_Q, a.answer))
    # the redrafts start where the gaps start (the opening, then "To make it stronger:")
    opening = feedback_opening(a)
    assert asked == [opening, f"{opening} To make it stronger:", f"{opening} To make it stronger:"]
    assert all(d["text"].startswith(opening) for d in w.drafts)


@pytest.mark.slow
def test_both_engines_read_the_opening_as_part_of_the_prompt(generator, assessed):
    """The torch path and llama.cpp tokenize prompt and opening as one string (as training tokenized prompt
    and target) and return the opening followed by the model's continuation."""
    from interview.generation import prompts
    from interview.generation.generator import complete, prompt_encoding
    from interview.models import llama_backend

    from interview.coaching.feedback import findings_block

    a = assessed["strong"]
    messages = prompts.feedback_messages(a.question, findings_block(a))
    opening = feedback_opening(a)
    plain = prompt_encoding(generator.tokenizer, messages)["input_ids"][0].tolist()
    ids = prompt_encoding(generator.tokenizer, messages, opening)["input_ids"][0].tolist()
    assert ids[: len(plain)] == plain and generator.tokenizer.decode(ids[len(plain):]) == opening
    text = complete(generator, messages, max_new_tokens=30, temperature=0.0, repetition_penalty=1.0, prefix=opening)
    assert text.startswith(opening) and len(text) > len(opening) + 10
    if not llama_backend.available():
        return
    from interview.models.loading import load_generator

    llama = load_generator(backend="llama")
    assert llama.model.prompt_ids(messages, opening) == ids
    text = complete(llama, messages, max_new_tokens=30, temperature=0.0, repetition_penalty=1.0, prefix=opening)
    assert text.startswith(opening) and len(text) > len(opening) + 10
