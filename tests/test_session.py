import pytest

from interview.coaching.scoring import Dimension, Rubric
from interview.session import InterviewSession, Reading, Turn, plan_types
from interview.validation import check_setup


def test_plan_opens_with_behavioural_and_cycles_the_mix():
    assert plan_types(["technical", "coding", "behavioral"], 5) == [
        "behavioral", "technical", "coding", "behavioral", "technical"]
    assert plan_types([], 2) == ["behavioral", "behavioral"]


@pytest.mark.parametrize("role,difficulty,n,msg", [
    ("", "easy", 3, "job role"), ("  ", "easy", 3, "job role"), ("Dev", "extreme", 3, "Difficulty"),
    ("Dev", "easy", 0, "between 1 and 15"), ("Dev", "easy", 16, "between 1 and 15"),
])
def test_bad_setup_is_rejected_with_a_message(role, difficulty, n, msg):
    with pytest.raises(ValueError, match=msg):
        check_setup(role, difficulty, n)


def test_session_round_trips_through_dict():
    s = InterviewSession(role="Dev", description="d", difficulty="easy", n_questions=2, plan=["behavioral"] * 2)
    s.turns.append(Turn(index=0, question="Why?", question_type="behavioral", answer="Because",
                        rubric=Rubric([Dimension("relevance", 3, "On topic.")], 50.0)))
    again = InterviewSession.from_dict(s.to_dict())
    assert again == s and again.current.answered and again.questions_done == 1


def test_the_users_corrections_on_set_up_replace_the_routers_reading(tmp_path):
    """Issue 22: the detected role family, level and mix are shown and editable; Start saves the choice
    and what was detected (a stub router: the rule is the coach's, not the model's)."""
    import pytest

    from interview.storage import store
    from interview.coach import Coach, apply_overrides
    from interview.routing.router import Route

    read = Route(role_family="design", interview_types=["behavioral", "technical"], difficulty_band="easy")

    class Router:
        def route(self, role, description, difficulty):
            return read

    coach = Coach(generator=None, encoder=None, router=Router(), retriever_encoder=None)
    assert coach.detect("Principal Engineer", "", "medium")["role_family"] == "design"
    s = coach.start("Principal Engineer", "Build services", "medium", 4,
                    overrides={"role_family": "software_engineering", "difficulty_band": "hard",
                               "interview_types": ["system_design", "technical"]})
    saved = store.load_session(s.id, s.owner)
    assert saved.route.role_family == "software_engineering" and saved.difficulty == "hard"
    assert saved.plan == ["system_design", "technical", "system_design", "technical"]
    assert saved.detected == Reading("design", "easy", ["behavioral", "technical"])
    plain = coach.start("Principal Engineer", "Build services", "medium", 2)
    assert plain.route.role_family == "design" and plain.detected is None
    for bad in ({"role_family": "astronaut"}, {"difficulty_band": "extreme"}, {"interview_types": ["trivia"]}):
        with pytest.raises(ValueError, match="Unknown"):
            apply_overrides(read, "easy", bad)
