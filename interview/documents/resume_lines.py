"""What one resume line is, beside structure (interview/documents/resume_structure.py): an honour, an
office held, a talk, a publication's DOI, a list of links, layout residue, contact details, a person's
name, a translation of the line above; a frame bullet; and which kind a section is.

    is_honour("2008 Eagle Scout")                          # True: an honour, an achievement
    is_honour("B.S.E Computer Science, Cum Laude, Minor")  # False: a degree line that names its honour
    is_office("2016-2017: Vice-Chair, UNM GPSA")           # True: an office held, an achievement
    is_talk("Invited speaker IQT 2019")                    # True
    is_tex_residue("=0mu plus 1mu abbrv")                  # True: LaTeX lengths and a bibliography style
    section_is("Programming and IT skills", {"skills"})    # True: the section's head word names the kind

Used by interview/documents/resume_text.py, which decides bullets; these are the rules a reader of resumes
applies to single lines, kept apart so that the structuring loop stays readable.
"""
from __future__ import annotations

import re
import unicodedata

from interview.documents.resume_structure import (has_date, is_skill_line, is_structure_line, is_title_case,
                                                  split_last_and, word_count)

GLYPHS = "•●▪■◦○‣⁃➢➣➤►▸▹◆◇♦✓✔❖∙·→➔✗◉"
BULLET = re.compile(rf"^(?:[{GLYPHS}]\s*|[-*+–—]\s+(?:\[[ xX]\]\s+)?|\(?\d{{1,2}}[.)]\s+|\([a-z]\)\s+)(?P<text>\S.*)$")

# Honours and awards that are achievements wherever they are written (under Education too).
_HONOUR = re.compile(r"\b(?:summa|magna)? ?cum laude\b|\bexcellence (?:prize|award)\b|\bdean'?s list|"
                     r"\bwith distinction\b|\beagle scout\b|\bhonou?r roll\b|\b(?:merit|presidential) scholar", re.I)
# A degree line names its honour as a detail of the degree ("B.S.E Computer Science, Cum Laude"): structure.
_DEGREE = re.compile(r"\b(?:b\.?s\.?[ce]?|m\.?s\.?[ce]?|b\.?a|m\.?a|ph\.?\s?d|bachelor'?s?|masters?|degree|diploma|"
                     r"b\.?sc|m\.?sc|b\.?eng|m\.?eng|b\.?tech|m\.?tech|mba)\b(?!\s+(?:student|thesis))", re.I)
# An office held in an association, a committee or an event (README: an elected office is an achievement,
# a board seat or a membership is structure). Only outside job sections: a company's "President" is a role.
_OFFICE = re.compile(r"\b(?:co-?|vice[- ])?(?:president|chair(?:man|woman|person)?|treasurer|secretary)\b|"
                     r"\b(?:co-?|lead |chief )?organi[sz]er\b", re.I)
_JOB_SECTIONS = re.compile(r"^(?:(?:work|professional|relevant|industry)\s+)?(?:experience|employment|work history|"
                           r"career history|employment history)$", re.I)
_TALK = re.compile(r"\b(?:talks?|posters?|podcasts?|panels?|keynote|invited (?:speaker|talk|lecture))\b", re.I)
_DOI = re.compile(r"^(?:doi:\s*10\.\S+|(?:https?://)?(?:dx\.)?doi\.org/\S+)", re.I)
# TeX lengths, glue and bibliography styles a de-TeXed template leaves on lines of their own.
_TEX_TOKEN = re.compile(r"[=+-]?\d*\.?\d+(?:pt|mu|cm|mm|em|ex|in|bp|sp)?|plus|minus|fil+|abbrv|plain|unsrt|alpha|"
                        r"ieeetr|p\d*\.?\d+|\*", re.I)
_TEX_UNIT = re.compile(r"\d(?:pt|mu|cm|mm|em|ex|bp|sp)\b|^(?:abbrv|unsrt|ieeetr)$|\bp\d*\.\d", re.I)


def is_honour(line: str) -> bool:
    """An honour or award named in a line (cum laude, Dean's list, Eagle Scout), not a degree line."""
    line = re.sub(r"[*_]", "", line)  # "Graduated _magna cum laude_"
    return bool(_HONOUR.search(line)) and not _DEGREE.search(line)


def is_certified(line: str) -> bool:
    """A certification held ("Safe Practicioner 6.0 (Certified 2023)", "AWS Certified Developer"): won, so an
    achievement even among courses (README: a course with a certificate link is still a course)."""
    return bool(re.search(r"\bcertified\b", line, re.I))


