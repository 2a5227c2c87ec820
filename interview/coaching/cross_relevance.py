"""The cross-encoder relevance judge: the question and the answer read together, word by word.

The vector head of interview/coaching/relevance.py reads two pooled MiniLM vectors; a fluent answer to a
neighbouring question on the same technology ("Lambda memory sizing" under "Lambda cold starts") pools to
nearly the same vector as a real answer, and on the fresh review half 17 of 64 such answers kept relevance
>= 3. A cross-encoder attends from the question's words to the answer's, which is what tells "answers this"
from "talks about the same thing". It is the embedded all-MiniLM-L6-v2 with a LoRA adapter and a one-logit
classifier (training/coaching/train_cross_relevance.py); the base weights come from the embedded package,
the run folder holds only the adapter (~3 MB).

    >>> judge = read_cross_judge("checkpoints/relevance/cross-v1")
    >>> judge.answers("Explain Lambda cold starts", "A cold start happens when ...", vectors, share)
    0.97
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

ADAPTER_FILE = "adapter_config.json"   # what marks a run folder as a cross-encoder judge
RUN_CONFIG = "run_config.json"         # the training Config; `answer_words` is read from it


def answer_head(answer: str, words: int) -> str:
    """The part of an answer the cross-encoder reads: its first `words` words (training and serving alike).
    An answer's first sentences say whether it answers the question; 160 tokens bound the cost."""
    parts = answer.split()
    return " ".join(parts[:words])


def encode_pairs(tokenizer, questions: list[str], answers: list[str], answer_words: int, max_length: int):
    """The model's input for (question, answer) pairs: one call for training, validation and serving, so
    they read the same text the same way."""
    return tokenizer(list(questions), [answer_head(a, answer_words) for a in answers], truncation="only_second",
                     max_length=max_length, padding=True, return_tensors="pt")


@dataclass
class CrossRelevanceJudge:
    model: object                 # a transformers sequence classifier with one logit, LoRA merged
    tokenizer: object
    answer_words: int = 80
    max_length: int = 160
    path: str = ""
    _torch: object = field(default=None, repr=False)

    def fits(self, vectors: dict) -> bool:
        """It reads the texts, but its weight in scoring was chosen beside the embedded MiniLM's cosines:
        with another encoder's vectors (another size) relevance is the cosine rule alone, as for the head."""
        size = getattr(getattr(self.model, "config", None), "hidden_size", None)
        return vectors is not None and (size is None or len(vectors["q"]) == size)

    def probability_of_texts(self, questions: list[str], answers: list[str]) -> list[float]:
        torch = self._torch
        batch = encode_pairs(self.tokenizer, questions, answers, self.answer_words, self.max_length)
        with torch.inference_mode():
            logits = self.model(**batch).logits.reshape(-1)
        return torch.sigmoid(logits).tolist()

    def answers(self, question: str, answer: str, vectors: dict, share: float) -> float:
        """For scoring: probability that `answer` answers `question` (vectors and share are the vector
        head's inputs, unused here; both judges are called the same way)."""
        return self.probability_of_texts([question], [answer])[0]


def is_cross_judge(folder: str | Path) -> bool:
    return (Path(folder) / ADAPTER_FILE).is_file()


def read_cross_judge(folder: str | Path) -> CrossRelevanceJudge:
    """The judge saved by train_cross_relevance in `folder`, on the embedded MiniLM (eval mode). Its
    adapter is attached unmerged to the encoder weights the app's other MiniLM models share
    (interview/models/sentence_encoder.py: 0.04 GB less than a merged copy, logits equal within 1e-6)."""
    from interview.models.offline import quiet_transformers
    from interview.models.sentence_encoder import shared_base, weight_sharing_copy
    from interview.models.sources import embedded_encoder_dir

    quiet_transformers()
    import torch
    from peft import PeftModel
    from transformers import AutoModelForSequenceClassification

    from interview.models.lora import quiet_peft

    folder = Path(folder)
    run = json.loads((folder / RUN_CONFIG).read_text()) if (folder / RUN_CONFIG).is_file() else {}
    base_dir = str(embedded_encoder_dir().resolve())
    encoder, tokenizer = shared_base(base_dir)
    # The classifier's own copy of the encoder is memory-mapped and never read: it is replaced before use.
    model = AutoModelForSequenceClassification.from_pretrained(base_dir, num_labels=1)
    setattr(model, model.base_model_prefix, weight_sharing_copy(encoder))
    with quiet_peft():
        model = PeftModel.from_pretrained(model, str(folder)).eval()
    return CrossRelevanceJudge(model, tokenizer, answer_words=int(run.get("answer_words", 80)),
                               max_length=int(run.get("max_length", 160)), path=str(folder), _torch=torch)
