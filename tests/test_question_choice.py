"""Which candidate the question writer keeps (interview/generation/generator.py `generate_question`), with
a scripted sampler, encoder and router so the rules are checked, not the models: the topic rotation
between rounds (interview/documents/posting.py `topic_order`), the story-prompt preference for
behavioural questions, the concept preference for technical ones (and another round when no candidate
asks about a concept), the dangling-reference rejection (interview/generation/question_fit.py), and the
router's confidence as a tie-breaker between candidates of the planned type."""
import hashlib
import re

import numpy as np
import pytest

from interview.documents.posting import PostingFacts, topic_order
from interview.generation import generator as gen_mod
from interview.generation.generator import GenerationOptions, generate_question
from interview.generation.question_fit import concept_form, off_role_reason, story_form
from interview.routing.route import QuestionType

FACTS = PostingFacts(skills=["software development", "Terraform", "Kubernetes"])


class Encoder:
    """A unit vector per text from its hash: distinct texts are nearly orthogonal (no repeats)."""

    def encode(self, texts, normalize_embeddings=True):
        vecs = [np.random.default_rng(int(hashlib.md5(t.encode()).hexdigest()[:8], 16)).normal(size=64) for t in texts]
        return np.array([v / np.linalg.norm(v) for v in vecs])


def scripted(monkeypatch, by_topic: dict[str, list[str]], default: list[str]):
    """_sample returns the candidates scripted for the topic the prompt asks about; records the topics."""
    asked: list[str] = []

    def sample(gen, messages, opts, n):
        m = re.search(r"Write one interview question about <<<(.*?)>>>", messages[-1]["content"])
        asked.append(m.group(1) if m else "")
        return list(by_topic.get(asked[-1], default))

    monkeypatch.setattr(gen_mod, "_sample", sample)
    return asked


def in_rounds(monkeypatch, *rounds: list[str]) -> list[int]:
    """_sample returns the candidates of each round in turn; one entry a round sampled."""
    left, calls = iter(rounds), []

    def sample(gen, messages, opts, n):
        calls.append(1)
        return next(left)

    monkeypatch.setattr(gen_mod, "_sample", sample)
    return calls


def router(types: dict[str, tuple[str, float]]):
    def classify(text):
        qtype, p = types.get(text, ("technical", 0.5))
        return QuestionType(type=qtype, scores={qtype: p})
    return classify


def test_topics_are_tried_in_order_first_the_unnamed_ones():
    assert topic_order(FACTS) == ["software development", "Terraform", "Kubernetes"]
    assert topic_order(FACTS, ["How would you roll back a bad Terraform apply?"]) == \
        ["software development", "Kubernetes", "Terraform"]
    assert topic_order(PostingFacts()) == []


def test_a_round_whose_candidates_name_no_skill_asks_about_the_next_topic(monkeypatch):
    asked = scripted(monkeypatch, {
        "software development": ["What is the difference between a bug and a defect?",
                                 "Explain what good code looks like in general."],
        "Terraform": ["What happens when a Terraform apply fails halfway?"],
    }, default=["What is a race condition?"])
    q = generate_question(None, Encoder(), "SRE Developer", "Terraform on AWS", "medium", "technical",
                          opts=GenerationOptions(seed=1), posting=FACTS, role_family="devops_sre")
    assert asked == ["software development", "Terraform"]   # the second round asked about the next topic
    assert q.text == "What happens when a Terraform apply fails halfway?"


def test_the_search_stops_after_skill_rounds_and_keeps_the_best(monkeypatch):
    asked = scripted(monkeypatch, {}, default=["What is the difference between a bug and a defect?"])
    q = generate_question(None, Encoder(), "SRE Developer", "", "medium", "technical",
                          opts=GenerationOptions(seed=1, skill_rounds=2), posting=FACTS)
    assert asked == ["software development", "Terraform"]
    assert q.text == "What is the difference between a bug and a defect?"


def test_a_behavioural_story_prompt_is_kept_over_a_riddle_and_sought_for_another_round(monkeypatch):
    riddle = "How did you meet a partner that you both agreed to dedicate the entire team to?"
    story = "Tell me about a time you had to deliver a critical component on time."
    calls = in_rounds(monkeypatch, [riddle], [story])
    classify = router({riddle: ("behavioral", 0.99), story: ("behavioral", 0.6)})
    q = generate_question(None, Encoder(), "SRE Developer", "", "medium", "behavioral", classify=classify,
                          opts=GenerationOptions(seed=1), posting=FACTS)
    assert len(calls) == 2 and q.text == story


