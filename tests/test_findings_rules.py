"""Rules of the code-written findings that a job seeker read as wrong: an empty "because" taken as how it works, an
employer counted as a tool, "Missing: situation" under a story that opens with it, a follow-up's answer held to a
whole answer's length and parts, product cases given software-design gaps, Big-O asked of a SQL query, labelled
edge cases read as code, "Why did you choose Java?" of a tool named in passing. No models: assess without an
encoder uses the lexical relevance rule."""
import pytest

from interview.text import star
from interview.coaching.assessment import _keep_for, assess, quote_span
from interview.coaching.criteria import check_criteria, criteria_for, criteria_kind
from interview.coaching.follow_ups import _number_worth_asking, best_claim, follow_up_from_findings
from interview.coaching.scoring import ScoringOptions, score_answer


# ----------------------------------------------------------------------------- how it works

def test_a_because_that_names_nothing_is_not_how_it_works():
    vague = "Kafka is a log. It is hard because there are a lot of things going on."
    assert check_criteria("technical", vague)["mechanism"] is None
    assert not star.explains_mechanism(vague)
    said = "Kafka is a log. Consumers can replay it because each partition keeps its offsets on the broker."
    assert check_criteria("technical", said)["mechanism"].startswith("Consumers can replay")


def test_a_condition_and_its_consequence_is_how_it_works_but_a_habit_is_not():
    answer = ("Init containers run before the app containers. If one fails, the kubelet restarts it according to "
              "the restart policy.")
    assert check_criteria("technical", answer)["mechanism"].startswith("If one fails")
    habit = "When I run an A/B test, I fix the sample size in advance. It is a good practice."
    assert check_criteria("technical", habit)["mechanism"] is None


def test_a_mechanism_quote_keeps_the_condition_with_what_follows_from_it():
    sentence = ("If the load average is high, the server is overloaded and you should check what is using the "
                "CPU and the memory on that box.")
    mechanism = next(c for c in criteria_for("technical") if c.name == "mechanism")
    assert quote_span(sentence, keep=_keep_for(mechanism)) == "If the load average is high, the server is overloaded"


# ----------------------------------------------------------------------------- named tools

def test_an_employer_a_school_or_a_nationality_is_not_a_named_tool():
    answer = ("At Confluent I moved our ingestion to Kafka. Later I joined Dropbox, where the Canadian Digital "
              "Service team asked for Terraform.")
    tools = star.named_tools(answer)
    assert {"kafka", "terraform"} <= set(tools)
    assert not {"confluent", "dropbox", "canadian", "digital"} & set(tools)
    reason = score_answer("How do you manage infrastructure?", answer, "technical").get("specificity").reason
    assert "confluent" not in reason and "dropbox" not in reason and "kafka" in reason
    # the gate still sees every name: an employer the model invents is a fact to refuse
    assert "dropbox" in star.named_things(answer)


# ----------------------------------------------------------------------------- the situation and the steps

@pytest.mark.parametrize("opening", [
    "An external system changed its format without telling us and our nightly pipeline broke before a deadline.",
    "One big customer wanted a custom feature that did not fit our roadmap.",
    "I had a disagreement with a coworker about how to structure the state of our app.",
])
def test_a_story_that_opens_with_its_scene_has_its_situation(opening):
    answer = opening + " I rewrote the parser and added a contract test. It has not broken since."
    assert star.star_parts(answer).situation
    assert check_criteria("behavioral", answer)["situation"] == opening
    a = assess("Tell me about a time something broke.", "behavioral", answer)
    assert "situation" not in {g.name for g in a.gaps}
    assert "situation" not in a.rubric.missing


def test_an_explanation_or_a_step_is_not_a_scene():
    assert not star.opens_with_scene(["A star schema has a central fact table and denormalized dimensions.",
                                      "Queries join them."])
    assert not star.opens_with_scene(["I automated the server patching with Ansible.", "It saved time."])


def test_a_step_in_a_clause_that_sets_the_time_is_not_the_candidates_step():
    assert not star.star_parts("Before I joined, the team had already planned a complex rewrite.").action
    assert star.star_parts("I profiled the job for two days before I changed anything.").action


