"""Question, feedback, sample-answer and follow-up generation with the causal LM.

Questions use generate-then-filter: sample several candidates in one batched `generate` call, drop
the invalid ones (no question, prompt echo, candidate talking about itself, too short/long,
near-duplicates of earlier questions), rank the rest by relevance to the role and agreement with
the requested type, keep the best. A 135M model is often off; filtering makes it dependable.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Iterator

from interview.generation import prompts
from interview.generation.chatter import chatter
from interview.fairlock import GENERATION_LOCK  # one generation at a time (also imported from here)
from interview.models.quantize import release_freed_memory


# Names the candidate rules of generate_question. training/generator/evaluate_questions_real.py keeps its
# cache of written questions per value, so questions written under earlier rules are never scored as
# this path's: change it with the rules.
QUESTION_RULES = "concept-wanted"


@dataclass
class GenerationOptions:
    candidates: int = 4            # sampled per round; batched, so 4 cost ~1.6x one on CPU
    # Stop a round once this many candidates have finished their line. The time of a round is the
    # time of its longest candidate, and the last to finish is usually a rambling 40-word one.
    enough_candidates: int = 3
    rounds: int = 3                # more rounds only when every candidate of a round was rejected
    # Rounds a question may take to find the candidate it wants (the best one is kept when none is):
    # a technical question one that names the posting's skills, each round asking about the next topic
    # (posting.topic_order), and asks about a concept (question_fit.concept_form); a behavioural one a
    # story prompt (question_fit.story_form). Chosen on the
    # 20 development postings of training/generator/evaluate_questions_real.py (2 before the topic
    # rotation; with it, 3 named the posting more often at +11% time in a replay of their candidates).
    skill_rounds: int = 3
    max_new_tokens: int = 56       # a question is <= 40 words
    temperature: float = 0.8
    top_p: float = 0.92
    min_words: int = 6
    max_words: int = 45
    duplicate_cosine: float = 0.85  # candidates this close to an earlier question are repeats
    seed: int | None = None


@dataclass
class Question:
    text: str
    type: str
    score: float = 0.0                                   # ranking score of the kept candidate
    rejected: dict = field(default_factory=dict)         # reason -> count, for debugging and the bench


class GenerationFailed(RuntimeError):
    """No valid question after all rounds; the message is shown to the user."""


_INTERVIEW_VERB = re.compile(r"^(tell me|describe|walk me|explain|design|write|implement|how|what|why|when|which|can you|could you|give|imagine|suppose|you are|you're|share|talk)", re.I)
_PREFIX = re.compile(r"^\s*(question\s*\d*\s*[:.)-]|q\d*\s*[:.)-]|\d+\s*[.)]|[-*•]\s+)\s*", re.I)
# "Interviewer: ...", "The interviewer's question: ..." — a short speaker label before the question.
_LABEL = re.compile(r"^[A-Za-z' ]{2,30}:\s+(?=\S)")


def build_candidate(raw: str) -> str:
    """The question inside a raw completion: first non-empty line, list/label prefix and quotes removed,
    cut after the last question mark when the model rambles on."""
    lines = [l.strip() for l in raw.strip().splitlines() if l.strip()]
    text = lines[0] if lines else ""
    text = _PREFIX.sub("", text).strip().lstrip('"“*').strip()
    text = _LABEL.sub("", text).strip().strip('"“”*').strip()
    if "?" in text:
        text = text[: text.rfind("?") + 1]
    return text


def reject_reason(text: str, opts: GenerationOptions) -> str | None:
    """Why a candidate is invalid, or None when it is a usable interview question."""
    words = text.split()
    if not text:
        return "empty"
    if kind := chatter(text, strict=True):   # "prompt_echo" | "self_talk" (interview/generation/chatter.py)
        return kind
    if len(words) < opts.min_words:
        return "too_short"
    if len(words) > opts.max_words:
        return "too_long"
    if not (text.endswith("?") or _INTERVIEW_VERB.search(text)):
        return "not_a_question"
    if not text.endswith(("?", ".")):
        return "incomplete"
    return None


def first_line_done(tokenizer, start: int, enough: int | None = None):
    """A stopping criterion that ends each sampled sequence once its first non-empty line is complete.
    build_candidate keeps only that line, so decoding past it is wasted time; a batch of candidates
    stops when every one of them is done (or at EOS / max_new_tokens), or as soon as `enough` of them
    are: the rest are cut where they are, and an unfinished line is rejected as "incomplete"."""
    import torch
    from transformers import StoppingCriteria

    class FirstLineDone(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs):
            texts = tokenizer.batch_decode(input_ids[:, start:], skip_special_tokens=True)
            done = torch.tensor([bool(t.strip()) and "\n" in t.lstrip() for t in texts], dtype=torch.bool)
            if enough is not None and int(done.sum()) >= enough:
                done[:] = True
            return done

    return FirstLineDone()


def _sample(gen, messages: list[dict], opts: GenerationOptions, n: int) -> list[str]:
    if getattr(gen, "backend", "torch") == "llama":
        from interview.models import llama_backend

        return llama_backend.sample(gen, messages, opts, n)
    import torch
    from transformers import StoppingCriteriaList

    tok = gen.tokenizer
    enc = tok.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
    ids, mask = enc["input_ids"], enc["attention_mask"]
    start = ids.shape[1]
    with GENERATION_LOCK, torch.inference_mode():
        # Every candidate continues the same prompt, but generate(num_return_sequences=n) copies the
        # prompt n times before the forward pass and so reads it n times (about a third of the time
        # of a question on 2 cores). Read it once, share its key/value cache between the n rows, and
        # let generate start from the prompt's last token.
        # logits_to_keep=1: only the cache is kept, and logits for every prompt token cost ~50 ms and 59 MB
        cache = gen.model(input_ids=ids[:, :-1], attention_mask=mask[:, :-1], use_cache=True,
                          logits_to_keep=1).past_key_values
        cache.batch_repeat_interleave(n)
        if opts.seed is not None:
            torch.manual_seed(opts.seed)
        out = gen.model.generate(
            input_ids=ids.repeat(n, 1), attention_mask=mask.repeat(n, 1), past_key_values=cache,
            max_new_tokens=opts.max_new_tokens, do_sample=True, temperature=opts.temperature,
            top_p=opts.top_p, pad_token_id=tok.pad_token_id,
            stopping_criteria=StoppingCriteriaList([first_line_done(tok, start, min(n, opts.enough_candidates))]),
        )
    texts = [tok.decode(o[start:], skip_special_tokens=True) for o in out]
    del cache, out
    release_freed_memory(collect=False)
    return texts


def generate_question(gen, encoder, role: str, description: str, difficulty: str, question_type: str,
                      previous: list[str] = (), classify=None, opts: GenerationOptions | None = None,
                      posting=None, role_family: str | None = None) -> Question:
    """One interview question of `question_type`, different from `previous`.

    `classify(text) -> QuestionType` (the router's question classifier) ranks candidates that match the
    requested type first, the more probable ones higher. `posting` (interview.documents.posting.PostingFacts)
    grounds the question in the posting: its skills and duties go into the prompt, a technical, coding or
    system-design question is asked about one of them (`topic_order`: the first one no earlier question
    named; when no candidate of a round names any, the next round asks about the next one), meta,
    chatter and dangling candidates and candidates aimed at another role than `role_family` are rejected
    (interview/generation/question_fit.py), and a candidate naming the round's topic ranks above one
    naming another skill of the posting, which ranks above one naming none. A behavioural candidate
    that reads as a story prompt ranks above one that does not, and another round is sampled when none
    does; a technical candidate asking about a concept ranks above one asking about the candidate, and
    another round is sampled when none does (both within `opts.skill_rounds`).
    Without `posting` the question is not grounded in the posting's skills and duties.
    Raises GenerationFailed if every candidate of every round was invalid.
    """
    import numpy as np

    from interview.documents.posting import PostingFacts, names_posting, topic_order
    from interview.generation.question_fit import concept_form, off_role_reason, story_form

    opts = opts or GenerationOptions()
    grounded = posting is not None
    wants_skill = grounded and bool(posting) and question_type in prompts.TECHNICAL_TYPES
    wants_story = question_type == "behavioral"
    topics = topic_order(posting, list(previous)) if wants_skill else []
    skills_text = f" {', '.join(posting.skills)}." if grounded and posting.skills else ""
    anchor = encoder.encode([f"{role}.{skills_text} {description[:300]}"], normalize_embeddings=True)[0]
    prev_emb = encoder.encode(list(previous), normalize_embeddings=True) if previous else None
    rejected: dict[str, int] = {}
    seen: set[str] = set()
    kept, kept_score, kept_wanted = None, -1.0, False   # the best valid candidate so far
    for round_ in range(opts.rounds):
        if opts.seed is not None:
            opts = GenerationOptions(**{**opts.__dict__, "seed": opts.seed + round_})
        topic = topics[round_ % len(topics)] if topics else ""
        topic_facts = PostingFacts(skills=[topic])
        messages = prompts.question_messages(role, description, difficulty, question_type, list(previous),
                                             skills=posting.skills if grounded else (),
                                             duties=posting.duties[:2] if grounded else (), topic=topic)
        valid = []
        for raw in _sample(gen, messages, opts, opts.candidates):
            text = build_candidate(raw)
            reason = reject_reason(text, opts) or ("duplicate" if text.lower() in seen else None)
            if not reason and grounded:
                reason = off_role_reason(text, role, description, role_family)
            if reason:
                rejected[reason] = rejected.get(reason, 0) + 1
                continue
            seen.add(text.lower())
            valid.append(text)
        if valid:
            emb = encoder.encode(valid, normalize_embeddings=True)
            for text, vec in zip(valid, emb):
                if prev_emb is not None and float(np.max(prev_emb @ vec)) >= opts.duplicate_cosine:
                    rejected["repeat_of_earlier"] = rejected.get("repeat_of_earlier", 0) + 1
                    continue
                score = float(anchor @ vec)
                if classify is not None:  # type agreement dominates, the router's confidence next
                    judged = classify(text)
                    score += (1.0 if judged.type == question_type else 0.0) + float(judged.scores.get(question_type, 0.0))
                wanted = not (wants_skill or wants_story)
                if wants_skill and names_posting(text, posting):  # naming the posting, the round's topic first
                    wanted = True
                    score += 0.5 if names_posting(text, topic_facts) else 0.25
                if wants_story and story_form(text):
                    wanted = True
                    score += 1.0
                if question_type == "technical":
                    if concept_form(text):
                        score += 0.5   # below type agreement, like naming the topic
                    else:
                        # One about the candidate ("Explain what you know about cloud", "... as it was when
                        # you started") is read as another type by a classifier of real questions half the
                        # time, however sure the router is: look on for a concept question.
                        wanted = False
                if score > kept_score:
                    kept, kept_score, kept_wanted = text, score, wanted
        # A valid candidate ends the search, unless it is not what the question wants (a technical one
        # naming no skill of the posting or asking about the candidate instead of a concept, a
        # behavioural one that is no story prompt): then more rounds,
        # up to skill_rounds in all, and the best of them is kept.
        if kept is not None and (kept_wanted or round_ + 1 >= opts.skill_rounds):
            break
    if kept is not None:
        return Question(text=kept, type=question_type, score=kept_score, rejected=rejected)
    raise GenerationFailed(
        "The model could not write a usable question this time "
        f"(rejected: {', '.join(f'{k} x{v}' for k, v in rejected.items())}). Press 'Try again'."
    )


# Greedy texts written from findings copy much of their prompt (quotes of the answer, the gaps' advice).
# Prompt lookup decoding (transformers' prompt_lookup_num_tokens) proposes up to this many next tokens
# where the last words written also occur in the prompt, and checks them in one forward pass, keeping
# those the model would have picked. 12 development-half answers, 2 cores: feedback + follow-up 3.68 ->
# 2.00 s median (bench/latency.py has the served figure). The text is the greedy one but for last-bit
# differences: the checking pass runs the eager int8 forward over several tokens, not the traced
# one-token step, and 4 of those 12 texts differ by a connective ("Next time:" for "Two things would
# make it stronger."). 0 turns it off.
PROMPT_LOOKUP_TOKENS = 10


def stream_chat(gen, messages: list[dict], max_new_tokens: int = 120, temperature: float = 0.7,
                seed: int | None = None, repetition_penalty: float = 1.15, prefix: str = "") -> Iterator[str]:
    """Stream a completion piece by piece (for `st.write_stream`). Holds the generation lock while
    the model runs, in a worker thread, so the UI can render tokens as they come.

    `prefix`: the assistant turn's first words, set by the caller; they are read as part of the prompt
    (the model continues them) and come out first, so the text is prefix + the model's continuation."""
    if prefix:
        yield prefix
    if getattr(gen, "backend", "torch") == "llama":
        from interview.models import llama_backend

        yield from llama_backend.stream_chat(gen, messages, max_new_tokens, temperature, seed, repetition_penalty,
                                             prefix)
        return
    import torch
    from transformers import TextIteratorStreamer

    tok = gen.tokenizer
    enc = prompt_encoding(tok, messages, prefix)
    streamer = TextIteratorStreamer(tok, skip_prompt=True, skip_special_tokens=True, timeout=300)
    errors: list[BaseException] = []
    lookup = {"prompt_lookup_num_tokens": PROMPT_LOOKUP_TOKENS} if temperature <= 0 and PROMPT_LOOKUP_TOKENS else {}

    def work():
        try:
            if seed is not None:
                torch.manual_seed(seed)
            with GENERATION_LOCK, torch.inference_mode():
                gen.model.generate(**enc, max_new_tokens=max_new_tokens, do_sample=temperature > 0,
                                   temperature=temperature if temperature > 0 else None, top_p=0.9 if temperature > 0 else None,
                                   repetition_penalty=repetition_penalty, pad_token_id=tok.pad_token_id, streamer=streamer,
                                   **lookup)
            release_freed_memory(collect=False)
        except BaseException as exc:  # noqa: BLE001 - surfaced to the caller below
            errors.append(exc)
            streamer.end()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    yield from streamer
    thread.join()
    if errors:
        raise errors[0]


def prompt_encoding(tok, messages: list[dict], prefix: str = "") -> dict:
    """The chat prompt with the assistant turn opened, and `prefix` after it, as tensors. The template
    text and the prefix are tokenized as one string, as training tokenized prompt and target (a prefix
    tokenized on its own could split its first word differently)."""
    if not prefix:
        return tok.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
    text = tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=False) + prefix
    return tok(text, add_special_tokens=False, return_tensors="pt")


def complete(gen, messages: list[dict], max_new_tokens: int = 120, temperature: float = 0.7,
             seed: int | None = None, repetition_penalty: float = 1.15, prefix: str = "") -> str:
    """The whole completion as one string (`prefix` included, see stream_chat), trimmed to its last full
    sentence. Data-to-text calls pass repetition_penalty=1.0: the penalty also counts the prompt's tokens,
    and so works against quoting the findings word for word."""
    return trim_to_sentence("".join(stream_chat(gen, messages, max_new_tokens, temperature, seed, repetition_penalty,
                                                prefix)))


def trim_to_sentence(text: str) -> str:
    """Cut a completion that hit the token limit back to its last complete sentence."""
    text = text.strip()
    if not text or text.endswith((".", "!", "?")):
        return text
    cut = max(text.rfind(". "), text.rfind("! "), text.rfind("? "))
    return text[: cut + 1] if cut > 0 else text