def names_award(line: str) -> bool:
    """The line names an award ("Excellence Award, CME Group"), so a place-like tail is its giver."""
    return bool(re.search(r"\b(?:award|prize|medal|(?<!google )scholar(?:ship)?|honou?rs?|winner|scout)\b", line, re.I))


def is_office(line: str, section: str) -> bool:
    """An office held (co-President, Vice-Chair, Treasurer, Lead organizer), outside the job sections."""
    return bool(_OFFICE.search(line)) and not _JOB_SECTIONS.match(section.strip())


def is_talk(line: str) -> bool:
    """A talk, poster, podcast or panel: "Invited speaker IQT 2019", "25 talks 3 posters 2 podcasts"."""
    return bool(_TALK.search(line))


_ORG_NOUN = re.compile(r"(?<!-)\b(?:platform|solutions?|agency|company|startup|start-up|firm|provider|consultancy|vendor|"
                       r"manufacturer|marketplace|retailer|non-?profit|organi[sz]ation|publisher|software house|"
                       r"shop|store|chain|studios?|restaurant)\b", re.I)


def describes_organisation(line: str) -> bool:
    """A noun phrase naming what an organisation is ("Urban intelligence SAAS platform for analyzing urban
    development", "Digital interactive agency serving large clients"): a kind of organisation among its first
    five words, one sentence of at most 15 words, not opening with a verb or a person."""
    words = line.rstrip(".").split()
    return (len(words) <= 15 and bool(_ORG_NOUN.search(" ".join(words[:5]))) and "." not in line.rstrip(".")
            and not re.match(r"^(?:I|We|My|Our|\w+(?:ed|ing))\b", line))


# What makes a line a statement rather than a name for something: a first person, an auxiliary or a
# figure of an outcome.
_STATEMENT = re.compile(r"\b(?:I|we|my|our|me|us|is|are|was|were|has|have|had|will|can)\b|[%$€£]", re.I)
# A first word that is a verb: "Managed ...", "Leading ...", "Built ...", "Own ..." (work done).
_VERB_FIRST = re.compile(r"^(?:\w{3,}(?:ed|ing)|built|wrote|led|ran|set|made|took|drove|grew|won|cut|shipped|oversaw|"
                         r"(?:build|write|lead|run|manage|design|develop|own|create|maintain|implement|drive|"
                         r"mentor|coordinate|deliver|support|teach|train|plan|launch|test|review)s?)$", re.I)
# Where the phrase's head noun ends: "provider | of payroll software", "platform | built on Apache Kafka".
_HEAD_END = re.compile(r"\s+(?:for|of|in|on|with|to|by|at|from|serving|built|based|powered|focused|that|which)\b|,",
                       re.I)


def is_verbless_phrase(line: str) -> bool:
    """A short noun phrase with no verb: "Cloud storage and collaboration", "Data streaming platform built on
    Apache Kafka", "Managed cloud hosting provider" (an opening "-ed"/"-ing" word is an adjective when the
    phrase's head noun names a kind of organisation). One sentence of at most 10 words, no first person,
    auxiliary or figure of an outcome: a name for something, not a statement of work done."""
    text = line.strip().rstrip(".")
    words = text.split()
    if not 2 <= len(words) <= 10 or re.search(r"[.!?;:]", text) or _STATEMENT.search(text):
        return False
    head = _HEAD_END.split(text, maxsplit=1)[0].split()
    names_a_kind = bool(head) and bool(_ORG_NOUN.fullmatch(head[-1]))
    return not _VERB_FIRST.match(words[0]) or names_a_kind


def names_organisation_kind(phrase: str) -> bool:
    """The phrase's head noun is a kind of organisation: "Canned food online shop", "Retail shoe shop chain"."""
    head = _HEAD_END.split(phrase.strip().rstrip("."), maxsplit=1)[0].split()
    return bool(head) and bool(_ORG_NOUN.fullmatch(head[-1]))


def is_doi(line: str) -> bool:
    """A publication's DOI line ("DOI: 10.2514/6.2017-4307", "https://dx.doi.org/10.1088/..."):
    the rest of the publication above it, not contact details."""
    return bool(_DOI.match(line.strip()))