# ----------------------------------------------------------------------------- the answer to a follow-up

FOLLOW_UP_Q = ("Tell me about a time you made a pipeline more reliable. You said failed jobs dropped 80%: "
               "how did you measure that?")
FOLLOW_UP_A = ("I counted failed runs in the scheduler's task history for the four weeks before and after the "
               "change: 41 failures before and 8 after, on the same 140 nightly jobs, and the on-call pages fell "
               "from 9 to 2.")


def test_a_follow_up_answer_is_held_to_a_follow_up_length_and_no_story_parts():
    whole = assess(FOLLOW_UP_Q, "behavioral", FOLLOW_UP_A)
    a = assess(FOLLOW_UP_Q, "behavioral", FOLLOW_UP_A, opts=ScoringOptions(use_judge=False, follow_up=True))
    assert "120-300" in whole.rubric.get("length").reason and whole.rubric.get("length").score < 5
    assert a.rubric.get("length").score == 5 and "aim for 30-120" in a.rubric.get("length").reason
    assert "structure" not in {d.name for d in a.rubric.dimensions} and a.rubric.missing == []
    assert "structure" not in a.rubric.summary()
    assert not {"situation", "task", "reflection", "too_short"} & {g.name for g in a.gaps}
    assert a.overall > whole.overall


def test_a_follow_up_answer_that_is_too_short_or_vague_is_told_so():
    a = assess(FOLLOW_UP_Q, "behavioral", "We looked at it and it was better.",
               opts=ScoringOptions(use_judge=False, follow_up=True))
    gaps = {g.name: g.advice for g in a.gaps}
    assert "too_short" in a.flags
    assert gaps["too_short"] == "Say more: aim for 30-120 words, under a minute."
    assert "specifics" in gaps


# ----------------------------------------------------------------------------- kinds of question within a type

@pytest.mark.parametrize("question, kind", [
    ("How would you monetize Twitter?", "case"),
    ("Given a dataset of property listings with prices, build a price estimation model.", "case"),
    ("What is a product you use every day, and how would you improve it?", "case"),
    ("Design Whatsapp", "system_design"),
    ("Design a system that powers a real-time analytics dashboard.", "system_design"),
    ("Design a feature store for a company with 10 ML models in production.", "system_design"),
])
def test_a_product_or_analytics_case_banked_as_system_design_is_told_apart(question, kind):
    assert criteria_kind(question, "system_design") == kind


def test_a_product_case_gets_no_software_design_gaps():
    answer = ("Twitter could make money with more ads and a paid subscription. The goal is revenue without "
              "hurting engagement, so I would measure daily active users and ad revenue per user. First I would "
              "segment users by how much they post, then test a subscription with the heaviest posters.")
    a = assess("How would you monetize Twitter?", "system_design", answer, role_family="product_management")
    names = {g.name for g in a.gaps}
    assert not {"requirements", "components", "scale", "data_model", "bottlenecks"} & names
    assert a.criteria["goal"] and a.criteria["framework"]


def test_a_query_question_is_not_asked_for_big_o():
    assert criteria_kind("Write a query to list employees with the same salary.", "coding") == "query"
    a = assess("Write a query to list employees with the same salary.", "coding",
               "I would self-join the employees table on salary where the ids differ, and select distinct names.")
    assert "complexity" not in {g.name for g in a.gaps}
    assert "complexity" not in follow_up_from_findings(a)
    assert criteria_kind("Implement an LRU cache.", "coding") == "coding"


# ----------------------------------------------------------------------------- what the answer already has

def test_labelled_edge_cases_and_tests_with_code_examples_are_found():
    answer = ("I'd use backtracking over the sorted input. Edge cases: empty input returns [[]], a single element "
              "returns [[], [x]]. Tests: [1,2,3] gives 8 subsets and [1,2,2] gives 6.")
    met = check_criteria("coding", answer)
    assert met["edge_cases"].startswith("Edge cases:") and met["tests"].startswith("Tests:")


