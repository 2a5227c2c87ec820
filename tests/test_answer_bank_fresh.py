"""The fresh answer-bank check only appends: collecting a new batch keeps the rows already drawn (and judged)
as they are, and the lookup never looks a question up twice (training/answer_bank/evaluate_fresh.py).
No network, no model, no mirrors: the sources are read by a fake reader."""
from types import SimpleNamespace

from training.answer_bank.evaluate_fresh import _norm, draw, look_up_new

LISTS = {
    "a/old": [f"What is old topic {i}?" for i in range(30)],
    "b/new": [f"What is new topic {i}?" for i in range(10)] + ["What is old topic 3?", "What is a bank topic?",
                                                               "Tell me about your last project?"],
}


def read(repo, commit, how):
    return [(q, "README.md") for q in LISTS[repo]]


LEGACY = ("a/old", "c" * 40, "MIT", "devops_sre", "technical", "x:README.md")
NEW = ("b/new", "d" * 40, "MIT", "security", "technical", "x:README.md", 500, 5)
REST = ("a/old", "c" * 40, "MIT", "devops_sre", "technical", "x:README.md", 500, 5)   # the rest of the old list
BANK = {_norm("What is a bank topic?")}


def test_a_new_batch_is_appended_and_the_rows_already_there_stay():
    first = draw([LEGACY], [], BANK, read)
    assert len(first) == 25 and [r["id"] for r in first] == [f"fresh-{i:03d}" for i in range(1, 26)]
    assert all("batch" not in r for r in first)
    kept = [dict(r) for r in first]

    second = draw([LEGACY, NEW, REST], first, BANK, read)
    assert second[:25] == kept                                      # not redrawn, not renumbered
    added = second[25:]
    assert [r["id"] for r in added] == [f"fresh-{i:03d}" for i in range(26, 26 + len(added))]
    assert {r["batch"] for r in added} == {5}
    new = {r["question"] for r in added if r["source"] == "b/new"}
    # the new list without a bank question or a personal one; "old topic 3" only if no earlier draw has it
    assert new - {"What is old topic 3?"} == set(LISTS["b/new"][:10])
    questions = [r["question"] for r in second]
    assert len(questions) == len(set(questions))                      # no question drawn twice
    assert set(LISTS["a/old"]) <= set(questions)                       # the rest of the old list came in

    assert draw([LEGACY, NEW, REST], second, BANK, read) == second   # collecting again adds nothing


def test_a_later_batch_draw_does_not_depend_on_the_order_of_the_sources():
    base = draw([LEGACY], [], BANK, read)
    one = draw([LEGACY, NEW, REST], base, BANK, read)
    two = draw([LEGACY, REST, NEW], base, BANK, read)
    key = lambda rows: sorted((r["source"], r["question"]) for r in rows)   # noqa: E731
    assert key(one) == key(two)


def test_lookup_only_looks_up_questions_without_a_row():
    questions = [{"id": f"fresh-{i:03d}", "question": f"q{i}", "role_family": "security"} for i in range(1, 5)]
    judged = [{**questions[0], "shown": True, "score": 0.9, "bank_question": "old", "bank_answer": "old answer",
               "bank_source": "x/y"}]
    asked = []

    def lookup(question, family):
        asked.append(question)
        return SimpleNamespace(score=0.91234, question="bq", answer="ba", source_repo="s/r") if question == "q2" else None

    rows = look_up_new(questions, judged, lookup)
    assert asked == ["q2", "q3", "q4"]                     # q1 already has its row: not looked up again
    assert rows[0] == judged[0]
    assert [r["shown"] for r in rows] == [True, True, False, False]
    assert rows[1]["score"] == 0.9123 and rows[1]["bank_answer"] == "ba"
    assert look_up_new(questions, rows, lookup) == rows and len(asked) == 3


def test_star_sections_reads_technical_sections_and_leaves_out_questions_about_the_candidate():
    from training.answer_bank.fresh_sources import _star_sections

    text = """#### [[⬆]](#toc) <a name='contributors'>Contributors:</a>
* [someone](https://github.com/someone)
#### [[⬆]](#toc) <a name='general'>General Questions:</a>
* Talk about your preferred development environment.
* Why we must choose you?
* What is an [HTTP](https://x) proxy and how does it work?
#### [[⬆]](#toc) <a name='fun'>Fun Questions:</a>
* What is the funniest command you know?
#### [[⬆]](#toc) <a name='mysql'>MySQL questions:</a>
* How do you create a user in `MySQL`?
"""
    assert _star_sections(text) == ["What is an HTTP proxy and how does it work?", "How do you create a user in MySQL?"]


def test_second_reading_keeps_verdicts_of_unchanged_answers_and_asks_for_new_ones():
    from training.answer_bank.evaluate_fresh import compare_readings

    rows = [{"id": "f1", "question": "q1", "role_family": "x", "shown": True, "bank_question": "b1"},
            {"id": "f2", "question": "q2", "role_family": "x", "shown": True, "bank_question": "b2"},
            {"id": "f3", "question": "q3", "role_family": "x", "shown": False, "bank_question": None},
            {"id": "f4", "question": "q4", "role_family": "x", "shown": True, "bank_question": "b4"}]
    verdicts = {"f1": {"verdict": "yes"}, "f2": {"verdict": "partly"}, "f4": {"verdict": "no"}}
    now = {"q1": "b1", "q3": "b3", "q4": "b4-other"}          # q2 refused now; q3 and q4 shown anew

    def lookup(question, family):
        return SimpleNamespace(question=now[question], score=0.9, answer="a") if question in now else None

    result = compare_readings(rows, verdicts, lookup, {"f3": {"bank_question": "b3", "verdict": "yes"}})
    assert result["kept"] == {"yes": 1} and result["refused_now"] == {"partly": 1, "no": 1}
    assert result["shown_anew"] == {"yes": 1} and result["unjudged"] == ["f4"]
    assert result["shown_now"] == 3 and result["on_topic_rate_now"] == 1.0
    stale = compare_readings(rows, verdicts, lookup, {"f3": {"bank_question": "another", "verdict": "yes"}})
    assert stale["unjudged"] == ["f3", "f4"]                   # a verdict of another answer does not count
