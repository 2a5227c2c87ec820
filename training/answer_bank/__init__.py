"""The licensed answer bank: its sources, build, and evaluations."""
