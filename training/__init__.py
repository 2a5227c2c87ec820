"""Offline jobs: dataset building and training (`python -m training.<job>`)."""
