"""Route: (role, posting, difficulty) → role family, seniority, band and interview mix; a question → its type."""
