"""Resume text → sections and bullet points (the structuring half of interview/documents/resume.py).

Works on lines: bullet glyphs (•, ▪, -, *, ◦, ➢, numbers ...) start a bullet, wrapped lines are joined
back, section headings are recognised, page numbers and lines repeated on every page (headers,
footers) and contact lines are dropped. A resume written as prose paragraphs yields its sentences as
bullets, with a warning.

    structure(text, from_pdf=False) -> ParsedResume
"""
from __future__ import annotations

import re

from interview.text.clean import clean_text
from interview.documents.resume_lines import (BULLET, CJK_RUN, GLYPHS, HONOURS_LABEL, describes_organisation,
                                              english_title, heads_entry, is_certified, is_contact, is_doi,
                                              is_frame_bullet, is_honour, is_name, is_tex_residue, is_translation,
                                              is_verbless_phrase, link_list, lists_achievements, names_award,
                                              names_nested_list, office_or_talk, second_half, section_is)
from interview.documents.resume_prose import DATES as _DATES, continues, goes_on, is_profile_section, join_wrapped
from interview.documents.resume_structure import (BulletContext, entry_context, has_date, is_skill_line, is_structure_line,
                                                  is_title_case, word_count)
from interview.documents.resume_types import ParsedResume, ResumeError

MAX_BULLETS = 200              # more is not a resume; keeps the index and the UI list small
MIN_BULLET_WORDS = 3           # "• Python" is a skill tag, not an experience to retrieve
MIN_PROSE_WORDS = 6            # sentences taken from prose must say something
MIN_DESCRIPTION_WORDS = 4      # a paragraph under a job or project ("Built and maintained cloud apps.")
MAX_BULLET_CHARS = 400         # longer "bullets" are paragraphs: split into sentences
DEFAULT_SECTION = "Resume"     # bullets that come before any heading

SECTION_TITLES = {
    "experience", "work experience", "professional experience", "relevant experience", "employment",
    "employment history", "work history", "career history", "education", "skills", "technical skills",
    "core skills", "key skills", "skills and tools", "core competencies", "competencies", "projects",
    "selected projects", "personal projects", "side projects", "summary", "professional summary",
    "profile", "about", "about me", "objective", "certifications", "certificates", "licenses",
    "awards", "honors", "honours", "achievements", "key achievements", "accomplishments",
    "publications", "volunteering", "volunteer experience", "leadership", "activities", "languages",
    "interests", "references", "training", "courses", "research", "open source", "teaching",
    "internships", "military service", "patents", "talks", "contact", "highlights",
    "coursework", "relevant coursework", "self-education", "scholarships", "miscellaneous",
    "personal information", "personal details", "personal data", "technologies", "tools",
    "other experience", "associations", "memberships", "affiliations", "hobbies", "knowledge",
    "technical knowledge", "expertise", "technical expertise", "areas of expertise", "open source projects",
}
# Section titles of Chinese, Japanese and Thai resumes (they have no capitals to tell a heading by).
_OTHER_SCRIPT_TITLES = {"工作经历", "工作经验", "项目经历", "项目经验", "实习经历", "实习/项目经历", "教育背景", "教育经历",
                        "专业技能", "技能", "it 技能", "自我评价", "获奖情况", "个人简介", "其他", "職務経歴", "職歴", "学歴",
                        "資格", "スキル", "自己pr", "ประสบการณ์", "ประสบการณ์การทำงาน", "การศึกษา", "ทักษะ"}
