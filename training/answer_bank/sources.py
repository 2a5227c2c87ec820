"""The answer bank's sources: which public repositories are read, at which licence, and how.

Kept apart from the build job (training/answer_bank/build.py) so that adding a source is one entry here.
A source's licence must be in PERMISSIVE (checked against the repository's LICENSE file by hand when
added); the repositories in RESERVED are kept for independent evaluation and never read.
"""
from __future__ import annotations

from dataclasses import dataclass, field

PERMISSIVE = {"MIT", "Apache-2.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "BSD-3-Clause", "Unlicense"}  # Unlicense: public domain
# Kept out of training and tuning for independent evaluation. Never read.
RESERVED = {"alexeygrigorev/data-science-interviews", "yangshun/tech-interview-handbook",
            "donnemartin/system-design-primer", "h5bp/Front-end-Developer-Interview-Questions",
            "trimstray/test-your-sysadmin-skills", "alirezadir/Machine-Learning-Interviews",
            "18F/join.tts.gsa.gov", "sb2nov/resume", "srbhr/Resume-Matcher", "PlayingNumbers/ds_salary_proj",
            "nitinkumar30/resume_screening_ml_project"}

@dataclass(frozen=True)
class Source:
    repo: str                   # owner/name on GitHub
    commit: str                 # the mirror commit read (recorded per entry)
    licence: str                # SPDX id, checked against the repository's LICENSE file
    author: str                 # the copyright line of the LICENSE file (attribution)
    parser: str                 # name of a parse_* function below
    files: str                  # regex over paths in the repository: which markdown files to read
    family: dict = field(default_factory=dict)   # path regex -> role family (first match wins)
    qtype: str = "technical"    # default question type; coding / system-design cues override it


SOURCES = [
    Source("sudheerj/reactjs-interview-questions", "", "MIT", "Copyright (c) 2017-Present Sudheer Jonna",
           "headings", r"^README\.md$", {".": "frontend"}),
    Source("30-seconds/30-seconds-of-interviews", "", "MIT", "Copyright (c) 2018 Stefan Feješ",
           "headings", r"^questions/.*\.md$", {".": "frontend"}),
    Source("ajitsingh98/Data-Science-Interview-Questions-Answers", "", "MIT", "Copyright (c) 2022 Ajit Kumar Singh",
           "headings", r"^[a-z_]+\.md$",
           {r"statistics|probability|ab_testing|sql_for|time_series|performance_metrics|linear_regression"
            r"|logistic_regression|calculus|linear_algebra|information_theory|feature_engineering": "data_science",
            r"computer_science_and_coding": "software_engineering", ".": "machine_learning"}),
    Source("iamtodor/data-science-interview-questions-and-answers", "", "MIT", "Copyright (c) 2018 iamtodor",
           "headings", r"^README\.md$", {".": "data_science"}),
    Source("amichaelsen/data-science-interview-prep", "", "MIT", "Copyright (c) 2022 amichaelsen",
           "headings", r"^practice/.*\.md$", {r"machine_learning|deep": "machine_learning", ".": "data_science"}),
    Source("rkm-ravi94/awesome-devops-interview", "", "MIT", "Copyright (c) 2024 Ravi Mishra",
           "headings", r"\.md$", {".": "devops_sre"}),
    Source("dmz-v-x/devops-interview-questions", "", "MIT", "Copyright (c) 2026 Himanshu Bhatt",
           "question_answer_blocks", r"^\d{3}-[^/]+/\d+.*\.md$", {".": "devops_sre"}),
    Source("JagdeepSinghCeh/secdevops-interview-prep", "", "CC-BY-4.0", "Copyright (c) 2026 Jagdeep",
           "headings", r"^outputs/(0[1-35-9]|1\d|2[0-46-9])_.*\.md$", {".": "security"}),
    Source("attacker-codeninja/appsec-interview-handbook", "", "MIT", "Copyright (c) 2025 Danish Siddiqui",
           "numbered_dash", r"(?<!README)\.md$", {".": "security"}),
    Source("evgenyvinnik/llm-driven-system-design", "", "MIT", "Copyright (c) 2026 Evgeny Vinnik",
           "system_design_answer", r"^[^/]+/system-design-answer-(backend|frontend|fullstack)\.md$",
           {r"answer-frontend": "frontend", ".": "software_engineering"}, "system_design"),
    Source("blakelassiter/data-engineering-interview-patterns", "", "MIT", "Copyright (c) 2025 Blake Lassiter",
           "problem_statement", r"^(patterns/.*/problems/.*|system_design/walkthroughs/.*)\.md$",
           {".": "data_engineering"}, "coding"),
]
