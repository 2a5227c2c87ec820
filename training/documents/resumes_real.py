"""The real-resume corpus of data/resumes_real/: raw sources → resume text + a label per line.

    python -m training.documents.resumes_real          # rebuild data/resumes_real/text/ and the field labels

Raw files (JSON Resume, YAML, Markdown, LaTeX) are copied unchanged from public repositories
(data/resumes_real/sources.tsv: repository, commit, path, licence). Markdown is used as written;
LaTeX goes through a small de-TeX (what a PDF of it would show, one line per printed line); JSON/YAML
resumes are rendered as text in one of three layouts real resumes use (the layout cycles over the
files, so each appears), and each rendered line is labelled from the field it came from:

    achievement  what the person did or won: highlights of 3+ words, job summaries, project descriptions,
                 awards, publications, talks
    structure    name, contact, headings, employer, school, role, location, dates, skills, languages,
                 education details, the organisation's description (work.description), 1-2 word highlights
    profile      the opening summary about the person (not an experience to cite)

Markdown and LaTeX lines are labelled by hand in data/resumes_real/labels_hand.jsonl (same labels).
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "data" / "resumes_real"
RAW, TEXT = ROOT / "raw", ROOT / "text"
LAYOUTS = ("plain", "markdown", "oneline")
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def load_sources() -> list[dict]:
    with open(ROOT / "sources.tsv", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


# ----------------------------------------------------------------------------- JSON / YAML → text

def _date(value) -> str:
    m = re.match(r"(\d{4})(?:-(\d{2}))?", str(value or ""))
    if not m:
        return str(value or "").strip()
    return f"{_MONTHS[int(m[2]) - 1]} {m[1]}" if m[2] and 1 <= int(m[2]) <= 12 else m[1]


def _span(e: dict) -> str:
    start = _date(e.get("startDate") or e.get("start_date") or "")
    end = _date(e.get("endDate") or e.get("end_date") or "") or ("Present" if start else "")
    when = f"{start} – {end}" if start else _date(e.get("date") or e.get("releaseDate") or "")
    return when.replace("present", "Present")


def _strip(text) -> str:
    text = re.sub(r"<[^>]+>", " ", str(text or ""))
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return " ".join(text.replace("**", "").split())


def normalise(data: dict) -> dict:
    """JSON Resume shape from JSON Resume (any version), rendercv YAML or best-resume-ever YAML."""
    if "cv" in data:  # rendercv
        cv, out = data["cv"], {"basics": {"name": data["cv"].get("name"), "label": data["cv"].get("headline"),
                                          "email": data["cv"].get("email"), "location": data["cv"].get("location")}}
        for title, entries in (cv.get("sections") or {}).items():
            key = title.lower()
            if key in ("experience", "education", "projects"):
                out[{"experience": "work"}.get(key, key)] = entries
            elif key in ("publications",):
                out["publications"] = [{"name": e.get("title"), "publisher": e.get("journal"), "releaseDate": e.get("date")}
                                       for e in entries]
            elif key == "skills":
                out["skills"] = [{"name": e.get("label"), "keywords": [e.get("details")]} for e in entries]
            elif entries and isinstance(entries[0], dict):  # bullet-like sections: honors, patents, talks
                out.setdefault("awards", []).extend({"title": next(iter(e.values()))} for e in entries)
            else:
                out.setdefault("basics", {})["summary"] = " ".join(map(str, entries))
        return out
    if "bio_data" in data:  # prat0318/json_resume
        b = data["bio_data"]
        def items(k):
            return (b.get(k) or {}).get("items") or []
        return {"basics": {"name": f"{data.get('firstname', '')} {data.get('familyname', '')}".strip(),
                           "email": b.get("email"), "phone": b.get("phone"),
                           "summary": " ".join((b.get("summary") or {}).get("points") or [])},
                "work": [{"name": e.get("organisation"), "position": e.get("title"), "location": e.get("location"),
                          "date": f"{e.get('from', '')} – {e.get('to', '')}", "highlights": e.get("details") or e.get("points") or []}
                         for e in items("experience") + items("research_experience")],
                "projects": [{"name": p.get("project_name"), "highlights": p.get("description") or []}
                             for p in (b.get("github_projects") or {}).get("details") or []]
                            + [{"description": p.get("headline"), "highlights": p.get("points") or []} for p in items("other_projects")],
                "education": [{"institution": e.get("institution"), "studyType": e.get("degree"), "area": e.get("major"),
                               "date": str(e.get("graduation_year") or "")} for e in (b.get("education") or {}).get("schools") or []],
                "awards": [{"title": t} for t in items("acad_achievements") + items("extra_curricular")],
                "publications": [{"name": p.get("title"), "publisher": p.get("misc")} for p in items("papers")],
                "skills": [{"name": d.get("type"), "keywords": d.get("items")} for d in (b.get("skills") or {}).get("details") or []]}
    if "experience" in data and "name" in data and isinstance(data["name"], dict):  # best-resume-ever
        name = " ".join(v for v in data["name"].values() if v)
        return {"basics": {"name": name, "label": data.get("position"), "summary": data.get("about")},
                "work": [{"name": e.get("company"), "position": e.get("position"), "date": e.get("timeperiod"),
                          "summary": e.get("description")} for e in data.get("experience", [])],
                "education": [{"studyType": e.get("degree"), "date": e.get("timeperiod"), "area": e.get("description")}
                              for e in data.get("education", [])],
                "projects": [{"name": e.get("name"), "date": e.get("timeperiod"), "description": e.get("description")}
                             for e in data.get("projects", [])],
                "skills": [{"name": ", ".join(s["name"] for s in data.get("skills", []))}]}
    return data


def render(data: dict, layout: str):
    """((line, label) pairs, employer/school names, the job each line belongs to) of a JSON Resume in one
    layout; '' lines separate blocks. The job is {"employer", "role"} for lines of work and volunteer
    entries, else None: the gold context of their bullets."""
    d, out, orgs, jobs = normalise(data), [], [], []
    b = d.get("basics") or {}
    job = None

    def add(pair):
        out.append(pair)
        jobs.append(job)

    heading = (lambda t: add((f"## {t}", "structure"))) if layout == "markdown" else (lambda t: add((t.upper(), "structure")))
    add((f"# {b.get('name')}" if layout == "markdown" else str(b.get("name") or ""), "structure"))
    if b.get("label"):
        add((_strip(b["label"]), "structure"))
    loc = b.get("location")
    loc = ", ".join(str(v) for k, v in loc.items() if k in ("city", "region", "countryCode") and v) if isinstance(loc, dict) else loc
    contact = " | ".join(str(x) for x in (b.get("email"), b.get("phone"), loc) if x)
    if contact:
        add((contact, "structure"))
    if b.get("summary"):
        add(("", ""))
        heading("Summary")
        add((_strip(b["summary"]), "profile"))
    for key, title in (("work", "Experience"), ("volunteer", "Volunteering"), ("projects", "Projects"),
                       ("education", "Education")):
        entries = d.get(key) or []
        if not entries:
            continue
        job = None
        add(("", ""))
        heading(title)
        for e in entries:
            org = _strip(e.get("name") or e.get("company") or e.get("organization") or e.get("institution") or "")
            role = _strip(e.get("position") or " ".join(x for x in (e.get("studyType") or e.get("degree"), e.get("area")) if x)
                          or ("; ".join(e["roles"]) if isinstance(e.get("roles"), list) else ""))
            where = e.get("location") or ""
            if isinstance(where, dict):  # JSON Resume 1.0 puts a location object here
                where = ", ".join(str(where[k]) for k in ("city", "region") if where.get(k))
            where, when = _strip(where), _span(e)
            if org:
                orgs.append(org)
            job = {"employer": org, "role": role} if key in ("work", "volunteer") else None
            add(("", ""))
            if layout == "plain":
                add((f"{org}    {where}".strip() if org else role, "structure"))
                if org and (role or when):
                    add((f"{role}    {when}".strip(), "structure"))
            elif layout == "markdown":
                add((f"### {', '.join(x for x in (role, org) if x)}", "structure"))
                if when or where:
                    add((" · ".join(x for x in (f"*{when}*" if when else "", where) if x), "structure"))
            else:
                add((" | ".join(x for x in (role, org, where, when) if x), "structure"))
            text_label = "structure" if key == "education" else "achievement"
            for field in ("summary", "description"):
                if e.get(field):
                    # JSON Resume's work.description describes the organisation ("Cloud storage company")
                    desc_label = "structure" if field == "description" and key in ("work", "volunteer") else text_label
                    add((_strip(e[field]), desc_label))
            for h in e.get("highlights") or []:
                # one- or two-word highlights are tags ("Java", "Experimental Surgery"), not experiences
                label = text_label if len(_strip(h).split()) >= 3 else "structure"
                add((("• " if layout == "plain" else "- ") + _strip(h), label))
            if e.get("courses"):
                add(("Courses: " + ", ".join(map(str, e["courses"])), "structure"))
    job = None
    for key, title, fmt in (("awards", "Awards", lambda a: " ".join(x for x in (_strip(a.get("title")), f"({_date(a.get('date'))})" if a.get("date") else "") if x)),
                            ("publications", "Publications", lambda p: ", ".join(x for x in (_strip(p.get("name")), _strip(p.get("publisher"))) if x))):
        if d.get(key):
            add(("", ""))
            heading(title)
            for item in d[key]:
                add((("• " if layout == "plain" else "- ") + fmt(item), "achievement"))
    if d.get("skills"):
        add(("", ""))
        heading("Skills")
        for s in d["skills"]:
            words = ", ".join(map(str, s.get("keywords") or []))
            add(((f"{s.get('name')}: {words}" if words else str(s.get("name"))), "structure"))
    if d.get("languages"):
        add(("", ""))
        heading("Languages")
        add((", ".join(f"{l.get('language')} ({l.get('fluency')})" for l in d["languages"]), "structure"))
    if d.get("interests"):
        add(("", ""))
        heading("Interests")
        add((", ".join(str(i.get("name")) for i in d["interests"]), "structure"))
    return [(line, label if line.strip() else "") for line, label in out], orgs, jobs


def _load_loose_json(text: str) -> dict:
    """JSON as editors leave it: trailing commas before } or ] are accepted."""
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", text))


def _load_yaml(text: str) -> dict:
    import yaml

    text = re.sub(r"^/\*.*?`\n|`;?\s*$", "", text, flags=re.S | re.M)  # best-resume-ever wraps YAML in JS
    return yaml.safe_load(text)


# ----------------------------------------------------------------------------- LaTeX → text

_DROP_WITH_ARG = r"vspace|hspace|usepackage|documentclass|pagenumbering|setlength|renewcommand|newcommand|includegraphics|progressbar|color|definecolor|label|cite"


def detex(tex: str) -> str:
    """What a reader sees in the PDF of a LaTeX resume, one printed line per line (approximately)."""
    tex = re.sub(r"(?<!\\)%.*", "", tex)
    body = tex.split(r"\begin{document}", 1)[-1].split(r"\end{document}", 1)[0]
    body = re.sub(r"\\(?:" + _DROP_WITH_ARG + r")\*?(\[[^\]]*\])?\{[^{}]*\}", "", body)
    body = body.replace(r"\&", "\x00").replace("$|$", "|")
    body = re.sub(r"\\resume(?:Sub)?Item\b", r"\\item", body)
    for _ in range(3):
        body = re.sub(r"\\href\{[^{}]*\}\{([^{}]*)\}", r"\1", body)
    body = re.sub(r"\\(begin|end)\{[^}]*\}(\[[^\]]*\])?(\{[^{}]*\})*", "\n", body)
    body = re.sub(r"\\item\b", "\n• ", body)
    body = re.sub(r"\\(?:sub)*section\*?\{|\\cvsection\{|\\name\{", "\n\n{", body)
    body = body.replace("\\\\", "\n").replace(r"\newline", "\n").replace(r"\par", "\n")
    for _ in range(6):  # commands with several arguments: two per printed row, as the templates lay them out
        body = re.sub(r"\\[A-Za-z]+\*?(?:\[[^\]]*\])?((?:\s*\{[^{}]*\}){3,})",
                      lambda m: _rows(re.findall(r"\{([^{}]*)\}", m[1])), body)
        body = re.sub(r"\\[A-Za-z]+\*?(?:\[[^\]]*\])?\{([^{}]*)\}\{([^{}]*)\}", r"\1    \2", body)
        body = re.sub(r"\\[A-Za-z]+\*?(?:\[[^\]]*\])?\{([^{}]*)\}", r"\1", body)
        body = re.sub(r"(?<!\\)\{([^{}]*)\}", r"\1", body)
    body = re.sub(r"\\([%&$#_])", r"\1", body).replace("\\ ", " ")
    body = re.sub(r"\\[A-Za-z]+\*?", " ", body).replace("~", " ").replace("--", "–").replace("&", "  ").replace("\x00", "&")
    lines = [" ".join(line.split()) for line in body.split("\n")]
    out: list[str] = []
    for line in lines:
        if line in ("•",):
            continue
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def _rows(args: list[str]) -> str:
    pairs = [args[i:i + 2] for i in range(0, len(args), 2)]
    return "\n" + "\n".join("    ".join(a.strip() for a in p if a.strip()) for p in pairs) + "\n"


# ----------------------------------------------------------------------------- build

def name_of(src: dict, layout: str) -> str:
    return f"{src['id']}.{'md' if layout == 'markdown' else 'txt'}"


def text_names() -> dict[str, dict]:
    """text/ file name -> its source row (the layout of a rendered file follows its order in sources.tsv)."""
    out, rendered = {}, 0
    for src in load_sources():
        if src["kind"] in ("json", "yml"):
            out[name_of(src, LAYOUTS[rendered % len(LAYOUTS)])] = src
            rendered += 1
        else:
            out[f"{src['id']}.{'md' if src['kind'] == 'md' else 'txt'}"] = src
    return out


def texts():
    """(text file name, its text, field labels or None, employers and schools or None) per source."""
    rendered = 0
    for src in load_sources():
        raw = (RAW / f"{src['id']}.{src['kind']}").read_text(encoding="utf-8")
        if src["kind"] in ("json", "yml"):
            data = _load_loose_json(raw) if src["kind"] == "json" else _load_yaml(raw)
            layout = LAYOUTS[rendered % len(LAYOUTS)]
            rendered += 1
            pairs, orgs, jobs = render(data, layout)
            name = name_of(src, layout)
            labels = [{"file": name, "line": i, "text": l, "label": lab, "how": "field",
                       **({"job": job} if job and lab == "achievement" else {})}
                      for i, ((l, lab), job) in enumerate(zip(pairs, jobs), 1) if l.strip()]
            yield name, "\n".join(l for l, _ in pairs) + "\n", labels, orgs
        elif src["kind"] == "tex":
            yield f"{src['id']}.txt", detex(raw), None, None
        else:
            yield f"{src['id']}.md", raw, None, None


def build() -> dict[str, list[dict]]:
    """Write text/<id>.(md|txt) for every source (and orgs/ of the rendered ones); returns their field labels.
    Hand labels (labels_hand.jsonl) and the hand-listed orgs are not touched."""
    TEXT.mkdir(parents=True, exist_ok=True)
    (ROOT / "orgs").mkdir(exist_ok=True)
    labels: dict[str, list[dict]] = {}
    for name, text, rows, orgs in texts():
        (TEXT / name).write_text(text, encoding="utf-8")
        if rows is not None:
            labels[name] = rows
            (ROOT / "orgs" / f"{name}.json").write_text(json.dumps(orgs, ensure_ascii=False) + "\n", encoding="utf-8")
    with open(ROOT / "labels_field.jsonl", "w", encoding="utf-8") as f:
        for rows in labels.values():
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return labels


if __name__ == "__main__":
    out = build()
    print(f"wrote {len(list(TEXT.iterdir()))} text files; field labels for {len(out)}")
