"""Which resume lines are structure (employer, school, role, location, dates) and what they say.

    is_structure_line("Google    Mountain View, CA")        # True: an employer and a place, not a bullet
    is_structure_line("Cut p95 latency from 480 to 190 ms")   # False: an achievement
    entry_context(["Google    Mountain View, CA", "Software Engineer    Jan 2020 – Present"])
    # BulletContext(employer='Google', role='Software Engineer', dates='Jan 2020 – Present', section='')

Used by interview/documents/resume.py: structure lines are never bullets; they become the context attached to the
bullets that follow them. Word counts treat space-less scripts (Chinese, Japanese, Thai) fairly.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

# A CJK character carries about half an English word of meaning; a Thai "word" runs ~3 characters.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_YEAR = r"(?:19|20)\d\d"
_MON_YY = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)'?\d\d\b"  # "Nov18", "Sep'20": month, 2-digit year
_DAY_MONTH = r"(?:\d{1,2}[./]){1,2}"  # "1/2020", "5.3.2004": numeric dates, day first or month first
_DATE_RANGE = re.compile(
    rf"(?:{_MONTH}\s*)?(?:{_YEAR}|{_DAY_MONTH}{_YEAR})(?:\s*年\s*\d{{0,2}}\s*月?)?\s*(?:[-–—~]+|to|until)\s*"
    rf"(?:(?:{_MONTH}\s*|{_DAY_MONTH})?{_YEAR}(?:\s*年\s*\d{{0,2}}\s*月?)?|present|now|current|today|至今|今)"
    rf"|\b\d{{1,2}}/\d\d\s*(?:[-–—~]+|to)\s*(?:\d{{1,2}}/\d\d\b|present|now|current)"  # "5/14 - 8/14", "08/20 -- Present"
    rf"|(?:since|from)\s+(?:{_MONTH}\s*)?{_YEAR}|(?:{_MONTH}|summers?|spring|fall|autumn|winter)\s*{_YEAR}|\(\s*{_YEAR}\s*\)"
    rf"|\b{_MON_YY}(?:\s*[-–—~]+\s*(?:{_MON_YY}|present|now|current))?", re.I)  # "Nov18 - now", "Jan20"
_LOCATION = re.compile(r"(?:,\s*(?:[A-Z]{2}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:\s*\([^)]*\))?|\b(?i:remote|hybrid)\)?)\s*$")
# ^ "Mountain View, CA", "Rome, NY (Remote)", "Remote"
_ORG_WORDS = re.compile(r"\b(?:inc|llc|ltd|gmbh|corp|corporation|company|group|labs?|university|college|"
                        r"institute|school|academy|foundation|agency|bank|hospital|studio|technologies|systems|"
                        r"solutions|consulting|partners|council|center|centre|department|ministry)\b\.?", re.I)
_ROLE_WORDS = re.compile(r"\b(?:engineer|developer|manager|intern(?:ship)?|assistant|analyst|director|lead|consultant|"
                         r"designer|scientist|student|specialist|coordinator|founder|co-founder|cto|ceo|cfo|"
                         r"researcher|programmer|architect|officer|head|vp|president|teacher|instructor|ta|"
                         r"professor|fellow|administrator|owner|freelancer?|contractor|associate|trainee|"
                         r"apprentice|volunteer|chef|cook|barista|nurse|writer|editor|product|sre|devops|tutor|"
                         r"bachelor|master|phd|ph\.d|b\.s|m\.s|bsc|msc|b\.a|m\.a|mba|degree|diploma)s?\b", re.I)
_LOWER_WORDS = {"and", "or", "of", "for", "in", "on", "at", "the", "a", "an", "to", "with", "&", "de", "du", "y"}
_SKILL_LIST = re.compile(r"^[^.:：，。,]{1,40}[:：]\s*[^.。]+(?:[,、][^,、.。]+){2,}$")  # "Languages: Python, Go, SQL"
# "Working knowledge of Java, Python, Bash", "Proficient in both SQL (PostgreSQL) and NoSQL": a skill list
_SKILL_PHRASE = re.compile(r"^(?:(?:highly |very )?proficient (?:in|with)|(?:working|basic|good|strong|some|solid) "
                           r"knowledge of|(?:familiar|experienced|comfortable) (?:in|with)|fluent in|expertise in|"
                           r"exposure to)\s+(?P<items>.+)$", re.I)
# "English: Bilingual Proficiency", "German (native)", "Spanish - B2": a language and how well it is spoken
_LEVEL = (r"(?:native|fluent|bilingual|proficiency|proficient|elementary|intermediate|advanced|beginner|basic|"
          r"conversational|mother tongue|[abc][12])")
_LANGUAGE_LEVEL = re.compile(rf"^[A-Z][a-z]+(?: [A-Z][a-z]+)?\s*(?:[:–—-]\s*|\(\s*)(?=(?:[\w-]+\s+){{0,3}}?{_LEVEL}\b)"
                             rf"(?:[\w-]+\s*){{1,4}}\)?$", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|we|my|our)\b")
_SEPARATORS = re.compile(r"\s{3,}|\s+[|·•]\s+|\t")


@dataclass(frozen=True)
class BulletContext:
    """Where a bullet comes from: the entry (job, school, project) it was listed under."""
    employer: str = ""   # company, school or project name
    role: str = ""       # job title or degree
    dates: str = ""      # as written: "Jan 2020 – Present"
    section: str = ""    # the resume section: "Experience", "Projects", ...

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def label(self) -> str:
        """'Role, Employer' for the UI; '' when neither is known."""
        return ", ".join(x for x in (self.role, self.employer) if x)


def word_count(text: str) -> int:
    """Words in `text`, counting space-less scripts by characters: 2 CJK characters or 3 Thai
    characters make a word, so a Chinese or Thai bullet is not mistaken for a two-word skill tag.

    >>> word_count("Cut latency by 60%"), word_count("修复了连接未正常关闭导致文件描述符耗尽的问题")
    (4, 11)
    """
    cjk, thai = len(_CJK.findall(text)), len(_THAI.findall(text))
    rest = _THAI.sub(" ", _CJK.sub(" ", text))
    return len(rest.split()) + (cjk + 1) // 2 + (thai + 2) // 3


def has_date(line: str) -> bool:
    return bool(_DATE_RANGE.search(line))


def _words(line: str) -> list[str]:
    return re.findall(r"(?<!\w)[^\W\d_][\w'’.&-]*", line)  # "38th" is a number, not a lower-case word


def _title_case(line: str) -> bool:
    """Every word that is not a small connector starts with a capital (or is an acronym / number)."""
    words = [w for w in _words(line) if w.lower() not in _LOWER_WORDS]
    return bool(words) and all(w[0].isupper() for w in words)


def split_last_and(items: list[str]) -> list[str]:
    """A list's items with the last one split at "and": "Spring Core, MVC, Data and Web Flux" has four."""
    return [*items[:-1], *re.split(r"\s+and\s+", items[-1])]