def is_tex_residue(line: str) -> bool:
    """Lengths, glue and style names left by de-TeXing ("-0.75cm", "=0mu plus 1mu", "abbrv"): layout."""
    tokens = line.split()
    return bool(tokens) and all(_TEX_TOKEN.fullmatch(t) for t in tokens) and any(_TEX_UNIT.search(t) for t in tokens)


def link_list(text: str) -> bool:
    """A bullet made of links and little else ("[blog](url): [git tutorial](url), [parsing](url)."):
    where to find things, not an experience."""
    links = re.findall(r"\[([^\]]+)\]\([^)]*\)", text)
    rest = re.sub(r"\[([^\]]+)\]\([^)]*\)|[^\w\s]", " ", text)
    return len(links) >= 2 and len(rest.split()) <= 2


def section_is(section: str, names: set[str]) -> bool:
    """The section is of a kind when its title is one of `names`, one of the titles it joins ("Education
    and courses"), or ends with one ("Programming and IT skills", "Programming skills"); a part that ends with
    "course work" lists courses ("Technical Experience and Recent Course work"); a summary of the kind does too
    ("Skills Summary")."""
    title = re.sub(r"\bcourse ?work\b", "coursework", section.lower().strip().rstrip(":"))
    parts = [p.strip() for p in re.split(r"\s+(?:and|&)\s+|\s*[,/]\s*", title) if p.strip()]
    courses = "coursework" in names and any(p.split()[-1] == "coursework" for p in parts)
    # "Skills Summary", "Skills Overview" (kayleh-resume-en, fresh7: eleven skill bullets read as a profile's):
    # the kind named first, then a word for a summary of it
    summed = bool(parts) and title.split()[0] in names and title.split()[-1] in {"summary", "overview", "profile"}
    return (title in names or any(p in names for p in parts) or courses or summed
            or bool(parts) and title.split()[-1] in names)


# French section titles, read as the English title they stand for, so that the section's kind is known
# (orycterope-cv, a French TwentySeconds resume: "Expérience Professionnelle" and "Projets" were no headings, so
# the jobs were read under "Education" and missed, and "Intérets" listed hobbies as bullets). Accents are left
# out before the look-up: the resume wrote "Intérets" for "Intérêts".
_FRENCH_TITLES = {
    "experience professionnelle": "Professional Experience", "experiences professionnelles": "Professional Experience",
    "experience": "Experience", "experiences": "Experience", "parcours professionnel": "Work History",
    "formation": "Education", "formations": "Education", "competences": "Skills",
    "competences techniques": "Technical Skills", "projets": "Projects", "projets personnels": "Personal Projects",
    "interets": "Interests", "centres d'interet": "Interests", "centres d'interets": "Interests",
    "langues": "Languages", "loisirs": "Hobbies", "distinctions": "Awards", "prix et distinctions": "Awards",
}


def english_title(title: str) -> str | None:
    """The English section title a French heading stands for ("Expérience Professionnelle" -> "Professional
    Experience", "Intérets" -> "Interests"); None for any other line."""
    plain = unicodedata.normalize("NFKD", title.lower().replace("’", "'")).encode("ascii", "ignore").decode()
    return _FRENCH_TITLES.get(" ".join(plain.split()))


