"""What a job posting asks for: its skills (tools, technologies, domain terms) and duties (what the
person will do), read with plain rules so a user can check them on Set up and the question writer
can be held to them.

    facts = extract_posting("SRE Developer", "You'll need to: design and improve infrastructure as code on AWS ...")
    facts.skills            # ['AWS', 'infrastructure as code', ...]
    facts.duties            # ['design and improve infrastructure as code on AWS', ...]
    names_posting("How would you roll back a Terraform change on AWS?", facts)   # ['AWS']

No model runs here: skills come from a list of technologies, the role-family vocabulary of
interview/text/vocabulary.py and the specialty codes of US federal IT titles; duties are the
clauses that start with an action verb. The same `names_posting` is used to rank generated
questions and by the evaluation that counts how many questions name the posting
(training/generator/evaluate_questions_real.py), so the two cannot disagree.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from interview.text import tokens
from interview.text.vocabulary import FAMILY_TERMS, _PHRASES

MAX_SKILLS = 12     # shown on Set up and put in the prompt; a 135M model reads a short list best
MAX_DUTIES = 6
DUTY_WORDS = 12     # a duty is cut to its first words: the verb and its object

# Tools and technologies. Names with two capitals or more (AWS, SQL, REST) match only as written, so
# "rest" and "sas" in ordinary English do not count; the others match in any case.
TECHNOLOGIES = """
Python Java JavaScript TypeScript Go Golang Rust Ruby Rails PHP Scala Kotlin Swift C# C++ .NET R SQL NoSQL
PostgreSQL Postgres MySQL Oracle MongoDB Redis Cassandra DynamoDB Elasticsearch Kafka RabbitMQ Spark Hadoop
Airflow dbt Snowflake BigQuery Redshift Databricks Tableau Looker Excel SAS Stata SPSS MATLAB
pandas NumPy scikit-learn PyTorch TensorFlow Keras Jupyter
AWS Azure GCP Kubernetes Docker Terraform Ansible Jenkins GitLab Git Linux Unix Bash PowerShell Nginx
Prometheus Grafana Splunk Datadog ServiceNow SharePoint Salesforce React Angular Vue Node.js Django Flask
Spring FastAPI GraphQL REST HTML CSS Sass Figma Jira OAuth SAML TLS VPN LDAP firewall firewalls SIEM IAM
NIST FedRAMP FISMA TCP/IP DNS LAN WAN Cisco VMware SCCM ETL API APIs microservices CI/CD DevOps agile
Scrum AI ML UX QA cybersecurity accessibility econometrics forecasting monitoring observability compliance
""".split()
# Multi-word technologies and practices.
TECH_PHRASES = [
    "Power BI", "Google Cloud", "GitHub Actions", "Windows Server", "Active Directory", "Zero Trust",
    "machine learning", "deep learning", "artificial intelligence", "natural language processing",
    "computer vision", "infrastructure as code", "site reliability", "incident response", "cloud infrastructure",
    "cloud tools", "data management", "data governance", "data quality", "data pipelines", "data analysis",
    "data visualization", "data modeling", "data warehouse", "data architecture", "database administration",
    "enterprise architecture", "information security", "risk management", "vulnerability management",
    "network security", "network services", "systems administration", "system administration",
    "systems analysis", "software development", "application development", "web development",
    "user research", "service design", "interaction design", "content design", "visual design",
    "qualitative research", "usability testing", "product management", "product roadmap", "statistical analysis",
    "statistical methods", "survey methodology", "cloud migration", "automated testing", "test automation",
    "code review", "open source", "technical debt", "incident post-mortems", "post-mortems", "security best practices",
    "plain language", "content strategy", "reusable software", "digital services",
]
# Role-family words (interview/text/vocabulary.py) that are too general to show as a skill of a
# posting or to count as naming it: they show depth in an answer ("state", "process"), but in a
# posting they are ordinary English ("changing how government works", "a service", "research").
GENERIC = set("""
process state focus scope session token tokens interview interviews decision pattern hierarchy layout control
power sample order model component components segment map flows flow iteration critique empathy
consistency spacing grid story stories feature features data lift funnel market launch beta pricing
metric metrics batch topic stream node nodes set tree graph stack queue heap array index join
unit interface schema requirements engagement revenue adoption positioning discovery experiment
hypothesis mean median bias variance distribution prior ranking training inference baseline labels
loss vector vectors chunk chunks retention conversion cohort acquisition activation changing service
computer trust information alert classification surface capacity system user research learning design
testing infrastructure stakeholders stakeholder web signature cookie decision lock locks thread threads
memory process rotation secret secrets patch audit signing replay attack threat containment backup
restore redundancy probe sketch persona personas prototype pattern library interaction onboarding
sprint requirements trade-off accessibility-test labeling attention drift calibration epoch epochs
ensemble boosting bagging fact dimension star snowflake window merge late lake checkpoint skew shuffle
evolution freshness lineage partition replica consensus isolation transaction transactions query queries
protocol endpoint gateway container containers pod cluster deployment deployments canary rollback retry
timeout bucket refactor abstraction dependency coupling cohesion regression mock immutable
pagination render rendering hook hooks scope closure promise promises callback cascade breakpoint
viewport lazy paint focus keyboard cohort segmentation dashboard forecast churn control treatment
power outlier outliers significance correlation causation mean percentile ideation visual task success
error rate sus critique typography contrast affordance wireframe mockup heuristic heuristics
services systems relationships practices processes resources rest hardware departments incubating
""".split())
_TECH_EXACT = {t for t in TECHNOLOGIES if sum(c.isupper() for c in t) >= 2 or t in ("Go", "R")}
_TECH_ANYCASE = {t.lower(): t for t in TECHNOLOGIES if t not in _TECH_EXACT}

# US federal IT titles name their specialty in brackets ("IT Specialist (INFOSEC/APPSW)"). What each
# one covers, paraphrased from OPM's job family standard for series 2210 (a US government work).
FEDERAL_SPECIALTIES = {
    "APPSW": ("application software", ["design, develop, test and support application software"]),
    "INFOSEC": ("information security", ["protect the integrity and confidentiality of systems, networks and data"]),
    "DATAMGT": ("data management", ["administer systems for the storage and retrieval of data"]),
    "SYSADMIN": ("systems administration", ["install, troubleshoot and maintain hardware and software systems"]),
    "SYSANALYSIS": ("systems analysis", ["design information systems that meet business requirements"]),
    "NETWORK": ("network services", ["design, configure and maintain networked systems"]),
    "OS": ("operating systems", ["install, configure and manage the systems environment"]),
    "ENTARCH": ("enterprise architecture", ["plan the business, data, application and technology architecture"]),
    "CUSTSPT": ("customer support", ["install, configure and troubleshoot systems for customers"]),
    "PLCYPLN": ("IT policy and planning", ["set IT strategy, policy and standards"]),
    "INET": ("internet services", ["build and manage internet and intranet services"]),
    "CYBERMGT": ("cybersecurity management", ["manage cybersecurity risk and controls"]),
}
_SPECIALTY_ALIASES = {"SYS ANALYSIS": "SYSANALYSIS", "SYSTEM ANALYSIS": "SYSANALYSIS", "SYSTEMS ANALYSIS": "SYSANALYSIS",
                      "SYSTEMANALYSIS": "SYSANALYSIS", "APPSOFTWARE": "APPSW", "APP SOFTWARE": "APPSW",
                      "APPLICATION SOFTWARE": "APPSW", "APPLICATIONS SOFTWARE": "APPSW", "DATA MANAGEMENT": "DATAMGT",
                      "INFORMATION SECURITY": "INFOSEC", "NETWORK SERVICES": "NETWORK", "SECURITY": "INFOSEC",
                      "CYBERSECURITY": "INFOSEC"}
# Written without brackets ("IT Specialist INFOSEC", "IT Specialist Application Software"): only the
# codes and spelled-out names that cannot be ordinary title words.
_UNBRACKETED = re.compile(r"\b(APPSW|INFOSEC|DATAMGT|SYSADMIN|SYSANALYSIS|ENTARCH|CUSTSPT|PLCYPLN|CYBERMGT|"
                          r"SYSTEMS? ANALYSIS|APP(?:LICATIONS?)? SOFTWARE)\b", re.I)
# "Occupation series: 1560 - Data Science Series" (USAJobs): the series is what the job is about.
SERIES_SKILLS = {"1560": "data science", "1530": "statistics", "1529": "mathematical statistics",
                 "1550": "computer science", "0854": "computer engineering", "1515": "operations research",
                 "0110": "economics"}

# Job titles say what the job is about even when the description says little ("Data Scientist",
# "Senior Product Owner"): the skill the title names.
TITLE_SKILLS = [
    (r"\bdata scien", "data science"), (r"\bstatistic", "statistics"), (r"\bproduct (?:owner|manager|management)", "product management"),
    (r"\b(?:ux|user experience)\b", "user experience"), (r"\bui\b", "user interface design"),
    (r"\bservice design", "service design"), (r"\bcontent design", "content design"),
    (r"\bnetwork", "networking"), (r"\bcloud", "cloud"), (r"\bcyber|\bsecurity\b", "cybersecurity"),
    (r"\bdatabase", "database"), (r"\bdata engineer", "data pipelines"), (r"\bdevops\b", "DevOps"),
    (r"\bsre\b|site reliability", "site reliability"), (r"\bmachine learning|\bml\b", "machine learning"),
    (r"\bai\b|artificial intelligence", "AI"), (r"\bfront[- ]?end", "frontend development"),
    (r"\bback[- ]?end", "backend services"), (r"\bfull[- ]?stack", "web development"),
    (r"\bsoftware (?:engineer|developer)|\bdeveloper\b", "software development"),
    (r"\bresearcher\b", "user research"), (r"\bvisuali[sz]ation", "data visualization"),
]

ACTION_VERBS = """
design build develop create implement maintain operate run deploy configure install test troubleshoot
support improve lead manage plan analyse analyze evaluate assess monitor automate integrate migrate
document write conduct research define deliver drive own mentor coach review secure protect administer
optimize optimise model visualize visualise collect clean prepare prototype architect engineer advise
collaborate coordinate establish identify investigate oversee promote scale ship present
facilitate translate champion ensure apply participate communicate partner
provide set prioritize prioritise assemble shape measure track report gather validate hire recruit
""".split()
# -ing forms that double their last consonant ("Planning and coordinating delivery ...", "Setting measurable goals
# ...": a product manager posting's duties were missed for want of them)
_DOUBLED = {"plan": "planning", "run": "running", "set": "setting", "ship": "shipping", "model": "modelling"}
_VERB_FORMS = sorted({f for v in ACTION_VERBS for f in (v, v + "s", v + "ing", (v[:-1] + "ing") if v.endswith("e") else v + "ing",
                                                       _DOUBLED.get(v, v))},
                     key=len, reverse=True)
# A duty starts a line or a clause, after a bullet, "you will", "you'll", "responsible for" or a
# capitalised list item run into one paragraph ("... cloud tools Employing site reliability ...").
_DUTY_START = re.compile(
    r"(?:^|[\n.;:•·▪*]\s*|[-–]\s+|\b(?i:you(?:'|’)ll|you will|responsible for)\s+|\s(?=[A-Z]))"
    r"((?i:" + "|".join(_VERB_FORMS) + r")\b[^\n.;:•·▪]{8,200})",
    re.M,
)
# A list run into one paragraph ("... major cloud tools Employing site reliability ..."): an item ends
# where the next capitalised verb starts.
# A list run into one paragraph also starts its next item with any capitalised -ing word or with a capitalised
# word that never stands inside a sentence ("Improving the citizenship process Unlocking household energy data The
# products you'll deliver ..." was read as one duty).
_RUN_IN = re.compile(r"\s(?=(?:" + "|".join(v.capitalize() for v in _VERB_FORMS) + r"|[A-Z][a-z]{2,}ing|The|This|These|Our|We|"
                     r"You|Your|They|As)\b)")
# Examples of the employer's work are not duties of the role ("A few examples of ways in which our portfolio is
# already benefiting Canadian society: Helping Veterans access benefits ...").
_EXAMPLES_BEFORE = re.compile(r"\bexamples? of\b[^.]*$", re.I)
# Clauses about the employer or the hiring, not the job ("To support this mission, we are looking for").
_NOT_A_DUTY = re.compile(r"\b(we are|we're|looking for|hiring|join|what you|this position|this role|mission|candidates?|how to apply)\b", re.I)
_CLAUSE_END = re.compile(r"\s(?:so that|in order to|to ensure|which|while|where|when|as well as|and help|,\s*and\s+(?:be|are|is))\b", re.I)
# Words that do not count when phrases are compared (a repeated skill, a question naming a topic): function
# words and a posting's connectives ('using', 'via', 'across', 'including'). A list of its own, not
# tokens.STOPWORDS, as _stem is its own stemmer: the question report's posting figures were measured with both.
_STOP = set("""a an the and or of to for in on at by with as from into your our their its this that these those
all any some such other using use across within via etc including""".split())


@dataclass
class PostingFacts:
    skills: list[str] = field(default_factory=list)   # short noun phrases, posting order, no repeats
    duties: list[str] = field(default_factory=list)   # verb phrases, cut to DUTY_WORDS words

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict | None) -> "PostingFacts":
        d = d or {}
        return cls(list(d.get("skills", [])), list(d.get("duties", [])))

    def __bool__(self) -> bool:
        return bool(self.skills or self.duties)

    def prompt_line(self, limit: int = 8) -> str:
        """The skills as the question prompt lists them: 'AWS, infrastructure as code, ...'."""
        return ", ".join(self.skills[:limit])


def _stem(word: str) -> str:
    """A crude stem for matching: lowercase, letters only, plural dropped, cut to 6 letters (so
    'managing', 'management' and 'manage' meet, and so do 'databases' and 'database')."""
    w = re.sub(r"[^a-z0-9+#]", "", word.lower())
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w[:6]


def _content_stems(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[A-Za-z0-9+#./-]+", text) if w.lower() not in _STOP and _stem(w)}


def _find_terms(text: str) -> list[tuple[int, str]]:
    """(position, term) of every technology, practice and non-generic family term in the text."""
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    phrases = sorted({*TECH_PHRASES, *(p for p in _PHRASES if p not in GENERIC)}, key=len, reverse=True)
    for phrase in phrases:  # longest first, so "machine learning" is not also "learning"
        for m in re.finditer(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text, re.I):
            if not any(m.start() in r for r in taken):
                found.append((m.start(), phrase))
                taken.append(range(m.start(), m.end()))
    family = {t for terms in FAMILY_TERMS.values() for t in terms if t not in GENERIC and len(t) > 2}
    for m in re.finditer(r"[A-Za-z.][A-Za-z0-9+#./-]*[A-Za-z0-9+#]|[A-Za-z]", text):
        word, low = m.group(0), m.group(0).lower()
        if any(m.start() in r for r in taken):
            continue
        if word in _TECH_EXACT:
            found.append((m.start(), word))
        elif low in _TECH_ANYCASE:
            found.append((m.start(), _TECH_ANYCASE[low]))
        elif low in family:
            found.append((m.start(), low))
    return sorted(found)


def _federal_title_facts(title: str) -> tuple[list[str], list[str]]:
    skills, duties = [], []
    outside = re.sub(r"\([^)]*\)", " ", title)
    for inside in [*re.findall(r"\(([^)]*)\)", title), *(m.group(1) for m in _UNBRACKETED.finditer(outside))]:
        for part in re.split(r"[/,&]| and ", inside):
            code = part.strip().upper()
            code = _SPECIALTY_ALIASES.get(code, code).replace(" ", "")
            if code in FEDERAL_SPECIALTIES and FEDERAL_SPECIALTIES[code][0] not in skills:
                skill, what = FEDERAL_SPECIALTIES[code]
                skills.append(skill)
                duties.extend(what)
    return skills, duties


def _duties(text: str) -> list[str]:
    out = []
    for m in _DUTY_START.finditer(text):
        if _EXAMPLES_BEFORE.search(text[max(0, m.start() - 200):m.start()]):
            continue
        clause = _RUN_IN.split(_CLAUSE_END.split(m.group(1))[0])[0]
        words = clause.split()
        while words and words[-1].lower() in tokens.LEADS_ON:   # "... the UX team on" once "Learning" starts an item
            words.pop()
        if len(words) < 3 or _NOT_A_DUTY.search(clause):
            continue
        duty = " ".join(tokens.cut_words(words, DUTY_WORDS)).rstrip(",;- ")
        duty = duty[0].lower() + duty[1:]
        if duty.lower() not in {d.lower() for d in out}:
            out.append(duty)
    return out


def extract_posting(role: str, description: str) -> PostingFacts:
    """Skills and duties of a posting (title + description), most specific first."""
    from interview.text.clean import clean_text

    role, description = clean_text(role), clean_text(description)
    skills, duties = _federal_title_facts(role)
    skills += [skill for pattern, skill in TITLE_SKILLS if re.search(pattern, role, re.I)]
    for series, skill in SERIES_SKILLS.items():
        if re.search(rf"Occupation series:.*\b{series}\b", description):
            skills.append(skill)
    for _, term in _find_terms(f"{role}\n{description}"):
        skills.append(term)
    duties += _duties(description)
    return PostingFacts(skills=_unique(skills)[:MAX_SKILLS], duties=_unique(duties)[:MAX_DUTIES])


def _unique(items: list[str]) -> list[str]:
    """Items without repeats (case and plural folded), first spelling kept; a term contained in a
    longer one already kept ('security' after 'information security') adds nothing."""
    out: list[str] = []
    for item in items:
        stems = _content_stems(item)
        if not stems or any(stems <= _content_stems(o) for o in out):
            continue
        out = [o for o in out if not _content_stems(o) < stems]  # a longer term replaces its part
        out.append(item)
    return out


_DETERMINERS = re.compile(r"^(?:(?:the|a|an|our|your|their|its|new|existing|all)\s+)+", re.I)


def duty_topics(duty: str) -> list[str]:
    """What a duty is about: the phrases after its leading verbs, cut at a preposition ('design,
    build and improve infrastructure as code for X' -> ['infrastructure as code']; 'lead discovery
    interviews, observation and analysis' -> ['discovery interviews', 'observation', 'analysis']).
    A one-word topic only counts when it is not generic."""
    words = duty.split()
    i = 0
    verbs = {v.lower() for v in _VERB_FORMS} | {"and", "or", "to", "help", "&"}
    while i < len(words) and words[i].lower().strip(",") in verbs:
        i += 1
    rest = " ".join(words[i:])
    rest = re.split(r"\b(?:for|to|so|with|that|in|on|at|by|from|into|across|using|of|through|based)\b", rest)[0]
    topics = []
    for item in re.split(r",|\band\b|\bor\b", rest):
        item = _DETERMINERS.sub("", item.strip(" ,"))
        stems = _content_stems(item)
        if len(stems) >= 2 or (len(stems) == 1 and item.lower() not in GENERIC and len(item) > 3):
            topics.append(item)
    return topics


def names_posting(question: str, facts: PostingFacts) -> list[str]:
    """The posting's skills (and duty topics) that the question names: every content word of the
    term, stemmed, is in the question ('data management' matches 'How do you manage data ...'? no:
    'manage' and 'management' meet, so it does). Generic one-word terms never count."""
    have = _content_stems(question)
    return [term for term in posting_topics(facts) if (stems := _content_stems(term)) and stems <= have]


def posting_topics(facts: PostingFacts) -> list[str]:
    """Everything a technical question may be about: the skills, then the duties' topics."""
    topics: list[str] = []
    for term in [*facts.skills, *(t for d in facts.duties for t in duty_topics(d))]:
        if term.lower() not in GENERIC and term not in topics:
            topics.append(term)
    return topics


def pick_topic(facts: PostingFacts, previous: list[str] = ()) -> str:
    """The skill or duty the next technical question is about: the first one no earlier question of
    the interview named, so that three technical questions cover three of the posting's asks; when
    every one has been named, they come round again. "" for a posting with none."""
    topics = posting_topics(facts)
    if not topics:
        return ""
    named = {t for q in previous for t in names_posting(q, PostingFacts(skills=topics))}
    fresh = [t for t in topics if t not in named]
    return fresh[0] if fresh else topics[len(previous) % len(topics)]


def topic_order(facts: PostingFacts, previous: list[str] = ()) -> list[str]:
    """The topics a technical question tries, one per sampling round: `pick_topic`'s first, then the
    others no earlier question named, then the rest. A round whose candidates name none of the posting
    asks about the next one: the model hardly ever writes some terms into a question ("software
    development": 2 of 140 candidates on the development postings) and does write others (API, Python)."""
    first = pick_topic(facts, previous)
    if not first:
        return []
    topics = posting_topics(facts)
    named = {t for q in previous for t in names_posting(q, PostingFacts(skills=topics))}
    rest = [t for t in topics if t != first]
    return [first, *(t for t in rest if t not in named), *(t for t in rest if t in named)]


def _literal(text: str) -> str:
    """Posting text shown as Markdown, read literally (no links, emphasis or HTML from the posting)."""
    return re.sub(r"([\\`*_{}\[\]()#+!|<>~$-])", r"\\\1", text)


def posting_summary(facts: PostingFacts) -> str:
    """Markdown for Set up: the skills and duties the questions will draw on, labelled as read by rules."""
    if not facts:
        return ("**Skills and duties** (read by rules, not a model): none found. Questions follow the role; "
                "paste the posting's requirements into the description to ground them.")
    lines = ["**Skills and duties the questions will draw on** (read from the posting by rules, not a model):"]
    if facts.skills:
        lines.append("- Skills: " + ", ".join(_literal(s) for s in facts.skills))
    lines += [f"- Duty: {_literal(d)}" for d in facts.duties]
    return "\n".join(lines)
