import pytest

from interview.session import InterviewSession, Turn, check_setup, plan_types


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
        check_setup(role, "desc", difficulty, n)


def test_session_round_trips_through_dict():
    s = InterviewSession(role="Dev", description="d", difficulty="easy", n_questions=2, plan=["behavioral"] * 2)
    s.turns.append(Turn(index=0, question="Why?", question_type="behavioral", answer="Because", rubric={"overall": 50}))
    again = InterviewSession.from_dict(s.to_dict())
    assert again == s and again.current.answered and again.questions_done == 1


def test_years_of_experience_nudge_the_band():
    from interview.session import adjust_band

    assert [adjust_band(b, 1) for b in ("easy", "medium", "hard")] == ["easy", "medium", "medium"]
    assert [adjust_band(b, 12) for b in ("easy", "medium", "hard")] == ["medium", "medium", "hard"]
    assert adjust_band("hard", None) == "hard"