def is_frame_bullet(text: str, section: str = "") -> bool:
    """A bullet that only carries structure: a skill list, a degree with its dates and GPA, or an
    education detail ("Thesis: ...", "Advisor: ..."). Awards and publications are never frames."""
    plain = text.rstrip(". ")
    if _LISTED_ACHIEVEMENTS.search(section) or is_honour(plain) or is_office(plain, section):
        return False  # "Graduated magna cum laude (3.79 GPA)", "Treasurer of Theta Chi || 1/15 - 12/15"
    fields = re.sub(r"\s*\$(?:~+| +)\$\s*", " | ", plain).strip(" |")  # de-TeXed spacing: "EPFL $ $ 2015"
    if " | " in fields and is_structure_line(fields) and not (_VERB_FIRST.match(fields.split()[0]) or _STATEMENT.search(fields)):
        return True  # "Bachelor Semester Project | EPFL | 2015": a project's frame written as fields
    client = re.match(r"^\S+\.\s+(?P<kind>[^.]+)$", plain)  # "VogueLV. Retail shoe shop chain.": a client and what it is
    if client and word_count(client["kind"]) <= 8 and is_verbless_phrase(client["kind"]) and names_organisation_kind(client["kind"]):
        return True
    if is_skill_line(plain):
        return True  # "English: Bilingual Proficiency", "Working knowledge of Java, Python, Bash"
    if is_venue(plain):
        return True  # "IEEE International Conference on Big Data (BigData'20, BigData'22)": where one reviewed
    if (3 <= len(plain.split()) <= 10 and is_title_case(plain) and not re.search(r"[\d,:;.!?$]|^\w+(?:ed|ing)\b", plain)
            and not _LISTED_ACHIEVEMENTS.search(section)):
        return True  # "• CPU Based Ray Tracer With Cel Shading": a project's name written as a bullet
    if ("project" in section.lower() and re.match(r"^[\w.+-]+ [-–—] an? \w", plain) and len(plain.split()) <= 12
            and not _STATEMENT.search(plain)):
        return True  # "Zot - a regex engine written in zig" (pmozil, fresh7): a project's name and tagline
    if len(plain.split()) <= 8 and re.search(r"\bmember$", plain, re.I) and is_title_case(plain):
        return True  # "STEM NOW (STEM Network Of Women) Member": a membership, not work
    if re.match(r"(?:main |relevant |key |selected |core )?(?:courses|coursework|course work)\s*:", plain, re.I):
        return True  # "Main Courses: Principles of Computer Composition" under "Education Background" (kayleh, fresh7)
    if re.search(r"\bgpa\b", plain, re.I) or section.lower() == "education" and (
            re.match(r"^[\w /-]{1,30}:\s", plain) or is_structure_line(plain)):  # "Minor in Mathematics"
        return True
    label, colon, listed = plain.partition(":")
    parts = [p.strip() for p in re.split(r"[,;]", listed if colon else plain)]
    parts = split_last_and(parts)  # "Spring Core, MVC, Data and Web Flux"
    if (len(parts) >= 4 and all(len(p.split()) <= 3 for p in parts)  # "C++; C; Java; SQL; XML Schema"
            and not re.match(r"^[A-Za-z]+ed\b", plain)                 # not "Built with Go, Redis, ..."
            and (not colon or len(label.split()) <= 5)):  # not "Ran observability for ... (Grafana): logs, metrics, ..."
        return True
    if re.match(r"^[^.:]{1,40}:\s*[^.]+(?:[,;][^,;.]+){2,}$", plain):
        return True
    return has_date(plain) and is_structure_line(plain) and bool(_FRAME_WORDS.search(plain))


# the head noun of a venue's name: last, or followed by what it is on ("Workshop", "Conference on ..."), so not
# "Workshop Leader and Coordinator, ..." (a role)
_VENUE = re.compile(r"\b(?:conference|symposium|workshop|journal|transactions|proceedings)\b(?=\s*$|\s+(?:on|of|for|in)\b)",
                    re.I)


def is_venue(text: str) -> bool:
    """The name of a conference or journal and nothing else ("The Journal of Supercomputing", "IEEE/ACM
    International Symposium on Cluster, Cloud and Internet Computing (CCGrid'22)"): title case once the
    parenthesised acronyms go, at most 16 words, no verb: a venue listed (reviewer, committee), not work."""
    name = re.sub(r"\([^()]*\)", " ", text).strip(" .")
    return (bool(_VENUE.search(name.split(",")[0])) and word_count(name) <= 16 and is_title_case(name)
            and not re.search(r"[\d:;!?]|^\w+(?:ed|ing)\b", name))


_FRAME_WORDS = re.compile(r"\b(?:gpa|b\.?s\.?[ce]?|m\.?s\.?[ce]?|ph\.?d|bachelor|master|degree|diploma|university|"
                          r"college|school|institute)\b", re.I)
# "papers", "published": "Published papers" (pmozil-resume, fresh7) lists publications as much as "Publications"
_LISTED_ACHIEVEMENTS = re.compile(r"award|hono|prize|achievement|publication|patent|talk|presentation|certif|articles|grant|"
                                  r"fellowship|papers|published|获奖", re.I)


def lists_achievements(section: str) -> bool:
    """Awards, honours, publications, patents, talks, certificates, grants and fellowships: each line of the section is one
    (not "Skills & Achievements", which lists skills)."""
    return bool(_LISTED_ACHIEVEMENTS.search(section)) and not _LISTED_NOT.search(section)


HONOURS_LABEL = re.compile(r"^(?:honou?rs|awards?|scholarships?)\s*:\s*\S", re.I)
_LISTED_NOT = re.compile(r"skill|education|language|interest", re.I)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:linkedin|github|gitlab|twitter|x|medium)\.com\S*", re.I)
_PHONE = re.compile(r"(?!(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d(?!\d))\+?\(?\d[\d ().-]{7,}\d")  # not "2014-2017"


