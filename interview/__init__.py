"""Interview coach: the library behind the Streamlit app and the `python -m interview` CLI."""
