"""Collect the real questions and postings of data/real/ from local git mirrors of public repositories.

    python data/real/collect.py            # reads /work/.mirror/<owner>+<name>/repo (or MIRROR_DIR)

Every row keeps its source repository, path, commit and licence (the LICENSE file read at that commit).
Labels the sources do not carry are given by the documented procedure of data/real/README.md:
the question type is the type of the source section it was copied from (a behavioural question set,
a system-design problem list, a coding-challenge list, a technical Q&A list), except that a
"technical" line that asks to write/implement code is coding; the role family of a question is
the family its source or section is about; postings get their family and seniority from the title
rules below. Re-running gives the same files (sorted, de-duplicated).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

MIRROR = Path(os.environ.get("MIRROR_DIR", "/work/.mirror"))
OUT = Path(__file__).parent

LICENCES = {  # read from each repository's LICENSE at the commit recorded in the rows
    "30-seconds/30-seconds-of-interviews": "MIT", "sudheerj/reactjs-interview-questions": "MIT",
    "dmz-v-x/devops-interview-questions": "MIT", "evgenyvinnik/llm-driven-system-design": "MIT",
    "sadanandpai/javascript-code-challenges": "MIT", "blakelassiter/data-engineering-interview-patterns": "MIT",
    "computer-science-engineering/learning-computer-science": "MIT", "iamtodor/data-science-interview-questions-and-answers": "MIT",
    "ajitsingh98/Data-Science-Interview-Questions-Answers": "MIT", "peachycloudsecurity/awesome-cloud-security-interview": "MIT",
    "rkm-ravi94/awesome-devops-interview": "MIT", "scottaohara/accessibility_interview_questions": "MIT",
    "JagdeepSinghCeh/secdevops-interview-prep": "CC-BY-4.0", "greatfrontend/awesome-front-end-system-design": "MIT",
    "devkodeio/frontend-system-design": "MIT", "Coder-World04/Complete-System-Design": "MIT",
    "attacker-codeninja/appsec-interview-handbook": "MIT", "amichaelsen/data-science-interview-prep": "MIT",
    "datadriven-io/data-engineering-interview-questions": "CC-BY-SA-4.0", "espetey/pminterviewquestion": "MIT",
    "cockroachlabs/open-sourced-interview-process": "CC0-1.0", "TedGoas/Dante": "MIT",
    "cds-snc/digital-canada-ca": "MIT", "abigailhaddad/usajobs_historical": "MIT (repository); the postings are US federal works, public domain",
    "Olshansk/interview": "WTFPL", "andkret/Cookbook": "Apache-2.0", "moshesham/Data-Science-Analytical-Handbook": "MIT",
}
CODING_VERB = re.compile(r"^(write|implement|create|code|given|find|return|reverse|merge|design a function|design a private)\b", re.I)


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "-C", str(MIRROR / repo.replace("/", "+") / "repo"), *args],
                          capture_output=True, text=True, check=True).stdout


def head(repo: str) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def files(repo: str, pattern: str) -> list[str]:
    return sorted(f for f in git(repo, "ls-tree", "-r", "--name-only", "HEAD").splitlines() if re.search(pattern, f))


def show(repo: str, path: str, commit: str = "HEAD") -> str:
    return git(repo, "show", f"{commit}:{path}")


def clean(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)          # links -> their text
    text = re.sub(r"[*_`#>|]+", "", text)
    text = re.sub(r"^\s*(Q(uestion)?\s*\d*[.:)]|\d+[.)]|[-+])\s*", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


def qrow(repo, path, commit, question, qtype, family):
    question = clean(question)
    if qtype == "technical" and CODING_VERB.match(question):
        qtype = "coding"
    return {"question": question, "question_type": qtype, "role_family": family, "source": repo,
            "path": path, "commit": commit, "licence": LICENCES[repo]}


def heading_questions(repo, pattern, qtype, family, levels="#{2,4}", limit=None, need_q=True):
    """Questions that are markdown headings (or bold lines) of the matching files."""
    commit, rows = head(repo), []
    line_re = re.compile(rf"^\s*(?:{levels}|\*\*)\s*(.{{12,280}}?)\s*\**\s*$")
    for path in files(repo, pattern):
        for line in show(repo, path).splitlines():
            m = line_re.match(line)
            if m and (not need_q or m.group(1).rstrip("*").endswith("?")):
                rows.append(qrow(repo, path, commit, m.group(1), qtype, family))
    return rows[:limit] if limit else rows


# ---- questions, one function per source layout ---------------------------------------------------

def thirty_seconds():
    repo, rows = "30-seconds/30-seconds-of-interviews", []
    commit = head(repo)
    for path in files(repo, r"^questions/.*\.md$"):
        m = re.search(r"^###\s+(.+)$", show(repo, path), re.M)
        if m:
            rows.append(qrow(repo, path, commit, m.group(1), "technical", "frontend"))
    return rows


def readme_line_questions(repo, line_pattern, qtype, family):
    """Questions that are the first group of `line_pattern` on lines of the repository's README."""
    commit, rows = head(repo), []
    for line in show(repo, "README.md").splitlines():
        m = re.match(line_pattern, line)
        if m:
            rows.append(qrow(repo, "README.md", commit, m.group(1), qtype, family))
    return rows


