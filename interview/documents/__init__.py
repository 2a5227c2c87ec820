"""The user's documents read at set-up: resume (PDF/.txt/.md → bullets with their employer and role) and job posting (skills, duties)."""