# Word and other writers draw bullets with Symbol/Wingdings glyphs that pypdf returns as private-use
# characters, which clean_text would strip; map them to a real bullet first.
_PUA_BULLETS = re.compile("[\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0e0\uf071\uf075]")
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*$")
_UNDERLINE = re.compile(r"^(=|-|_|~){3,}$")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,3})?$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])|(?<=[。！？])")
# Sections whose paragraphs describe the person or list skills: never experiences to cite.
_NO_DESCRIPTION_SECTIONS = {"summary", "professional summary", "profile", "about", "about me", "objective",
                            "skills", "technical skills", "core skills", "key skills", "skills and tools",
                            "core competencies", "competencies", "languages", "interests", "references",
                            "contact", "education", "footer", DEFAULT_SECTION.lower(), "简介", "个人简介",
                            "技能", "专业技能", "it 技能", "技术", "自我评价", "教育背景", "学历", "教育经历", "其他",
                            "coursework", "relevant coursework", "self-education", "courses",
                            "personal information", "personal details", "personal data", "technologies", "tools",
                            "hobbies", "knowledge", "technical knowledge", "expertise", "technical expertise",
                            "areas of expertise"}
_SKILL_LINE = re.compile(r"^[^.:]{1,40}:\s*[^.]+(?:,[^,.]+){2,}$")  # "Languages: Python, Go, SQL"
# Sections whose bullets are skill tags or facts about the person, not experiences.
_TAG_SECTIONS = {"coursework", "relevant coursework", "self-education", "courses",  # course names, not work
                 "skills", "technical skills", "core skills", "key skills", "skills and tools", "competencies",
                 "core competencies", "languages", "interests", "technical", "miscellaneous", "contact",
                 "technologies", "tools", "hobbies", "knowledge", "technical knowledge",  # hobbies, like interests
                 "技能", "专业技能", "it 技能", "技术", "其他",
                 # "Have passion for computer science ..." under Self-Assessment (duanwei-cv, fresh7): about the person
                 "self-assessment", "self assessment", "self-evaluation", "self evaluation", "自我评价"}
# Sections where any paragraph describes work done, even before an entry header was read.
_EXPERIENCE_SECTION = re.compile(r"experience|employment|work|project|history|career|research|volunteer|"
                                 r"open source|leadership|activities|internship|经历|经验|项目", re.I)


def _lines_of(page: str) -> list[tuple[str, int]]:
    """(cleaned line, indent) pairs of one page: the indent is the count of leading spaces or tabs (0: none)."""
    out = []
    for raw in page.split("\n"):
        # the gap after a leading list or definition marker ("-   Python", ":    **Role**") only indents
        marker = _LEAD_MARKERS.match(raw)
        head, rest = (" ".join(marker.group(0).split()) + " ", raw[marker.end():]) if marker else ("", raw)
        # a wide gap or a tab separates fields ("Acme    Berlin", a right-aligned date): keep it as " | "
        line = clean_text(head + re.sub(r"(?<=[^\s>])(?: {3,}|\t+)(?=[^\s<])", " | ", rest))  # not beside an HTML tag
        out.append((line, len(raw) - len(raw.lstrip(" \t")) if line else 0))
    return out


_LEAD_MARKERS = re.compile(rf"^\s*(?:(?::|[{GLYPHS}]|[-*+]|\d{{1,2}}[.)])\s+)+")