def react_toc():
    rows = readme_line_questions("sudheerj/reactjs-interview-questions", r"^\s*\|\s*\d+\s*\|\s*\[(.+?)\]\(#",
                                 "technical", "frontend")
    return rows[::3]   # every third: one source must not swamp the set


def devops_files():
    repo = "dmz-v-x/devops-interview-questions"
    commit, rows = head(repo), []
    for path in files(repo, r"^\d{3}-[^/]+/\d{3}-.*\.md$"):
        m = re.search(r"###\s*Question\s*\n+(.+)", show(repo, path))
        if m:
            rows.append(qrow(repo, path, commit, m.group(1), "technical", "devops_sre"))
    return rows[::2]


def llm_system_design():
    repo = "evgenyvinnik/llm-driven-system-design"
    commit, rows = head(repo), []
    for path in files(repo, r"^[^/]+/README\.md$"):
        first = (show(repo, path).splitlines() or [""])[0]   # one git call per file, not two
        m = re.match(r"#\s*(Design .+?)(\s+-\s+.*)?$", first)
        if m:
            rows.append(qrow(repo, path, commit, m.group(1), "system_design", "software_engineering"))
    return rows


def js_challenges():
    repo = "sadanandpai/javascript-code-challenges"
    commit, rows = head(repo), []
    for path in files(repo, r"challenges/.*page\.mdx$"):
        for m in re.finditer(r"^###\s+\d+\.\s+(.+)$", show(repo, path), re.M):
            rows.append(qrow(repo, path, commit, m.group(1), "coding", "frontend"))
    return rows[::2]


def de_problems():
    repo = "blakelassiter/data-engineering-interview-patterns"
    commit, rows = head(repo), []
    for path in files(repo, r"(patterns|sql)/[^/]+/problems/.*\.md$"):
        m = re.search(r"## Problem Statement\s*\n+(.+?)\n\n", show(repo, path), re.S)
        if m and len(m.group(1)) < 400:
            rows.append(qrow(repo, path, commit, m.group(1), "coding", "data_engineering"))
    return rows


def cse_repo():
    repo = "computer-science-engineering/learning-computer-science"
    commit, rows = head(repo), []
    for path in files(repo, r"src/Pramp/src/Problems/Behavioral/.*/readme\.md$"):
        for m in re.finditer(r"^##\s+(.+)$", show(repo, path), re.M):
            rows.append(qrow(repo, path, commit, m.group(1), "behavioral", "software_engineering"))
    for path in files(repo, r"GrokkingTheSystemDesignInterview/02-SystemDesignProblems/[^/]+/readme\.md$"):
        m = re.search(r"^#\s+(.+)$", show(repo, path), re.M)
        if m:
            title = m.group(1)
            rows.append(qrow(repo, path, commit, title if title.lower().startswith("design") else f"Design {title}",
                             "system_design", "software_engineering"))
    for path in files(repo, r"src/LeetCode/src/Problems/[^/]+/[^/]+/readme\.md$")[:60]:
        text = show(repo, path)
        para = next((p for p in text.split("\n\n")[1:] if len(p) > 40 and not p.startswith(("#", "!", "[", "|", "`"))), "")
        if 40 < len(para) < 400:
            rows.append(qrow(repo, path, commit, para, "coding", "software_engineering"))
    return rows


