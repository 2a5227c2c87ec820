# Hugging Face Spaces, Docker template for Streamlit (sdk: docker, app_port: 7860 in README.md).
FROM python:3.11-slim

# Spaces run the container as UID 1000; files must belong to that user.
RUN useradd -m -u 1000 user
USER user
ENV HOME=/home/user \
    PATH=/home/user/.local/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    INTERVIEW_CACHE_DIR=/home/user/app/.cache/models \
    PIP_NO_CACHE_DIR=1 \
    PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu
WORKDIR /home/user/app

# Dependencies first (torch pinned to its CPU build), so a code change does not reinstall them.
COPY --chown=user requirements.txt requirements-models.txt scripts/space_install.sh ./
RUN ./space_install.sh deps python
COPY --chown=user . .
RUN scripts/space_install.sh warm python

EXPOSE 7860
ENV PORT=7860
CMD ["scripts/space_start.sh"]