def _drop_page_furniture(pages: list[list[tuple[str, bool]]]) -> list[tuple[str, bool]]:
    """All lines in order, without page numbers and without header/footer lines repeated on pages."""
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.lower())

    def edges(page) -> set[str]:  # the top and bottom lines, where headers and footers sit; never bullets
        text = [l for l, _ in page if l]
        return {key(l) for l in text[:3] + text[-3:] if not BULLET.match(l)}

    repeated: set[str] = set()
    if len(pages) >= 2:
        seen: dict[str, int] = {}
        for page in pages:
            for k in edges(page):
                seen[k] = seen.get(k, 0) + 1
        repeated = {k for k, n in seen.items() if n >= max(2, (len(pages) + 1) // 2)}
    out = []
    for page in pages:
        edge = edges(page)
        for line, indented in page:
            if _PAGE_NUMBER.match(line) or (key(line) in repeated and key(line) in edge):
                continue
            out.append((line, indented))
    return out


def _heading(line: str, next_line: str) -> tuple[str, bool] | None:
    """(title, starts a section?) when the line is a heading; sub-headings (### Job) don't, but for a short one
    that names a list of skills ("### Programming Languages", "### Theoretical knowledge": pmozil, fresh7)."""
    m = _MD_HEADING.match(line)
    if m:
        title = english_title(plain := _strip_markup(m["title"]).rstrip(":")) or plain  # "## Projets": "Projects"
        return title, (len(m["hashes"]) <= 2 or title.lower() in SECTION_TITLES | _NO_DESCRIPTION_SECTIONS | _TAG_SECTIONS
                       or section_is(title, _TAG_SECTIONS) and len(title.split()) <= 3 and not re.search(r"[,@|]", title))
    title = _strip_markup(line).strip().rstrip(":").strip()
    if not title or len(title) > 40 and not (_UNDERLINE.match(next_line) and word_count(title) <= 8):
        return None  # an underlined title may be longer: "Technical Experience and Recent Course work" over "----"
    if english_title(title):
        return english_title(title), True  # "Expérience Professionnelle": a French heading, by its English title
    latin = CJK_RUN.sub(" ", title).strip()
    if latin != title and latin.lower() in SECTION_TITLES:
        return latin, True  # "Work Experience工作经历": a bilingual heading, named in its Latin half
    parts = [p.strip() for p in re.split(r"\s+(?:and|&)\s+|\s*[,/]\s*", title.lower())]
    if len(parts) > 1 and all(p in SECTION_TITLES for p in parts):
        return title, True  # "Honors and Awards", "Projects & Research"
    pretty = title.title() if title.isupper() and len(title) > 3 else title  # "SKILLS" → "Skills"
    if title.lower() in SECTION_TITLES | _OTHER_SCRIPT_TITLES or _UNDERLINE.match(next_line):
        return pretty, True
    if (title.isupper() and len(title.split()) <= 4 and not re.search(r"\d|[.!?,]$", title)
            and sum(c.isalpha() for c in title) >= 2 and not has_date(next_line)):  # "KAIST" over "Researcher 2022 – 2023"; not "C"
        return pretty, True
    return None


def _strip_markup(text: str) -> str:
    text = re.sub(r"\s*\{#[\w-]+\}\s*$", "", text)  # pandoc heading anchor: "Skills {#skills}"
    text = re.sub(r"\s*\$~+\$\s*", " | ", text)  # pandoc's TeX spacing between fields: "Role @ Acme $~~~$ 2020"
    text = " ".join(re.sub(r"</?[A-Za-z][^<>]*>", " ", text).split())  # HTML tags: <span class="fa ..."></span>
    text = re.sub(r"^(?::|>)\s+", "", text)  # a pandoc definition-list item; a blockquote ("> Microsoft Suzhou, ...")
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)(?:\{[^}]*\})?", " ", text)  # an image ("![Codewars Badge](b.png){ width=4in }")
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # markdown link → its text
    return re.sub(r"\*\*|__|`", "", text).strip()


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def structure(text: str, from_pdf: bool) -> ParsedResume:
    text = _PUA_BULLETS.sub("•", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\v", "\n")
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)  # Markdown comments
    lines = _drop_page_furniture([_lines_of(page) for page in text.split("\f")])
    lengths = sorted(len(l) for l, _ in lines if l)
    wide = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0

    section = DEFAULT_SECTION
    # Every kept line is [section, text, context, kind]; kind "bullet" (a glyph bullet), "desc" (a
    # paragraph under an entry: a description to cite) or "block" (other prose, the fallback).
    items: list[list] = []
    header: list[str] = []                # structure lines of the entry being read (employer, role, dates)
    ctx = BulletContext(section=section)  # what the bullets read now are attached to
    in_entry = None                       # None: no entry header read in this section yet; else does it head an entry?
    open_kind = None                      # "bullet", "block" or None: what a wrapped line would extend

    bulleted = False                      # has a bullet been read under the current context?

    def context_now() -> BulletContext:
        nonlocal header, ctx, bulleted
        if header:
            ctx, header, bulleted = entry_context(header, section), [], False
        return ctx

    dated_entry = None                    # the listed item just read when it starts with a year ("2021: ...")
    list_item = None                      # the Markdown list item a blank line does not close (an indented paragraph goes on)
    for i, (line, indented) in enumerate(lines):
        following = lines[i + 1][0] if i + 1 < len(lines) else ""
        if not line or _UNDERLINE.match(line) or is_tex_residue(line):
            open_kind = None  # "=0mu plus 1mu", "abbrv": what a de-TeXed template leaves of its layout
            continue
        if list_item and indented and not from_pdf and not lines[i - 1][0] and not BULLET.match(line) and line[0] != ":":
            list_item[1], open_kind = join_wrapped(list_item[1], _strip_markup(line)), "bullet"  # "- Event; Jan20" + "\n\n  I co-mentored ..."
            continue
        list_item = list_item if indented else None
        entry, dated_entry = dated_entry, None
        if entry and second_half(entry[1], _strip_markup(line), SECTION_TITLES):
            entry[1] += f" {_strip_markup(line)}"  # "2021: Co-organizer, Open Quantum" + "Hardware Workshop @QCE21"
            continue
        if is_doi(_strip_markup(line)) and items and items[-1][0] == section:
            items[-1][1] += f" {_strip_markup(line)}"  # "DOI: 10.2514/6.2017-4307": the publication above it
            continue
        if is_contact(line):
            open_kind = None
            continue
        definition = line.startswith(": ")
        if definition:  # a pandoc definition item (":   * Led ..."): the text after the marker, an item of its own
            line, open_kind = line[2:], None
        m = BULLET.match(line)
        if m:
            text = _strip_markup(m["text"])
            # skill lines and degree frames are not experiences: "• M.S. in CS, May 2005. GPA 3.6"
            if is_frame_bullet(text, section) or link_list(m["text"]) or not from_pdf and names_nested_list(text, lines, i):
                open_kind = None
                continue
            # bullets of a skills section are tags; their wrapped lines still join them, and the short
            # ones still reach the "fewer than 3 words" warning
            # ... but an honour or a certification held ("Safe Practicioner 6.0 (Certified 2023)" under Courses) is won
            kind = "tag" if section_is(section, _TAG_SECTIONS) and not (is_honour(text) or is_certified(text)) else "bullet"
            items.append([section, text, context_now(), kind])
            bulleted, list_item = True, items[-1]
            open_kind = "bullet"
            continue
        heading = _heading(line, following)
        if heading and heading[1] and section == DEFAULT_SECTION and not items and is_name(heading[0], SECTION_TITLES):
            open_kind = None  # "Stephen M Card" over "====": the resume's title, the lines under it its profile
            continue
        if heading:
            if heading[1]:
                section, header, in_entry = heading[0], [], None
                ctx = BulletContext(section=section)
            else:  # "### Engineer, Acme": an entry's header written as a sub-heading
                header, in_entry = [heading[0]], True
            open_kind = None
            continue
        line = _strip_markup(line)
        if not line:
            continue
        prev = items[-1] if items and open_kind else None
        structure = is_structure_line(line)
        if prev and is_translation(prev[1], line):
            prev[1] = f"{prev[1]} {line}"  # a bilingual resume's second language: one bullet, both lines
            continue
        # a pandoc term, its words counted without its aside: "QR Code Marketing System (DAU 300K+, Total Users 20M)"
        term = (not definition and following.startswith(": ") and not re.search(r"[.!?;]$", line)
                and word_count(re.sub(r"\([^()]*\)", " ", line)) <= 10)
        if term and not structure:
            header = [*header[-2:], line]  # "FCA4AI 2018 (workshop at IJCAI/ECAI)" over ":    text": a pandoc term
            in_entry, open_kind = True, None
            continue
        if (not term and lists_achievements(section) and word_count(line) >= 3
                and not (structure and _DATES.search(line) and word_count(_DATES.sub(" ", line)) <= 4
                         and re.search(r"[A-Z][\w-]+, [A-Z][\w-]+", line) and not names_award(line))
                or HONOURS_LABEL.match(line) or is_honour(line)
                or office_or_talk(line, section, next((l for l, _ in lines[i + 1:] if l), ""))):
            # "2016 1st Place @ Startup Weekend - University of Arizona", "Honors: Dean's Lister 2015 -
            # 2016", "Summa Cum Laude (GPA 3.9)", "2008 Eagle Scout": a listed achievement, though it reads
            # like a header; "May 22, 2024 | Dresden" under an award is its date and place
            # a three-word line is kept when it names its honour ("2008 Eagle Scout"), not "Other awards 2015"
            items.append([section, line, ctx, "listed" if names_award(line) or is_honour(line) else "desc"])
            open_kind = "block"
            dated_entry = items[-1] if re.match(r"\(?(?:19|20)\d\d\b", line) else None
            continue
        if not structure and heads_entry(line, lines, i, section) and not (prev and goes_on(prev[1], line)):
            header = [*header[-2:], line]  # "Smart reconstruction" over "Jan 2018 – May 2018 | CMU": a project's name
            in_entry, open_kind = True, None
            continue
        if prev and continues(prev[1], line, indented, wide, from_pdf) and (
                not structure or line[0].islower() or prev[1][-1] in ",;:-–—&/(+" or prev[1].count("(") > prev[1].count(")")):
            prev[1] = join_wrapped(prev[1], line)
            continue
        if structure and not header and not bulleted and ctx.employer and not has_date(line) \
                and not is_title_case(line):
            open_kind = None  # "Independent analytics consulting" under a job: what the employer is, skipped
            continue
        if structure:  # employer, school, role, place, dates: context for what follows, never a bullet
            header = [*header[-2:], line]  # an entry header is 1-3 lines; older ones belong to an entry without bullets
            # a "Programming Languages" or "Tools" term heads a list of skills, not an entry to describe
            if re.search(r"\b(?:skills|languages|tools|technologies|interests)\b", line, re.I):
                in_entry = False
            # a skill line under such a term keeps it a skills list, and so does a list of four or more items
            elif not (_SKILL_LINE.match(line) or is_skill_line(line) or in_entry is False and line.count(",") >= 3):
                in_entry = True
            open_kind = None
            continue
        described = in_entry if in_entry is not None else bool(_EXPERIENCE_SECTION.search(section))
        under_header = bool(header)  # the entry's header was the last thing read
        nxt = next((l for l, _ in lines[i + 1:] if l and not re.fullmatch(r"[\w ]{1,20}:", l)), "")  # past "Tasks:"
        # the entry's one-line summary was the last thing read, and nothing of the entry was bulleted yet
        after_summary = (not header and not bulleted and bool(items) and items[-1][0] == section
                         and items[-1][2] is ctx and items[-1][3] == "desc")
        # (the header becomes the entry's context only for a described line, as before)
        in_a_job = described and bool(context_now().role) and "project" not in section.lower()
        if described and (_about_the_employer(line, ctx)
                          or in_a_job and BULLET.match(nxt) and (under_header and describes_organisation(line)
                                                                 or after_summary and is_verbless_phrase(line))):
            # "Acme builds logistics software.", "Mobile ticketing solutions for public transit agencies." between
            # a job's header and its bullets, or a verbless "Cloud storage and collaboration" between the role's
            # summary and the bullets (JSON Resume's "summary" then "description"): the employer, not the
            # candidate's work (a project's description is its work). A definition ("Entropy is a framework to write
            # ... scripts" + "to the errors/issues these audits raise. ...": pranesh, fresh7) is kept aside, so that
            # its wrapped lines join it and go with it
            if re.match(r"[^,.;:]{1,40}? (?:is|are|was) (?:a|an|the)\b", line):
                items.append([section, line, ctx, "about"])
                open_kind = "block"
            continue
        kind = "desc" if described and not _lists_tags(section) else "block"  # "Programming" ": Python (...), R"
        items.append([section, line, context_now() if kind == "desc" else ctx, kind])
        open_kind = "block" if not _DATES.search(line) else None
    return _finish(items)