def readme_lists():
    """Q&A lists whose questions are headings or bold lines ending with '?'."""
    rows = []
    rows += heading_questions("iamtodor/data-science-interview-questions-and-answers", r"README\.md$", "technical", "data_science")
    rows += heading_questions("ajitsingh98/Data-Science-Interview-Questions-Answers", r"\.md$", "technical", "machine_learning")[::3]
    rows += heading_questions("peachycloudsecurity/awesome-cloud-security-interview", r"\.md$", "technical", "security")
    rows += heading_questions("rkm-ravi94/awesome-devops-interview", r"\.md$", "technical", "devops_sre")[::3]
    rows += heading_questions("scottaohara/accessibility_interview_questions", r"\.md$", "technical", "frontend",
                              levels=r"#{2,4}|[-*]|\d+\.")
    rows += heading_questions("JagdeepSinghCeh/secdevops-interview-prep", r"\.md$", "technical", "security")[::6]
    rows += heading_questions("attacker-codeninja/appsec-interview-handbook", r"\.md$", "technical", "security")[::4]
    rows += heading_questions("amichaelsen/data-science-interview-prep", r"\.md$", "technical", "data_science")
    rows += heading_questions("datadriven-io/data-engineering-interview-questions", r"\.md$", "technical", "data_engineering",
                              levels=r"#{2,4}|[-*]|\d+\.")[::2]
    return rows


def design_tables():
    """System-design case lists: README table rows that start with 'Design'."""
    return readme_line_questions("Coder-World04/Complete-System-Design", r"^\|\s*(Design [^|]{3,80}?)\s*\|",
                                 "system_design", "software_engineering")


# ---- postings --------------------------------------------------------------------------------------

# Title rules, first match wins (documented in data/real/README.md). None: not one of the nine families.
FAMILY_RULES = [
    (r"machine learning|\bml\b|artificial intelligence|\bai\b", "machine_learning"),
    (r"data scien|statistic", "data_science"),
    (r"data engineer|data manag|datamgt|database|analytics engineer", "data_engineering"),
    (r"infosec|security|cyber", "security"),
    (r"front[- ]?end", "frontend"),
    (r"product manag|product owner|head of product", "product_management"),
    (r"design|\bux\b|user experience|user research", "design"),
    (r"sre|site reliability|devops|sysadmin|network|cloud|infrastructure|platform|operations engineer", "devops_sre"),
    (r"software|developer|appsw|computer scien|computer engineer|engineering", "software_engineering"),
]
NOT_TECH = re.compile(r"instructional|interior|landscape|graphic|policy|recruit|translator|assistant|"
                      r"communications|partnership|outreach|talent|people|administrative|executive|chief of staff|"
                      r"interpreter|electrical|civil|mechanical|nurse|physical security|security guard|police", re.I)
SENIOR = re.compile(r"\b(senior|sr\.?|staff|principal|lead|head of|director|chief|supervisory|manager|"
                    r"gs-1[4-5]|cs-0[4-5]|iii|iv)\b", re.I)
ENTRY = re.compile(r"\b(intern|student|trainee|co-op|junior|entry|recent graduate|pathways|cs-0[1-2])\b", re.I)


def family_of(title: str) -> str | None:
    if NOT_TECH.search(title) or re.search(r"multiple|openings", title, re.I):   # several roles in one
        return None
    return next((fam for pat, fam in FAMILY_RULES if re.search(pat, title, re.I)), None)


def seniority_of(text: str) -> str:
    return "entry" if ENTRY.search(text) else "senior" if SENIOR.search(text) else "none"