def is_skill_line(line: str) -> bool:
    """A list of skills: "Languages: Python, Go, SQL", "Working knowledge of Java, Python, Bash", or a
    language and its level: "English: Bilingual Proficiency", "German (native)"."""
    text = line.strip().rstrip(".")
    if _LANGUAGE_LEVEL.match(text):
        return True
    m = _SKILL_PHRASE.match(text)
    if not m:
        return bool(_SKILL_LIST.match(text))
    items = [i for i in re.split(r",\s*|\s+and\s+|\s*/\s*", m["items"]) if i.strip()]
    if re.match(r"\w+ing\b", m["items"]) and " " in m["items"].strip():
        return False  # an activity, not a list of skills: "Proficient in assessing client networks and ..." (da3mond)
    if len(items) == 1:  # "Basic knowledge of SIP network protocol": one skill named
        return len(items[0].split()) <= 4 and not re.search(r"[.;!?]", m["items"])
    return (len(items) >= 2 and all(len(i.split()) <= 4 for i in items)
            and not re.search(r"[.;!?]\s", m["items"]))  # one list, not "... Windows. Some knowledge of ..."


def is_structure_line(line: str) -> bool:
    """True for employer / school / role / location / date / skill-list lines: the frame of a resume,
    never an experience to cite. Achievement lines start with a verb or a noun phrase in sentence case
    and read as a statement."""
    text = line.strip().strip("*_`").strip()
    if not text:
        return True
    if is_skill_line(text) or _framed(text) or _role_at(text) or _role_working(text):
        return True
    if _CJK.search(text) or _THAI.search(text):
        return _cjk_structure(text)
    if re.fullmatch(r"[A-Z][A-Z0-9&-]{1,9}\s*\([^()\d%$]{3,80}\)\.?", text):
        return True  # an acronym and what it stands for: "SIR (Sistema de Inventario de red)" (nachose, fresh7)
    bare = " ".join(re.sub(r"\([^()$%€£]*\)", " ", text).split())  # "Software Engineer (Online Cinema - Backend) ivi.ru, Moscow"
    if bare != text and len(_words(bare)) >= 2 and not re.match(r"^\w+(?:ed|ing)\b", bare) and is_structure_line(bare):
        return True  # the header with its aside left out (the team, a former name, an acronym; not "($2300)")
    n = len(_words(text))
    if has_date(text):
        # "Software Engineer  Jan 2020 – Present", "creator | Lamb.js | May 2018 – Present": a date with
        # a short frame; a long sentence that mentions a year is an achievement.
        rest = re.sub(r"\([^()]*\)", " ", _DATE_RANGE.sub(" ", text))  # an aside: "UrbanScan (acquired by Google)"
        fields = [p for p in re.split(r"\s*[|;·]\s*|\s{3,}", rest) if p.strip()]
        if len(_words(rest)) <= 10:
            return _title_case(rest) or len(_words(rest)) <= 3 or len(fields) >= 2
        # "September 2017 - Machine Learning Foundations: A Case Study Approach; University of Washington", "Lead
        # SDE / Architect: Windows Live ID, Microsoft Corporation, Redmond, WA. (2007 - 2009)": names in fields
        names = [p for p in re.split(r"\s*[;,:|]\s*", rest.strip(" .-–—")) if p.strip()]
        return (len(_words(rest)) <= 16 and len(names) >= 2 and bool(re.search(r"[;:]", rest)) and _title_case(rest)
                and not re.search(r"\b(?:I|we|my|our)\b", rest))  # a label or a ';' between names, not a comma only
    commas = [c.strip() for c in text.rstrip(".").split(",")]
    if len(commas) >= 4 and all(len(c.split()) <= 3 for c in commas):  # "Cooling, optics, alchemy, apples."
        return True
    items = split_last_and(commas)  # "Ansible, Linux shell and command line."
    if len(commas) >= 3 and len(items) >= 4 and all(len(c.split()) <= 3 for c in items) and not re.match(r"^\w+(?:ed|ing)\b", text):
        return True
    if len(commas) == 3 and all(len(c.split()) <= 2 for c in commas) and not re.search(r"[\d.!?]", text):
        return True  # "popularization, opinions, project presentation"
    if n == 0:
        return True
    if text.endswith(":") or re.match(r"^[A-Z][\w ]{0,30}:\s*\S+(?:\s+\S+){0,3}$", text):
        return True  # "Your Most Recent Work Experience:", "Manager: Jane Roe": a label, not a statement
    if (text.endswith(".") and 2 <= len(commas) <= 4 and n <= 12 and _title_case(text)
            and not _FIRST_PERSON.search(text) and not re.match(r"^\w+(?:ed|ing)\b", text)):
        return True  # "Microsoft Suzhou, M365 Big Data Team, SOTELS EUDB Team.": names in fields, a stop after them
    if text.endswith((".", "!", "?")) and n >= 6:
        return False
    if not text.endswith(".") and not re.search(r"\d", text) and (
            n <= 6 and _title_case(text) or n <= 5 and _ORG_WORDS.search(text)):
        return True  # "That Other Job You Had", "Non-profit AI research institute"
    if (2 <= len(commas) <= 4 and n <= 10 and not re.search(r"\d", text) and all(len(c.split()) <= 5 for c in commas)
            and (_ORG_WORDS.search(text) or _ROLE_WORDS.search(text)) and commas[0][:1].isupper()
            and not re.match(r"^\w+(?:ed|ing)\b", text) and not re.search(r"\b(?:a|an|the)\b", commas[0], re.I)):
        return True  # "Lucasian professor of Mathematics, Cambridge University"
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    if n <= 12 and _title_case(text) and (len(parts) > 1 or _LOCATION.search(text) or _ORG_WORDS.search(text)
                                          or _ROLE_WORDS.search(text) or n <= 4):
        return True
    return False


