"""Hand-written, real-looking inputs that are NOT from the dataset generator: postings in the
styles people paste (bullets, company blurbs, benefits, odd titles), titles the generator never
uses, and questions worded the way interviewers speak. The synthetic test split says how well the
router learned the generator; these say how it behaves on what users type. Evaluated by
`training.router.train` (reported in metrics.json) and by tests/test_router_model.py."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    role: str
    description: str
    difficulty: str
    role_family: str
    band: str


CASES: list[Case] = [
    Case("Software Engineer II, Payments Platform",
         "About us: we move money for 40k small businesses. You will: design and ship REST and gRPC "
         "services in Java/Kotlin, own reliability of the ledger service, write design docs, review code. "
         "You have: 3+ years building backend systems, SQL (Postgres), message queues (Kafka). "
         "Perks: remote-first, 4 weeks PTO, learning budget.",
         "medium", "software_engineering", "medium"),
    Case("Member of Technical Staff - Inference",
         "Join the team serving our large language models to millions of users. Optimise transformer "
         "inference (quantization, batching, KV caches), run evals, fine-tune models with PyTorch, and "
         "work with researchers to take models from prototype to production.",
         "hard", "machine_learning", "hard"),
    Case("Analytics Lead (Growth)",
         "We're looking for someone who lives in SQL and loves experiments. Design and read out A/B "
         "tests, build Looker dashboards for the growth team, define north-star metrics, and coach two "
         "junior analysts. 6+ years in analytics.",
         "medium", "data_science", "hard"),
    Case("Summer Intern - Web Development",
         "Help our small team build pages for our e-commerce site in React and TypeScript. You'll fix "
         "CSS bugs, write components with tests, and learn how we ship. Students welcome.",
         "medium", "frontend", "easy"),
    Case("Cloud Infrastructure Engineer",
         "Terraform everything on AWS, keep our EKS clusters healthy, improve GitHub Actions pipelines, "
         "join a fair on-call rotation, write postmortems. Prometheus/Grafana a plus.",
         "medium", "devops_sre", "medium"),
    Case("Analytics Engineer",
         "Own our dbt models and Snowflake warehouse; build reliable ELT pipelines with Airflow and "
         "Fivetran; define data contracts with product engineering; keep data fresh and tested.",
         "medium", "data_engineering", "medium"),
    Case("Offensive Security Consultant",
         "Run web application and network penetration tests for clients, write clear findings reports, "
         "help developers fix vulnerabilities (OWASP Top 10), and contribute to our red-team tooling. "
         "OSCP preferred.",
         "hard", "security", "hard"),
    Case("Associate Product Manager",
         "New grads welcome! Partner with engineering and design to write specs, talk to customers, "
         "prioritise the backlog and track feature adoption metrics.",
         "easy", "product_management", "easy"),
    Case("Principal Product Designer",
         "Lead the design of our mobile banking app: research with customers, shape interaction "
         "patterns, prototype in Figma, evolve our design system, and mentor designers across squads.",
         "medium", "design", "hard"),
    Case("Plattform-Entwickler (m/w/d)",
         "Wir suchen Verstärkung für unser Kubernetes-Plattformteam: CI/CD, Monitoring, Rufbereitschaft.",
         "medium", "devops_sre", "medium"),
    Case("Full Stack Developer", "", "easy", "software_engineering", "easy"),
    Case("Computer Vision Researcher", "", "hard", "machine_learning", "hard"),
]


@dataclass(frozen=True)
class QuestionCase:
    question: str
    type: str


QUESTION_CASES: list[QuestionCase] = [
    QuestionCase("Walk me through a time you had to push back on a deadline your manager set.", "behavioral"),
    QuestionCase("Tell me about the project you're proudest of and what your role was.", "behavioral"),
    QuestionCase("How did you handle it the last time a teammate wasn't pulling their weight?", "behavioral"),
    QuestionCase("What's the difference between a process and a thread?", "technical"),
    QuestionCase("Can you explain how HTTPS protects data in transit?", "technical"),
    QuestionCase("When would you pick a columnar store over a row store?", "technical"),
    QuestionCase("How would you design a URL shortener that handles 10k writes per second?", "system_design"),
    QuestionCase("Sketch the architecture of a notification service for a ride-sharing app.", "system_design"),
    QuestionCase("Design a feature store that serves features to online models with low latency.", "system_design"),
    QuestionCase("Write a function that returns the first non-repeating character in a string.", "coding"),
    QuestionCase("Given a list of meeting intervals, find the minimum number of rooms needed. Code it.", "coding"),
    QuestionCase("Write a SQL query that returns each department's top three salaries.", "coding"),
]