def cds_postings():
    """Canadian Digital Service postings: every English posting file in the repository's history,
    at its last version before deletion."""
    repo = "cds-snc/digital-canada-ca"
    rows, seen = [], set()
    paths = sorted(set(git(repo, "log", "--all", "--format=", "--name-only", "--", "content/en/careers/positions/").split()))
    for path in paths:
        last = git(repo, "log", "--all", "--format=%H", "-1", "--", path).strip()
        try:
            text = show(repo, path, last)
        except subprocess.CalledProcessError:           # deleted in that commit: take its parent
            last = git(repo, "rev-parse", f"{last}^").strip()
            text = show(repo, path, last)
        m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
        if not m:
            continue
        t = re.search(r"^title:\s*['\"]?(.+?)['\"]?\s*$", m.group(1), re.M)
        title = clean(t.group(1)) if t else ""
        family = family_of(title)
        body = clean(re.sub(r"\{\{.*?\}\}", "", m.group(2)))[:2000]
        if not family or title.lower() in seen or len(body) < 300:
            continue
        seen.add(title.lower())
        rows.append({"job_title": title, "description": body, "role_family": family,
                     "seniority": seniority_of(title + " " + body[:400]), "organisation": "Canadian Digital Service",
                     "source": repo, "path": path, "commit": last, "licence": LICENCES[repo]})
    return rows


def usajobs_postings(per_family: int = 40):
    """US federal postings (title, department, agency, series) from the USAJobs API as kept by
    abigailhaddad/usajobs_historical; GSA is left out (it holds 18F/TTS, reserved for evaluation)."""
    import random

    repo = "abigailhaddad/usajobs_historical"
    commit, rows, seen = head(repo), [], set()
    for path in files(repo, r"tracking/public/data/raw_jobs/.*\.json$"):
        if "general_services" in path:
            continue
        try:
            jobs = json.loads(show(repo, path))
        except subprocess.CalledProcessError:        # the mirror lacks the largest files
            continue
        for job in jobs:
            series = "; ".join(job.get("occupation_series") or [])
            if not re.match(r"(2210|1550|1560|1530|0854|1515)", series) and not re.search(
                    r"product manag|ux|user experience|designer", job["position_title"], re.I):
                continue
            title = clean(job["position_title"])
            family = family_of(title) or family_of(series)
            key = (title.lower(), job.get("agency"))
            if not family or key in seen:
                continue
            seen.add(key)
            desc = f"{job['department']}, {job.get('agency') or ''}. Occupation series: {series}."
            rows.append({"job_title": title, "description": desc, "role_family": family,
                         "seniority": seniority_of(title), "organisation": job["department"],
                         "source": repo, "path": path, "commit": commit, "licence": LICENCES[repo],
                         "url": job.get("usajobs_url", "")})
    rng = random.Random(0)        # cap each family so that IT specialists do not swamp the set
    out = []
    for fam in sorted({r["role_family"] for r in rows}):
        group = sorted((r for r in rows if r["role_family"] == fam), key=lambda r: (r["job_title"], r["url"]))
        out += rng.sample(group, min(per_family, len(group)))
    return out


