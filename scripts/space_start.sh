#!/usr/bin/env bash
# Start command of the hosted demo (Dockerfile CMD) — also run by tests/test_deploy.py.
# Hosted mode isolates visitors; XSRF protection is off because Spaces serve the app in an iframe,
# where Streamlit's XSRF cookie is blocked and uploads would fail otherwise.
set -euo pipefail
PY=${PYTHON:-python}
cd "$(dirname "$0")/.."
export INTERVIEW_HOSTED=1
export INTERVIEW_DATA_DIR=${INTERVIEW_DATA_DIR:-/tmp/interview-coach}
exec "$PY" -m streamlit run streamlit_app.py \
  --server.port "${PORT:-7860}" --server.address 0.0.0.0 --server.headless true \
  --server.enableXsrfProtection false --browser.gatherUsageStats false