_ROLE_AT = re.compile(r"^(?P<role>[A-Z][^,;:.()]{1,50}?)\s+(?:at|@|as|to(?: the)?)\s+(?P<org>[A-Z0-9][^;]*?)[;,.]?$")


def _role_at(text: str) -> bool:
    """"Data Scientist at Samsung R&D Institute UK; Nov18 - now", "Senior Software Developer at Oracle, Corp.
    via AcmePacket acquisition (Berlin, Germany)", "Internship as Conservas La Pureza", "Statistical Consultant to
    the Makah Tribal Council.": a job title (at most five words, one a title word) at a
    named employer, with its dates or place; no first person, verb of the past or figure: a header, not work."""
    rest = re.sub(r"\([^()]*\)", " ", _DATE_RANGE.sub(" ", text)).strip(" ;,|–—-")
    m = _ROLE_AT.match(" ".join(rest.split()))
    return (bool(m) and len(m["role"].split()) <= 5 and bool(_ROLE_WORDS.search(m["role"])) and len(m["org"].split()) <= 8
            and not re.search(r"\b(?:I|we|my|our|where|who|which|was|were|led|built)\b|[%$\d]", rest))


# "Senior backend developer, working in Ercisson 4G and 5G evolved core gateways.", "Analyst Programer, working in
# Sener in FORAN project. CAD/CAE/CAM software for ship design." (nachose-resume, fresh7): a job title, then where
# or on what the person worked
_ROLE_WORKING = re.compile(r"^(?P<role>[A-Z][\w/-]*(?: [\w/-]+){0,3}),? working (?:in|at|on|for)\b")


