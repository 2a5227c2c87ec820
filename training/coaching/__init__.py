"""The coaching texts: the review set, the findings → feedback data, and their evaluations."""
