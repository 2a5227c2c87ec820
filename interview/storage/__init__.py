"""What is kept: the local SQLite history and the progress read back from it."""