def _role_working(text: str) -> bool:
    """A job title of at most four words (one a title word), then "working in / at / on / for" what: the role
    line under an employer, not work done; no first person, at most 20 words."""
    m = _ROLE_WORKING.match(text)
    return (bool(m) and bool(_ROLE_WORDS.search(m["role"])) and not _FIRST_PERSON.search(text)
            and len(text.split()) <= 20)


def _framed(text: str) -> bool:
    """An entry header written as fields: "PG Booking | React, Node.js, MySQL | pg.com", "Lead developer |
    Jan 2023 – Jul 2025", "大数据部-基础架构开发实习生|SpringBoot、Hive、Spark", "Udemy | edX | MOOC"; or a
    field or aside left on a line of its own: "| Software Engineering Intern", "( Veteran, Medically
    discharged )". An achievement has a statement in one of its fields; these have names, lists, links
    and dates only."""
    if text.startswith("|") and _frame_field(text.strip("| ")) or re.fullmatch(r"\(\s*[^()]{1,60}\s*\)", text):
        return True
    fields = [f.strip() for f in re.split(r"\s+\|\s+|\s*｜\s*|(?<=\S)\|(?=\S)", text) if f.strip()]
    if len(fields) < 2 or re.match(r"^\w+(?:ed|ing)\b", fields[0]):
        return False
    return all(_frame_field(f) for f in fields)


