"""training/coaching/ordering_ceiling.py: the bound off-topic detection puts on the review set's ordering."""
import pytest

from training.coaching.ordering_ceiling import half_figures
from training.coaching.review_set import load_review_set


@pytest.mark.slow
def test_ceiling_counts_every_misordered_triple_and_never_falls_below_the_ordering(encoder):
    rows = load_review_set("development")[:6]
    # A triple misordered on purpose: the off-topic answer is the strong one, so flagging it cannot fix it.
    swapped = dict(rows[0], answers={"strong": rows[0]["answers"]["weak"], "weak": rows[0]["answers"]["strong"],
                                     "off_topic": rows[0]["answers"]["off_topic"]})
    f = half_figures([swapped, *rows[1:]], encoder)
    assert f["questions"] == 6
    assert f["faults"].get("strong <= weak", 0) >= 1
    misordered = round((1 - f["ordered"]) * 6)
    assert sum(f["faults"].values()) == misordered
    assert f["ordered"] <= f["ceiling"] < 1.0      # the swapped triple stays misordered under the ceiling
    assert 0.5 < f["auc_relevance_value"] <= 1.0
