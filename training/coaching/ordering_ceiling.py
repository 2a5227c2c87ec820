"""How far off-topic detection bounds the review set's ordering (issue 20), per half.

    python -m training.coaching.ordering_ceiling --halves development,final,heldout,fresh,sealed,blind

For every answer of the halves, the served score (interview/coaching/scoring.py) and its relevance value. Prints
per half: strong > weak > off-topic as served; how the misordered triples fail (weak <= off-topic or strong <=
weak); the ceiling, i.e. the ordering if every off-topic answer were flagged off topic (capped at CAPS["off_topic"])
and nothing else changed; and how well the relevance value separates on-topic answers (strong, weak) from the
off-topic ones across questions (ROC AUC), the quantity that decides how close to the ceiling a rule gets.
Scores only: no generator is loaded. Writes nothing.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from training.coaching.review_set import ANSWER_KINDS, load_review_set
from training.options import parse_options


@dataclass
class Config:
    halves: str = "development,final,heldout,fresh,sealed,blind"   # comma-separated; each is read


def relevance_value_of(question: str, question_type: str, answer: str, encoder, opts) -> float:
    """The value the relevance cuts apply to, as score_answer computes it for a clean typed answer."""
    from interview.coaching import scoring
    from interview.text import tokens

    topic = scoring.relevance_topic(question, question_type, answer)
    vectors = scoring.embed_all(encoder, topic, tokens.sentences(answer)[: opts.max_sentences], [])
    judge = scoring.relevance_judge(vectors, opts, question_type)
    return scoring.relevance_value(topic, answer, vectors, opts, judge, question_type)[0]


def half_figures(rows: list[dict], encoder) -> dict:
    from sklearn.metrics import roc_auc_score

    from interview.coaching.scoring import CAPS, ScoringOptions, score_answer

    opts = ScoringOptions()
    ordered = ceiling = 0
    faults: Counter = Counter()
    on_topic, values = [], []
    for r in rows:
        overall = {}
        for kind in ANSWER_KINDS:
            answer = r["answers"][kind]
            overall[kind] = score_answer(r["question"], answer, r["question_type"], encoder=encoder, opts=opts).overall
            values.append(relevance_value_of(r["question"], r["question_type"], answer, encoder, opts))
            on_topic.append(kind != "off_topic")
        s, w, o = overall["strong"], overall["weak"], overall["off_topic"]
        ordered += s > w > o
        ceiling += s > w > min(o, CAPS["off_topic"])
        if not s > w > o:
            faults["weak <= off-topic" if w <= o else "strong <= weak"] += 1
    n = len(rows)
    return {"questions": n, "ordered": ordered / n, "ceiling": ceiling / n, "faults": dict(faults),
            "auc_relevance_value": roc_auc_score(on_topic, values)}


def main(cfg: Config) -> dict:
    from interview.models.loading import load_encoder

    encoder = load_encoder()
    out = {}
    print("| half | questions | ordered | misordered: weak <= off-topic / strong <= weak | ceiling (off-topic all "
          "flagged) | AUC on- vs off-topic, relevance value |\n|---|---:|---:|---|---:|---:|")
    for half in [h.strip() for h in cfg.halves.split(",") if h.strip()]:
        f = out[half] = half_figures(load_review_set(half), encoder)
        print(f"| {half} | {f['questions']} | {f['ordered']:.3f} | {f['faults'].get('weak <= off-topic', 0)} / "
              f"{f['faults'].get('strong <= weak', 0)} | {f['ceiling']:.3f} | {f['auc_relevance_value']:.3f} |",
              flush=True)
    return out


if __name__ == "__main__":
    main(parse_options(Config, None, __doc__.split("\n\n")[0]))
