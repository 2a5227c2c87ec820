"""The answer bank shows an answer only when it answers the WHOLE asked question (issue 21), and the build drops
answers that point at a figure the bank does not carry. No model: small fixtures and a fake encoder."""
import numpy as np
import pytest

from interview.retrieval.answer_bank import build_answer_bank, covers_whole, same_subject
from training.answer_bank.build import refers_to_missing_figure

K8S_NAMESPACE = "A namespace in Kubernetes divides the resources of one cluster between teams."


@pytest.mark.parametrize("asked, bank_question, answer", [
    # a qualifier the bank answer does not cover: a language, a tool, "scanning"
    ("What is a Namespace in C#?", "What is a namespace?", K8S_NAMESPACE),
    ("What is the difference between TCP and UDP scanning?", "What is the difference between TCP and UDP?",
     "TCP is connection oriented; UDP sends datagrams without a handshake."),
    # two-part questions answered on one part
    ("What is IaC, and how does it improve cloud security?", "What is IaC?",
     "Infrastructure as code manages servers and networks through versioned definition files."),
    ("Explain Cloud KMS and Cloud HSM.", "What is Cloud KMS?", "Cloud KMS stores keys; keys can be backed by an HSM."),
    ("What is SQL injection and how do you test for it?", "What is SQL injection?",
     "SQL injection puts attacker input into a query; use parameterised queries."),
    ("What is the difference between L1 and L2 regularization, and when would you use each?",
     "What is the difference between L1 and L2 regularization?", "L1 adds the absolute weights, L2 the squares."),
    ("What is a virtual DOM and why is it used?", "What is Virtual DOM?", "The virtual DOM is a copy of the DOM."),
    # a kind of the asked subject, or one aspect of it
    ("How does boosting work?", "How does gradient boosting work?", "Gradient boosting fits trees to residuals."),
    ("What is CSRF?", "What is CSRF token?", "A CSRF token is a random value sent with each form."),
    ("How does maximal margin classifier work?", "What is the main limitation of maximal margin classifier?",
     "It needs separable data."),
])
def test_partial_answers_are_refused(asked, bank_question, answer):
    assert same_subject(asked, bank_question)             # the old guard let each of these through
    assert not covers_whole(asked, bank_question, answer)


@pytest.mark.parametrize("asked, bank_question, answer", [
    ("How does TLS work?", "What is TLS?", "TLS encrypts traffic between a client and a server."),
    ("What exactly is a pod in Kubernetes?", "What is a pod?", "A pod is the smallest deployable unit in Kubernetes."),
    ("How do you store passwords securely?", "How should passwords be stored?", "Hash them with bcrypt or Argon2."),
    ("What is the main goal of React Fiber?", "What is React Fiber?", "Fiber is React's reconciliation engine."),
    ("How do you handle merge conflicts in Git?", "How do you resolve a Git merge conflict?",
     "Edit the conflicting files, then add and commit them."),
    ("Explain precision and recall.", "Explain the tradeoff between recall and precision?", "Precision is ..."),
    ("What is CORS and how does it work?", "What is CORS?", "CORS lets a server allow other origins."),
])
def test_whole_answers_pass(asked, bank_question, answer):
    assert same_subject(asked, bank_question) and covers_whole(asked, bank_question, answer)


def test_a_context_word_passes_only_when_the_answer_is_about_that_context():
    asked = "What is a namespace in Kubernetes?"
    assert covers_whole(asked, "What is a namespace?", K8S_NAMESPACE)
    assert not covers_whole(asked, "What is a namespace?", "A namespace groups related classes in C#.")


def test_a_tool_named_only_by_the_bank_question_needs_the_same_role_family():
    bank_question = "What is the purpose of constructor in React?"
    assert covers_whole("What is a constructor?", bank_question, "It initialises state.", same_family=True)
    assert not covers_whole("What is a constructor?", bank_question, "It initialises state.", same_family=False)


class FakeEncoder:
    """Embeds by a fixed table: every question of the fixture gets its own direction, plus a shared part."""

    def __init__(self, vectors: dict[str, list[float]]):
        self.vectors = vectors

    def encode(self, texts, **_):
        rows = np.array([self.vectors[t] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_lookup_skips_a_closer_partial_answer_for_one_that_covers_the_question():
    entries = [
        {"question": "What is a namespace?", "answer": K8S_NAMESPACE, "role_family": "devops_sre"},
        {"question": "What is a namespace in C#?", "answer": "A C# namespace groups related types.",
         "role_family": "software_engineering"},
    ]
    for e in entries:
        e.update(question_type="technical", source_repo="o/r", commit="c" * 40, path="p.md", licence="MIT",
                 attribution="Copyright (c) x, MIT, https://github.com/o/r", url="u")
    asked = "What is a Namespace in C#?"
    encoder = FakeEncoder({asked: [1.0, 0.0, 0.0], "What is a namespace?": [1.0, 0.1, 0.0],
                           "What is a namespace in C#?": [1.0, 0.0, 0.3]})
    bank = build_answer_bank(encoder, entries, threshold=0.5)
    # the Kubernetes entry is the nearest, but its answer leaves out "C#": the C# entry is shown
    assert bank.search(asked)[0][0] == 0
    hit = bank.lookup(asked, role_family="software_engineering")
    assert hit is not None and hit.question == "What is a namespace in C#?"
    only_k8s = build_answer_bank(encoder, entries[:1], threshold=0.5)
    assert only_k8s.lookup(asked) is None


@pytest.mark.parametrize("answer, refers", [
    ("Solution uniqueness is a simpler case. First, this picture below:", True),
    ("Then the corresponding diagram is shown below: cross-validation for time series.", True),
    ("Traverse the graph 5.3 and find the function g(x) it represents.", True),
    ("See the diagram for the three layers.", True),
    ("Update the state immutably, as shown below: ```setUser({...user})```", False),
    ("Build the image from the Dockerfile, then scan the image with Trivy.", False),
    ("Traverse the graph breadth first and keep a visited set.", False),
])
def test_answers_pointing_at_a_missing_figure_are_found(answer, refers):
    assert refers_to_missing_figure(answer) is refers


def test_the_committed_bank_has_no_figure_references():
    from interview.retrieval.answer_bank import load_bank_entries

    assert not [e["id"] for e in load_bank_entries() if refers_to_missing_figure(e["answer"])]