def usajobs_history_postings(taken: list[dict]) -> list[dict]:
    """More US federal postings for TRAINING only (issue 22: role family was 0.64 on 124 real training
    postings): every technical posting of the departments that are neither validation, test nor GSA,
    from every readable version of the repository's history, not just HEAD: the department files the
    mirror lacks at HEAD (HHS, Treasury, Transportation, Agriculture) are readable at older commits,
    and questionnaires/all_jobs_clean.csv lists the postings of every department (Defense, the armed
    services, DHS, VA...) with title, hiring department and occupation series. Same labelling rules as
    usajobs_postings; one row per distinct title (a title's wording is the signal, and roster
    re-posts of one title would otherwise swamp a class); titles already in postings.jsonl skipped."""
    import csv
    import io

    from training.router.data import real_split   # the project is installed (pip install -e .)

    repo = "abigailhaddad/usajobs_historical"

    def readable(path):
        for c in git(repo, "log", "--all", "--format=%H", "--", path).split():
            if subprocess.run(["git", "-C", str(MIRROR / repo.replace("/", "+") / "repo"), "cat-file", "-e",
                               f"{c}:{path}"], capture_output=True).returncode == 0:
                yield c

    jobs = {}   # control number -> (commit, path, title, department, agency, series)
    path = "questionnaires/all_jobs_clean.csv"
    for c in readable(path):
        for r in csv.DictReader(io.StringIO(show(repo, path, c))):
            jobs.setdefault(r["usajobs_control_number"], (c, path, r["position_title"], r["hiring_agency"], "",
                                                          r["occupation_full"]))
    for path in files(repo, r"tracking/public/data/raw_jobs/.*\.json$"):
        c = next(readable(path), None)     # the newest readable version of each department file
        for j in json.loads(show(repo, path, c)) if c else []:
            jobs.setdefault(str(j["control_number"]), (c, path, j["position_title"], j["department"],
                                                       j.get("agency") or "", "; ".join(j.get("occupation_series") or [])))
    seen = {r["job_title"].lower() for r in taken}
    rows = []
    for number, (commit, path, title, dept, agency, series) in sorted(jobs.items()):
        if "General Services" in dept or real_split(dept) != "train":
            continue
        if not re.match(r"(2210|1550|1560|1530|0854|1515)", series) and not re.search(
                r"product manag|ux|user experience|designer", title, re.I):
            continue
        title = clean(title)
        if EXTRA_NOT_TECH.search(title) or title.lower() in seen:
            continue
        # DATAMGMT is OPM's DATAMGT spelled differently (the p-0244 / p-0158 corrections of the data card)
        family = family_of(re.sub(r"datamgmt", "DATAMGT", title, flags=re.I)) or family_of(series)
        if not family:
            continue
        seen.add(title.lower())
        rows.append({"job_title": title, "description": f"{dept}, {agency}. Occupation series: {series}.",
                     "role_family": family, "seniority": seniority_of(title), "organisation": dept,
                     "source": repo, "path": path, "commit": commit, "licence": LICENCES[repo],
                     "url": f"https://www.usajobs.gov/job/{number}"})
    return rows


# Dropped from the extra postings, as p-0119 / p-0121 were by hand: interior, furniture and curriculum
# designers are not the design family.
EXTRA_NOT_TECH = re.compile(r"furnishings|project designer|curriculum|training specialist", re.I)


def main() -> None:
    questions = []
    for fn in (thirty_seconds, react_toc, devops_files, llm_system_design, js_challenges, de_problems,
               cse_repo, readme_lists, design_tables):
        questions += fn()
    seen, qs = set(), []
    for q in sorted(questions, key=lambda r: (r["source"], r["path"], r["question"])):
        key = re.sub(r"\W+", " ", q["question"].lower()).strip()
        if 12 <= len(q["question"]) <= 400 and key not in seen:
            seen.add(key)
            qs.append(q)
    # At most 60 technical questions per source (spread over its files): technical Q&A lists are
    # long, and one list would otherwise teach its own wording instead of the type.
    technical: dict[str, list[dict]] = {}
    for q in qs:
        if q["question_type"] == "technical":
            technical.setdefault(q["source"], []).append(q)
    kept = []
    for q in qs:
        if q["question_type"] == "technical":
            group = technical[q["source"]]
            step, at = max(1, len(group) // 60), group.index(q)
            if at % step or at // step >= 60:
                continue
        kept.append(q)
    qs = kept
    postings = cds_postings() + usajobs_postings()
    for name, rows in (("questions.jsonl", qs), ("postings.jsonl", postings)):
        with open(OUT / name, "w", encoding="utf-8") as f:
            for i, r in enumerate(rows):
                f.write(json.dumps({"id": f"{name[0]}-{i:04d}", **r}, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} rows")


def main_extra() -> None:
    """`python data/real/collect.py --extra`: postings_extra.jsonl only (postings.jsonl keeps its hand
    corrections, which a full re-run would undo)."""
    taken = [json.loads(line) for line in open(OUT / "postings.jsonl", encoding="utf-8")]
    rows = usajobs_history_postings(taken)
    with open(OUT / "postings_extra.jsonl", "w", encoding="utf-8") as f:
        for i, r in enumerate(rows):
            f.write(json.dumps({"id": f"px-{i:04d}", **r}, ensure_ascii=False) + "\n")
    print(f"postings_extra.jsonl: {len(rows)} rows")


if __name__ == "__main__":
    import sys

    main_extra() if "--extra" in sys.argv[1:] else main()