def _frame_field(field: str) -> bool:
    """A name, a short title, a date, a link or a list of short items ("React, Node.js, MySQL")."""
    if re.fullmatch(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?", field):
        return True  # "shivshaktipg.com"
    items = [i for i in re.split(r"[,、/]", _DATE_RANGE.sub(" ", field)) if i.strip()]
    if len(items) >= 3 and all(word_count(i) <= 4 for i in items):
        return True
    rest = _DATE_RANGE.sub(" ", field).strip(" -–—")
    return not re.search(r"[.!?。；;]$|[，。；]", rest) and word_count(rest) <= (14 if _CJK.search(rest) else 6)


def _cjk_structure(text: str) -> bool:
    """CJK lines: a date, or a short line with no sentence punctuation and an org / role word."""
    if has_date(text):
        return word_count(_DATE_RANGE.sub(" ", text)) <= 10
    return word_count(text) <= 6 and not re.search(r"[，。；、,;]", text)


_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_LABELLED_LIST = re.compile(r"^[\w ]{1,25}:\s*[^,]{1,30}(?:,[^,]{1,30}){3,}$")   # a label, then four or more short items


def entry_context(lines: list[str], section: str = "") -> BulletContext:
    """The employer, role and dates written in an entry's header lines (in any order, one or two lines,
    fields split by wide gaps, '|', ',' or ' at '). Fields with a job-title word make the role; the
    employer is the first other field with the fields after it on the same line ("School of Security,
    Georgia Tech"); cities before a state code are dropped. Without a title word: the dated line holds the
    role ("Shepherd    2012 – 2014" under "Sheep Farm"), or a single line reads "Role, Employer"."""
    dates, rows, dated = "", [], -1
    for line in lines:
        line = re.sub(r"^#+\s*|[*_`]", "", _MD_LINK.sub(r"\1", line)).strip()   # "[Apkudo, Inc](https://...)"
        if _LABELLED_LIST.match(line) and not _DATE_RANGE.search(line) and not _is_role(line.partition(":")[0]):
            continue   # "Technology: Node.js, Python, Java, Docker" under the header: no employer (a walkthrough's sample
            #            answer read "at Technology: Node.js, Python, ... as Director of Engineering: Apkudo, Inc")
        m = _DATE_RANGE.search(line)
        if m and not dates:
            dates = m.group(0).strip(" ()")
        line = re.sub(r"\(\s*\)|\[\s*\]", "  ", _DATE_RANGE.sub("", line))  # "(2021 – present)" leaves "()"
        line = re.sub(r"\([^()]*\)", lambda p: p.group(0).replace(",", "\x00"), line)  # "(Freelance, Part-time)"
        parts = []
        for part in re.split(r"\s{2,}|\s+[|·]\s+|\t| at |,\s+|:\s+", line):   # "Director of Engineering: Apkudo"
            part = re.sub(r"^([A-Z]{2})\.$", r"\1", part.strip(" ,;:|·–—-").replace("\x00", ","))  # "Redmond, WA."
            if parts and re.fullmatch(r"(?i)inc\.?|llc|l\.?l\.?c\.?|l\.p\.|ltd\.?|gmbh|co\.|corp\.?|s\.a\.|plc", part):
                parts[-1] = f"{parts[-1]}, {part}"  # "One Technologies, L.P."
            elif part:
                parts.append(part)
        parts = [p for p in _drop_cities(parts) if not _is_place(p)]
        if parts:
            if m and dated < 0:
                dated = len(rows)
            rows.append(parts)
    roles = [f for row in rows for f in row if _is_role(f)]
    if not roles and rows:
        if len(rows) >= 2 and dated >= 0:
            roles = [rows[dated][0]]
        elif len(rows) == 1 and len(rows[0]) >= 2:
            roles = [rows[0][0]]
    employer = ""
    for row in rows:
        rest = [f for f in row if f not in roles]
        if rest:
            employer = ", ".join(rest)
            break
    return BulletContext(employer=employer, role=", ".join(role_without_employer(r, employer) for r in roles),
                         dates=dates, section=section)


def role_without_employer(role: str, employer: str) -> str:
    """The role without the employer it repeats at its end: "DevOps Engineer - Devoteam" under Devoteam is
    "DevOps Engineer" (a sample answer read "at Devoteam as DevOps Engineer - Devoteam", a browser walkthrough)."""
    if not employer:
        return role
    return re.sub(rf"\s+[-–—@]\s*{re.escape(employer)}$", "", role, flags=re.I) or role


_CJK_ROLE = re.compile(r"工程师|开发|经理|实习|总监|设计师|分析师|主管|架构师|研究员|顾问|エンジニア|マネージャー|デザイナー")
_CJK_ORG = re.compile(r"公司|大学|学院|研究所|集团|银行|医院|株式会社|有限会社|大學")


def is_title_case(line: str) -> bool:
    return _title_case(line)


def _is_role(field: str) -> bool:
    """A job title or degree: a title word that comes before any organisation word
    ("Graduate Teaching Assistant - Operating Systems" is a role, "Acme Systems" is not)."""
    if _CJK.search(field):
        return bool(_CJK_ROLE.search(field)) and not _CJK_ORG.search(field)
    role, org = _ROLE_WORDS.search(field), _ORG_WORDS.search(field)
    return bool(role) and (not org or role.start() < org.start())


_PLACES = {"remote", "usa", "us", "uk", "germany", "france", "china", "india", "canada", "australia", "japan",
           "finland", "america", "netherlands", "spain", "italy", "singapore", "korea", "brazil", "mexico",
           "sweden", "norway", "denmark", "poland", "ireland", "israel", "switzerland", "austria", "belgium",
           "portugal", "argentina", "chile", "colombia", "nigeria", "kenya", "egypt", "turkey", "vietnam",
           "indonesia", "philippines", "thailand", "malaysia", "pakistan", "bangladesh", "new zealand",
           "south africa", "united states", "united kingdom", "england", "scotland", "taiwan", "hong kong",
           "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
           "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
           "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri",
           "montana", "nebraska", "nevada", "new hampshire", "new jersey", "new mexico", "new york",
           "north carolina", "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island",
           "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont", "virginia", "washington",
           "west virginia", "wisconsin", "wyoming", "ontario", "quebec", "bavaria", "uusimaa", "pirkanmaa"}


def _is_place(field: str) -> bool:
    """'Mountain View', 'Helsinki, Finland', 'TX': a location rather than an employer or a role."""
    f = field.strip()
    return (f.lower() in _PLACES or f.lower() in ("hybrid", "(remote)") or bool(re.fullmatch(r"[A-Z]{2}(?: \(\w+\))?", f))
            or (bool(re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?, (?:[A-Z]{2}|[A-Z][a-z]+)", f))
                and not re.search(r", (?:Inc|Ltd|Corp|Co|Plc|Llc|Gmbh)$", f, re.I)))   # "Apkudo, Inc" is a company


# First words of two-word city names ("San Francisco", "Mountain View", "College Station").
_CITY_FIRST = {"san", "los", "las", "new", "mountain", "salt", "santa", "palo", "fort", "st.", "saint", "el", "ann",
               "baton", "grand", "long", "menlo", "redwood", "college", "kansas", "oklahoma", "north", "south",
               "east", "west", "rio", "hong", "tel", "buenos", "cape", "sao", "são", "kuala", "mexico", "des", "la"}


def _drop_cities(fields: list[str]) -> list[str]:
    """Fields of one line before a state code: 'Google Mountain View', 'CA' -> 'Google' (text extraction
    glued the employer to the city: the last word, two when the first is 'San', 'Mountain', ...);
    'Acme', 'Austin', 'TX' -> 'Acme' (a field of its own before the code is the city)."""
    out = []
    for i, f in enumerate(fields):
        nxt = fields[i + 1] if i + 1 < len(fields) else ""
        if re.fullmatch(r"[A-Z]{2}(?: \(\w+\))?", nxt) or i > 0 and nxt.lower() in _PLACES - {"remote"}:
            words = f.split()
            if i > 0 or len(words) == 1:
                continue  # the city itself
            words = words[:-1]
            if len(words) > 1 and words[-1].lower() in _CITY_FIRST:
                words = words[:-1]
            f = " ".join(words)
        out.append(f)
    return out
