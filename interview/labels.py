"""Label sets shared by the datasets, the router, the generator and the app.

Each label has a one-line description: the zero-shot router embeds these, and the data card quotes them.
"""
from __future__ import annotations

ROLE_FAMILIES: dict[str, str] = {
    "software_engineering": "software engineer, backend or full-stack developer building services, APIs and applications",
    "frontend": "frontend or web UI engineer working with JavaScript, TypeScript, React, CSS and browsers",
    "data_science": "data scientist or analyst doing statistics, experiments, A/B tests, dashboards and insights",
    "machine_learning": "machine learning or AI engineer training, evaluating and deploying models, deep learning, LLMs",
    "data_engineering": "data engineer building ETL pipelines, data warehouses, Spark, Airflow, streaming data",
    "devops_sre": "DevOps, site reliability or platform engineer running cloud infrastructure, Kubernetes, CI/CD, on-call",
    "security": "security engineer working on application security, threat modelling, penetration testing, incident response",
    "product_management": "product manager owning roadmap, prioritisation, user research, metrics and stakeholders",
    "design": "product, UX or UI designer doing user research, interaction design, prototypes and design systems",
}

INTERVIEW_TYPES: dict[str, str] = {
    "behavioral": "a behavioral question about past experience, teamwork, conflict, leadership or failure",
    "technical": "a technical knowledge question about concepts, tools, trade-offs and how things work",
    "system_design": "a system design question about architecting a scalable, reliable system or product",
    "coding": "a coding or problem-solving question: write an algorithm, function or query",
}

DIFFICULTY_BANDS: dict[str, str] = {
    "easy": "entry level: intern, graduate or junior, fundamentals",
    "medium": "mid level: a few years of experience, independent delivery",
    "hard": "senior level: senior, staff or principal, leads design and people",
}
# The difficulty bands, easiest first: the one definition of the names (forms, CLI choices, datasets).
BANDS: tuple[str, ...] = tuple(DIFFICULTY_BANDS)
