"""Domain vocabulary of the nine role families: the words that show technical depth in an answer.

Software terms alone under-rated every other family (a designer's answer about usability tests and
WCAG contrast scored 0 domain terms). One list per family, so a reader can check what counts; the
depth rule counts terms from every family, because a product manager may rightly talk about SQL and a
security engineer about CI: the route's family only decides which family an answer is compared with
in the report.
"""
from __future__ import annotations

import re

FAMILY_TERMS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "software_engineering": """
        algorithm array hash map set heap stack queue tree graph trie pointer recursion iteration binary
        search sort sorting index indexes indices b-tree complexity cache caching eviction lru ttl thread
        threads process lock locks mutex deadlock race concurrency async synchronization memory garbage
        allocation latency throughput bandwidth partition sharding shard replica replication consistency
        consensus idempotent idempotency transaction transactions acid isolation schema normalization
        denormalization join joins query queries api endpoint gateway protocol http tcp dns websocket
        polling stream streaming batch broker topic consumer producer offset microservice microservices
        monolith container containers pod cluster deployment canary rollback retry retries backoff timeout
        circuit breaker rate limiter bucket two-pointer dynamic programming refactor refactoring interface
        abstraction dependency coupling cohesion unit integration regression mock encapsulation
        inheritance polymorphism immutable serialization pagination""",
    "frontend": """
        dom virtual reconciliation diffing render rendering rerender state props hook hooks memoization
        bundle bundler hoisting scope closure closures promise promises event loop callback specificity
        cascade flexbox grid responsive breakpoint viewport hydration ssr csr spa lazy lazy-loading
        code-splitting tree-shaking accessibility aria semantic focus keyboard screen reader layout paint
        reflow repaint lcp cls fid inp web vitals service worker localstorage cookie cors debounce
        throttle component components""",
    "data_science": """
        probability p-value confidence interval significance hypothesis variance bias distribution sample
        sampling bootstrap power outlier outliers imputation experiment a/b control treatment lift
        conversion cohort funnel retention churn metric metrics guardrail regression classification
        clustering correlation causation confounder confounding randomization stratified bayesian prior
        posterior likelihood t-test chi-square anova mean median percentile segment segmentation
        forecast seasonality dashboard""",
    "machine_learning": """
        model training inference gradient regularization overfitting underfitting validation
        cross-validation dropout embedding embeddings vector vectors feature features loss optimizer
        precision recall auc f1 baseline hyperparameter hyperparameters tokens token chunk chunks
        retrieval ranking re-rank ranker nearest neighbour neighbor cosine similarity transformer
        attention fine-tuning fine-tune lora quantization distillation drift labeling labels
        imbalance oversampling calibration ensemble boosting bagging decision epoch epochs batch
        learning rate softmax logits perplexity hallucination""",
    "data_engineering": """
        warehouse lake lakehouse etl elt pipeline pipelines orchestration window windowing partitioning
        skew shuffle compaction fan-out fanout dag backfill idempotent upsert merge cdc schema evolution
        lineage freshness sla partitioned columnar row-oriented star snowflake fact dimension slowly
        changing watermark late exactly-once at-least-once deduplication checkpoint""",
    "devops_sre": """
        deployment deployments canary blue-green rollback rollout probe readiness liveness autoscaling
        autoscaler observability monitoring alerting alert slo sli sla error budget tracing logging
        logs metrics dashboard incident postmortem on-call runbook toil capacity failover redundancy
        load balancer dns certificate infrastructure iac pipeline ci/cd ci cd artifact registry
        container containers pod pods node nodes cluster namespace ingress daemonset statefulset
        configmap secret secrets rotation backup restore rto rpo chaos""",
    "security": """
        encryption hashing salt token authentication authorization session cookie csrf xss ssrf sqli
        injection escaping sanitize sanitization csp certificate cors tls mtls least privilege firewall
        vulnerability vulnerabilities exploit patch patching audit threat model threat-model stride
        attack surface phishing mfa 2fa rbac abac zero-trust pentest penetration cve cvss siem edr
        ids ips malware ransomware forensics containment eradication segmentation waf secrets
        rotation signing signature nonce replay privilege escalation""",
    "product_management": """
        roadmap prioritization prioritisation prioritize backlog rice moscow kano okr okrs kpi kpis
        north star mvp discovery stakeholder stakeholders user interviews persona personas hypothesis
        experiment a/b retention activation acquisition engagement churn conversion funnel cohort
        adoption revenue pricing monetization market segment positioning go-to-market launch beta
        requirements prd user story stories acceptance criteria trade-off scope sprint iteration
        jobs-to-be-done jtbd nps csat ltv cac arpu dau mau""",
    "design": """
        usability user research interview interviews persona personas journey map wireframe wireframes
        prototype prototypes prototyping mockup mockups heuristic heuristics accessibility wcag
        contrast affordance hierarchy typography grid layout spacing design system component components
        token tokens pattern library interaction microinteraction information architecture card sorting
        tree testing user flow flows onboarding empathy ideation critique iteration a/b usability-test
        task success error rate sus figma sketch storyboard visual consistency""",
}.items()}

ALL_TERMS: frozenset[str] = frozenset().union(*FAMILY_TERMS.values())
# Two-word terms ("design system", "error budget") are matched as phrases.
_PHRASES = sorted({f"{a} {b}" for a, b in (
    ("design", "system"), ("error", "budget"), ("user", "research"), ("journey", "map"),
    ("information", "architecture"), ("card", "sorting"), ("tree", "testing"), ("user", "flow"),
    ("event", "loop"), ("screen", "reader"), ("web", "vitals"), ("service", "worker"), ("load", "balancer"),
    ("rate", "limiter"), ("circuit", "breaker"), ("dynamic", "programming"), ("threat", "model"),
    ("attack", "surface"), ("least", "privilege"), ("north", "star"), ("user", "story"),
    ("acceptance", "criteria"), ("learning", "rate"), ("p", "value"), ("confidence", "interval"),
    ("schema", "evolution"), ("slowly", "changing"), ("task", "success"), ("error", "rate"),
)}, key=len, reverse=True)
_PHRASE_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in _PHRASES) + r")\b", re.I)


def domain_terms(text: str, words: list[str]) -> list[str]:
    """Distinct domain terms of any family in the text: known phrases first, then single words."""
    found = dict.fromkeys(m.group(0).lower() for m in _PHRASE_RE.finditer(text))
    for w in words:
        low = w.lower()
        if low in ALL_TERMS:
            found.setdefault(low, None)
    return list(found)


def family_of_terms(terms: list[str]) -> dict[str, int]:
    """How many of the terms belong to each family (a term may count for several)."""
    return {fam: sum(t in vocab for t in terms) for fam, vocab in FAMILY_TERMS.items() if any(t in vocab for t in terms)}