def is_contact(line: str) -> bool:
    """An e-mail, link or phone line with at most four other words: contact details, never a bullet."""
    if not (_EMAIL.search(line) or _URL.search(line) or _PHONE.search(line)):
        return False
    rest = _PHONE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", line)))
    return len(re.findall(r"[^\W\d_]{2,}", CJK_RUN.sub(" ", rest))) + word_count("".join(CJK_RUN.findall(rest))) <= 4


CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]+")


_NAME_SUFFIX = re.compile(r",\s*(?:ph\.?\s?d|m\.?d|mba|m\.?sc|b\.?sc|m\.?s|m\.?a|jr|sr|pe|cpa|cfa)\.?\s*$", re.I)


def is_name(title: str, section_titles: set[str]) -> bool:
    """A person's name ("Stephen M Card", "Mikko Viitamäki", "John R. Brandon, PhD"): 2-4 capitalised words
    after a degree or suffix, no section title."""
    title = _NAME_SUFFIX.sub("", title)  # "John R. Brandon, PhD": a degree after the name
    words = title.split()
    return (2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not re.search(r"\d|[|,:@]", title)
            and title.lower() not in section_titles)


def is_translation(prev: str, line: str) -> bool:
    """A line in Chinese/Japanese/Korean/Thai right after an English one: its translation, kept with it."""
    return not CJK_RUN.search(prev) and len("".join(CJK_RUN.findall(line))) >= 0.5 * len(line.replace(" ", ""))


def office_or_talk(line: str, section: str, next_line: str) -> bool:
    """"2016-2017: Vice-Chair, UNM GPSA", "Invited speaker IQT 2019": an office held or a talk given,
    listed as an achievement; not in the profile, and not the header of an entry whose bullets follow
    ("Founder and Organizer  Tempe, AZ" over "• Host a weekly meetup ...")."""
    return (3 <= word_count(line) <= 12 and (is_office(line, section) or is_talk(line) and not is_skill_line(line))
            and section.lower() not in PROFILE_SECTIONS and not BULLET.match(next_line))


PROFILE_SECTIONS = {"summary", "professional summary", "profile", "about", "about me", "objective",
                    "resume"}  # "resume": lines before any heading


def second_half(entry: str, line: str, section_titles: set[str]) -> bool:
    """A line of 2-4 words after a listed entry that starts with its year, itself without a year or a sentence
    end: the rest of the entry's title, split over two lines by a narrow column ("Finance Committee")."""
    return (2 <= word_count(line) <= 4 and not re.search(r"\b(?:19|20)\d\d\b", line) and not BULLET.match(line)
            and not entry.endswith((".", "!", "?")) and not re.search(r"[.!?:]$", line)
            and line.lower() not in section_titles)


def names_nested_list(text: str, lines: list[tuple[str, int]], i: int) -> bool:
    """A short list item whose next item is nested deeper: the name of what the nested items are about (a product,
    a team, a role), not work done. duanwei-cv (fresh7): "* Unity, Infrastructure Service" over
    "    * OEM/L10N/I18N/OBS/GUI, scrum master and technical lead" over "        * Lead team on feature delivering
    ...". At most 8 words, no sentence end, no opening verb ("* Led the migration" over its steps is work)."""
    nxt = next(((line, indent) for line, indent in lines[i + 1:] if line), ("", 0))
    return (bool(BULLET.match(nxt[0])) and nxt[1] > lines[i][1] and bool(text) and word_count(text) <= 8
            and not re.search(r"[.!?;:]$", text) and not _VERB_FIRST.match(text.split()[0]))


def heads_entry(line: str, lines: list[tuple[str, bool]], i: int, section: str = "") -> bool:
    """A short line with no sentence end whose next line is a dated header line: an entry's name; in a
    projects section, also one over a paragraph of 20+ words ("Weighted finite automata encoding of images"
    over "The idea was to explore how ..."): the project's title."""
    nxt = next((l for l, _ in lines[i + 1:] if l), "")
    titled = word_count(line) <= 8 and not re.search(r"[.!?:;,]$", line) and not BULLET.match(nxt)
    return titled and (has_date(nxt) and is_structure_line(nxt)
                       or "project" in section.lower() and word_count(nxt) >= 20 and nxt.rstrip().endswith("."))