def test_the_routers_confidence_breaks_ties_between_candidates_of_the_planned_type(monkeypatch):
    sure = "What happens when a Terraform plan and the real state disagree?"
    unsure = "Explain Terraform state in the context of your department."
    scripted(monkeypatch, {}, default=[unsure, sure])
    classify = router({sure: ("technical", 0.99), unsure: ("technical", 0.40)})
    q = generate_question(None, Encoder(), "SRE Developer", "", "medium", "technical", classify=classify,
                          opts=GenerationOptions(seed=1), posting=PostingFacts(skills=["Terraform"]))
    assert q.text == sure


@pytest.mark.parametrize("question, expected", [
    ("Tell me about a time you had to lead a team through a major change.", True),
    ("Describe a situation where you had to rebuild a data pipeline.", True),
    ("You are asked to describe a time you managed two databases at once. What did you do?", True),
    ("What happened the last time you shipped a bug to production?", True),
    ("Give me an example of a conflict with a manager and how it ended.", True),
    ("How did you meet a partner that you both agreed to dedicate the entire team to?", False),
    ("Describe the difference between TCP and UDP.", False),
    ("What would you say to a colleague who never wrote a statistic?", False),
])
def test_story_form(question, expected):
    assert story_form(question) is expected


@pytest.mark.parametrize("question, reason", [
    ("You mentioned security vulnerabilities in your last message. What are they?", "dangling"),
    ("Explain enterprise architecture with the user who asked it.", "dangling"),
    ("Explain the difference between the technical and practical aspects of this task.", "dangling"),
    ("Tell me about a time you were asked to redesign a service no one used.", None),
    ("What is the difference between a process and a thread?", None),
])
def test_dangling_references_are_rejected(question, reason):
    assert off_role_reason(question, "Backend Engineer", "Go services.", "software_engineering") == reason


@pytest.mark.parametrize("question, expected", [
    ("What happens when a Terraform plan and the real state disagree?", True),
    ("Explain the difference between a process and a thread.", True),
    ("How does a Kubernetes pod get its IP address?", True),
    ("Why is idempotency important for a retrying client?", True),
    ("How would you describe the architecture of a framework you've never used before?", False),
    ("You have a technical question about data science. How would you describe it?", False),
    ("How do you approach security monitoring in a new role?", False),
    # opens as a concept question, then asks what the candidate knows or did
    ("Explain what you know about service design and how it differs from other approaches.", False),
    ("What do you know about the frontend development process and your own experience?", False),
    ("What happens when you run terraform apply twice?", True),
])
def test_concept_form(question, expected):
    assert concept_form(question) is expected


def test_a_technical_question_about_a_concept_ranks_above_one_about_the_candidate(monkeypatch):
    concept = "What happens when a Terraform plan and the real state disagree?"
    personal = "How would you describe Terraform state from your own experience?"
    scripted(monkeypatch, {}, default=[personal, concept])
    classify = router({concept: ("technical", 0.9), personal: ("technical", 0.9)})
    q = generate_question(None, Encoder(), "SRE Developer", "", "medium", "technical", classify=classify,
                          opts=GenerationOptions(seed=1), posting=PostingFacts(skills=["Terraform"]))
    assert q.text == concept


def test_a_technical_question_about_the_candidate_is_sought_past_for_a_concept_question(monkeypatch):
    personal = "Explain what you know about Terraform and how you used it."
    concept = "What happens when a Terraform plan and the real state disagree?"
    calls = in_rounds(monkeypatch, [personal], [concept])
    # the router is surer of the personal one: without the rule the first round would end the search
    classify = router({personal: ("technical", 0.99), concept: ("technical", 0.6)})
    q = generate_question(None, Encoder(), "SRE Developer", "", "medium", "technical", classify=classify,
                          opts=GenerationOptions(seed=1), posting=PostingFacts(skills=["Terraform"]))
    assert len(calls) == 2 and q.text == concept


def test_without_a_concept_question_the_best_of_skill_rounds_is_kept(monkeypatch):
    personal = "Explain what you know about Terraform and how you used it."
    calls = in_rounds(monkeypatch, *[[personal]] * 3)   # more rounds offered than skill_rounds allows
    q = generate_question(None, Encoder(), "SRE Developer", "", "medium", "technical",
                          classify=router({personal: ("technical", 0.99)}),
                          opts=GenerationOptions(seed=1, skill_rounds=2), posting=PostingFacts(skills=["Terraform"]))
    assert len(calls) == 2 and q.text == personal