def test_a_definition_or_an_approach_said_as_what_the_thing_does_is_found():
    defined = ("A calibration curve, also called a reliability diagram, checks whether predicted probabilities "
               "mean what they say. You bin the predictions into ten buckets.")
    assert check_criteria("technical", defined)["definition"].startswith("A calibration curve")
    assert check_criteria("coding", "CUSUM adds up the differences from the mean. Then I reset the sum.")["approach"]
    assert check_criteria("technical", "I think so. You bin the predictions.")["definition"] is None


# ----------------------------------------------------------------------------- follow-ups

def test_a_tool_named_in_passing_is_not_asked_about_as_a_choice():
    passing = assess("What are init containers?", "technical",
                     "Init containers run before the app starts. For example, a Java service needed a trust store, "
                     "so an init container built it into a shared volume.")
    assert "choose Java" not in follow_up_from_findings(passing)
    chose = assess("How would you build the event pipeline?", "technical",
                   "I would use Kafka for the events, because consumers can replay the log after a failure.")
    assert best_claim(chose) is not None and "choose Kafka" in follow_up_from_findings(chose)


def test_a_number_that_sizes_a_story_or_states_a_convention_is_not_asked_where_it_comes_from():
    assert not _number_worth_asking("We had around 140 jobs", "Tell me about a decision.", "behavioral")
    assert _number_worth_asking("failed runs dropped from 11 to 2 a month", "Tell me about a decision.", "behavioral")
    assert not _number_worth_asking("We compare it with a significance level, often 0.05", "What is a p-value?",
                                    "technical")
    assert _number_worth_asking("we cut p95 latency from 900 to 300 ms", "What is caching?", "technical")


def test_a_list_is_no_definition_and_in_practice_mid_sentence_is_no_example():
    listed = "IAM best practices are things like using least privilege and MFA. You should review permissions."
    assert check_criteria("technical", listed)["definition"] is None
    admitted = "You can randomise by city. I would need to read more about it before doing it in practice."
    assert check_criteria("technical", admitted)["example"] is None
    assert check_criteria("technical", "Sharding splits data. In practice, we keyed it by tenant.")["example"]
    own = "A security group is a stateful firewall. My database group allows 5432 only from the app-tier group."
    assert check_criteria("technical", own)["example"].startswith("My database group")


def test_a_delivery_or_operations_process_is_not_asked_for_a_data_model():
    question = "Design a CI/CD pipeline for 20 microservices with strict compliance requirements."
    assert criteria_kind(question, "system_design") == "process"
    assert "data_model" not in {c.name for c in criteria_for("process")}
    a = assess(question, "system_design", "Each pull request runs lint, unit tests and a scan, then the image is "
               "built once and promoted through staging and production by a GitOps repo.")
    assert "data_model" not in {g.name for g in a.gaps}
    assert criteria_kind("Design a data pipeline that deploys models nightly.", "system_design") == "system_design"


def test_a_short_follow_up_answer_is_asked_for_one_concrete_point_not_a_story():
    from interview.coaching.assessment import Gap, rewrite_hint

    hint = rewrite_hint(Gap("too_short", ""), "I compared failed jobs before and after the change.", FOLLOW_UP_Q,
                        "follow_up")
    assert "[a number, a tool or a name] and [how you know]" in hint and "[what you did]" not in hint


# ----------------------------------------------------------------------------- limits said outright

@pytest.mark.parametrize("said", [
    "The costs are storage for three copies and extra latency.",
    "Other limits: same availability zone only, and no boot volumes.",
    "Every action recomputes the lineage, so I avoid collect on large data.",
    "Unlike a decorator, a proxy keeps the object's behaviour and controls access to it.",
])
def test_a_cost_or_limit_said_outright_is_its_limits(said):
    answer = "A medallion lakehouse keeps raw, cleaned and business tables in layers. " + said
    assert check_criteria("technical", answer)["tradeoffs"] == said


@pytest.mark.parametrize("said", [
    "If a client goes over the limit, we block it for a minute.",
    "Autoscaling waits five minutes before scaling down to avoid flapping.",
    "The inference cost is close to a much smaller dense model.",
    "The job alerts if the two counts differ by more than one percent.",
])
def test_a_limit_word_that_names_no_drawback_is_not_its_limits(said):
    answer = "A rate limiter counts requests per key in a window. " + said
    assert check_criteria("technical", answer)["tradeoffs"] is None