def _lists_tags(section: str) -> bool:
    """Skills, courses or facts about the person: "Technical Experience and Recent Course work" lists courses."""
    return section.lower() in _NO_DESCRIPTION_SECTIONS or section_is(section, _TAG_SECTIONS) or is_profile_section(section)


def _about_the_employer(line: str, ctx: BulletContext) -> bool:
    """One sentence that starts with the employer's name ("Pied Piper is a compression company")."""
    first = ctx.employer.split()[0].lower() if ctx.employer else ""
    return bool(first) and line.lower().startswith(first) and not _SENTENCE_END.search(line.rstrip(". "))


def _finish(items: list[list]) -> ParsedResume:
    warnings: list[str] = []
    chosen = [(sec, text, ctx) for sec, text, ctx, kind in items
              if kind == "bullet" or kind == "tag" and word_count(text) < MIN_BULLET_WORDS
              or kind == "desc" and word_count(text) >= MIN_DESCRIPTION_WORDS or kind == "listed"]
    if not chosen:
        # No bullet markers anywhere: sentences of the prose (entry descriptions first kept as they are).
        items = [it for it in items if it[3] != "about"]  # what an employer is, never the person's work
        prose = [it for it in items if it[0].lower() not in _NO_DESCRIPTION_SECTIONS] or items  # profile last
        chosen = [(sec, s, ctx) for sec, text, ctx, kind in prose for s in _sentences(text)
                  if word_count(s) >= MIN_PROSE_WORDS and not _DATES.search(s) and not is_structure_line(s)]
        if chosen:
            warnings.append("No bullet markers (•, -, *) were found, so each sentence was used as a bullet. "
                            "Check the list before you start.")
    items = chosen
    split = []
    for sec, item, ctx in items:
        parts = _sentences(item) if len(item) > MAX_BULLET_CHARS else [item]
        split += [(sec, p if len(p) <= MAX_BULLET_CHARS else p[:MAX_BULLET_CHARS].rsplit(" ", 1)[0] + " …", ctx)
                  for p in parts]
    short = [s for _, s, _ in split if word_count(s) < MIN_BULLET_WORDS]
    kept, seen, sections, dupes, context = [], set(), {}, [], {}
    for sec, s, ctx in split:
        s = s.strip(" ;,")
        if word_count(s) < MIN_BULLET_WORDS:
            continue
        if s.lower() in seen:
            dupes.append(s)  # named in the warning, so the user can tell which line went
            continue
        seen.add(s.lower())
        kept.append(s)
        sections.setdefault(sec, []).append(s)
        context[s] = ctx if ctx.section else BulletContext(ctx.employer, ctx.role, ctx.dates, sec)
    if not kept:
        raise ResumeError("No bullet points found in this resume. Put each achievement on its own line "
                          "starting with • or -, then upload it again.", code="no_bullets")
    if short:
        warnings.append(f"Skipped {len(short)} line(s) of fewer than {MIN_BULLET_WORDS} words "
                        "(skill tags, not experiences).")
    if dupes:
        named = "; ".join(f"'{d[:80]}{'…' if len(d) > 80 else ''}'" for d in dupes[:3])
        more = f" and {len(dupes) - 3} more" if len(dupes) > 3 else ""
        warnings.append(f"Removed {len(dupes)} duplicate bullet(s): {named}{more}.")
    if len(kept) > MAX_BULLETS:
        warnings.append(f"Only the first {MAX_BULLETS} of {len(kept)} bullets are used.")
        kept = kept[:MAX_BULLETS]
        sections = {sec: [b for b in bs if b in set(kept)] for sec, bs in sections.items()}
        sections = {sec: bs for sec, bs in sections.items() if bs}
    return ParsedResume(bullets=kept, sections=sections, warnings=warnings,
                        context={b: context[b] for b in kept})
