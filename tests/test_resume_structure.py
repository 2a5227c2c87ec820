"""Resume structure (issue 21.1), space-less scripts (issue 25.2) and evidence that follows the answer
(issue 21.2): header lines are context, never bullets; Chinese, Japanese and Thai bullets are kept; the
bullet an answer talks about is the first evidence, with its employer and role."""
import json

import pytest

from interview.documents.resume import parse_resume_bytes, parse_resume_text
from interview.documents.resume_structure import BulletContext, entry_context, is_structure_line, word_count
from interview.session import InterviewSession
from fixtures.pdf_writer import make_text_pdf, make_two_column_pdf

# The layout of the resume, as text extraction of a one-column PDF gives it.
PLAIN = """Alex Kim
alex@kim.dev | (404) 555-0100

EDUCATION
Georgia Institute of Technology Atlanta, GA
B.S. in Computer Science Aug 2016 – May 2020

EXPERIENCE
Google Mountain View, CA
Software Engineer Jun 2020 – Present
• Built a data pipeline in Apache Beam that processes 2 billion events a day for ads reporting
• Cut p95 latency of the reporting API from 480 ms to 190 ms by caching hot queries

Stripe San Francisco, CA
Software Engineering Intern May 2019 – Aug 2019
• Wrote a fraud-rule simulator that replays a month of payments in under ten minutes

SKILLS
Languages: Python, Go, SQL, Java
"""
HEADERS = ["Google Mountain View, CA", "Georgia Institute of Technology Atlanta, GA", "Stripe San Francisco, CA",
           "Software Engineer Jun 2020 – Present", "B.S. in Computer Science Aug 2016 – May 2020",
           "Languages: Python, Go, SQL, Java"]


def test_header_lines_are_not_bullets():
    r = parse_resume_text(PLAIN)
    assert r.bullets == [
        "Built a data pipeline in Apache Beam that processes 2 billion events a day for ads reporting",
        "Cut p95 latency of the reporting API from 480 ms to 190 ms by caching hot queries",
        "Wrote a fraud-rule simulator that replays a month of payments in under ten minutes",
    ]
    for header in HEADERS:
        assert not any(header in b for b in r.bullets), header


def test_structure_is_attached_to_the_bullets():
    r = parse_resume_text(PLAIN)
    first, last = (r.context[b] for b in (r.bullets[0], r.bullets[-1]))
    assert (first.employer, first.role, first.dates, first.section) == (
        "Google", "Software Engineer", "Jun 2020 – Present", "Experience")
    assert (last.employer, last.role) == ("Stripe", "Software Engineering Intern")
    assert first.label == "Software Engineer, Google"
    # serialisable for the CLI and the session store
    assert json.loads(json.dumps(r.context_dicts()))[r.bullets[-1]]["employer"] == "Stripe"


def test_header_lines_are_not_bullets_without_bullet_markers():
    """The prose fallback (no •/- anywhere) took 'Georgia Institute of Technology Atlanta, GA' as a bullet."""
    r = parse_resume_text(PLAIN.replace("• ", ""))
    assert len(r.bullets) == 3
    for header in HEADERS:
        assert not any(header in b for b in r.bullets), header
    assert r.context[r.bullets[0]].employer == "Google"


def test_markdown_entry_headers():
    md = ("# Sam Lee\n\n## Experience\n\n### Data Engineer, Acme Corp\n*Jan 2021 – Present* · Berlin, Germany\n"
          "Acme builds logistics software.\n- Moved nightly batch jobs to streaming, cutting data delay from 24 h to 5 min\n"
          "- Led the migration of 40 Airflow DAGs to Dagster\n\n## Education\n\n### M.Sc. Informatics, TU Munich\n"
          "- Thesis on learned index structures\n")
    r = parse_resume_text(md)
    assert r.bullets[:2] == ["Moved nightly batch jobs to streaming, cutting data delay from 24 h to 5 min",
                             "Led the migration of 40 Airflow DAGs to Dagster"]
    assert not any("Acme Corp" in b or "Berlin" in b for b in r.bullets)
    ctx = r.context[r.bullets[0]]
    assert (ctx.role, ctx.employer, ctx.dates) == ("Data Engineer", "Acme Corp", "Jan 2021 – Present")


@pytest.mark.parametrize("line, structure", [
    ("Google Mountain View, CA", True),
    ("Georgia Institute of Technology Atlanta, GA", True),
    ("Assured Information Security (AIS) Rome, NY (Remote)", True),
    ("US Air Force Civilian Service - 38th Engineering Squadron Tinker AFB, OK", True),
    ("Senior Software Engineer | Acme | 2019 – 2022", True),
    ("Languages: Python, Go, SQL", True),
    ("Cooling, power series, optics, alchemy, planetary motions, apples.", True),
    # project and role headers written as fields (issue 21, the fresh resumes' errors)
    ("PG Booking Website | React, Node.js, Express, MySQL, Razorpay | shivshaktipg.com", True),
    ("Lead developer/Software architect | Jan 2023 – Jul 2025", True),
    ("大数据产品与技术部-基础架构开发实习生|SpringBoot、Hive、Spark、Flink、Kafka", True),
    ("技术栈:SpringBoot、Spring Cloud Alibaba、MySQL、Redis、RocketMQ", True),
    ("| Software Engineering Intern, Panic Triage team", True),
    ("( Veteran, Medically discharged )", True),
    ("Reduced build time by 40% | Go, Bazel, Redis", False),
    ("Cut p95 checkout latency from 480 ms to 190 ms", False),
    ("Led a team of 5 engineers in developing a new SaaS product", False),
    ("Invented a flexible assessment framework, targeting industrial trainees,", False),
    ("Presented our results at the 2021 ACM conference in Seattle, WA, to 300 people.", False),
])
def test_structure_lines(line, structure):
    assert is_structure_line(line) is structure


def test_entry_context_in_either_order():
    assert entry_context(["Software Engineer Jan 2020 – Present", "Acme Inc. Austin, TX"]) == BulletContext(
        employer="Acme Inc.", role="Software Engineer", dates="Jan 2020 – Present")
    assert entry_context(["Engineer at Initech"]).employer == "Initech"
    assert entry_context(["Software Engineer, Shopwell (2021 – present)"]) == BulletContext(
        employer="Shopwell", role="Software Engineer", dates="2021 – present")


def test_markdown_headers_with_links_and_a_technology_line():
    """A walkthrough's sample answer read "at Technology: Node.js, Python, Java, ... as Director of Engineering: Apkudo,
    Inc": the Markdown link was not read, "Role: Employer" not split, and the technology list under the header was
    taken for the employer."""
    ctx = entry_context(["**Director of Engineering:** [Apkudo, Inc](https://apkudo.com/) (August 2019 - December 2022)",
                         "**_Technology_**: Node.js, Python, Java, Docker, ECS, Postgres, JSON, SAML, JWT, AWS"])
    assert ctx == BulletContext(employer="Apkudo, Inc", role="Director of Engineering",
                                dates="August 2019 - December 2022")
    assert entry_context(["**Software Developer**: Centelex Corporation, Kent, WA. (1990 - 1995)"]).employer == \
        "Centelex Corporation"
    assert entry_context(["Analyst | Acme | Helsinki, Finland | 2020 - 2022"]).employer == "Acme"   # a city stays dropped
    # a header that happens to list four fields after a colon is still a header
    assert entry_context(["Engineer: Acme, Austin, TX, USA (2019 - 2021)"]).employer == "Acme"


def test_a_role_that_repeats_its_employer_is_shown_without_it():
    """A walkthrough's sample answer read "at Devoteam as DevOps Engineer - Devoteam" (a JSON resume's position field)."""
    assert entry_context(["DevOps Engineer - Devoteam | Devoteam | Mar 2025 – Present"]) == BulletContext(
        employer="Devoteam", role="DevOps Engineer", dates="Mar 2025 – Present")
    # a hyphen inside the role, or another organisation after it, stays
    assert entry_context(["Full-Stack Engineer - Payments | Stripe | 2021 – 2023"]).role == "Full-Stack Engineer - Payments"


# ----------------------------------------------------------------------------- space-less scripts

ZH = ("王小明\n\n工作经历\n北京字节跳动科技有限公司 2019年3月 – 至今\n后端工程师\n"
      "• 设计并实现了订单服务的缓存层，接口延迟降低百分之六十\n"
      "• 修复了连接未正常关闭导致文件描述符耗尽的问题\n"
      "• 带领三人小组完成支付系统迁移\n")
JA = "職務経歴\n• 決済システムの応答時間を半分に短縮しました\n• 新人エンジニア五名の育成を担当しました\n"
TH = "ประสบการณ์\n• พัฒนาระบบชำระเงินที่รองรับผู้ใช้หนึ่งล้านคน\n• ลดเวลาในการตอบสนองของระบบลงครึ่งหนึ่ง\n"


@pytest.mark.parametrize("text, n", [(ZH, 3), (JA, 2), (TH, 2)])
def test_space_less_bullets_are_kept(text, n):
    r = parse_resume_bytes(text.encode("utf-8"), "cv.txt")  # was: "No bullet points found"
    assert len(r.bullets) == n
    assert all(len(b) >= 10 for b in r.bullets)


def test_chinese_header_is_context():
    r = parse_resume_text(ZH)
    assert not any("有限公司" in b for b in r.bullets)
    assert r.context[r.bullets[0]].employer.startswith("北京字节跳动")


def test_word_count():
    assert word_count("Cut latency by 60%") == 4
    assert word_count("修复了连接未正常关闭导致文件描述符耗尽的问题") == 11  # 21 characters, 2 a word
    assert word_count("• Python") == 2 and word_count("开发") == 1  # a tag stays a tag


# ----------------------------------------------------------------------------- PDFs, one and two columns

def test_one_column_pdf_headers_are_context():
    r = parse_resume_bytes(make_text_pdf(PLAIN.replace("–", "-").splitlines()), "cv.pdf")
    assert len(r.bullets) == 3
    assert not any(h.split()[0] in b.split()[0] for h in ("Google", "Georgia", "Stripe") for b in r.bullets)
    assert r.context[r.bullets[0]].employer == "Google"


def test_two_column_pdf_headers_are_context():
    left = ["Alex Kim", "", "SKILLS", "Python, Go, SQL", "", "EDUCATION", "Georgia Tech Atlanta, GA", "2016 - 2020"]
    right = ["EXPERIENCE", "Google Mountain View, CA", "Software Engineer Jun 2020 - Present",
             "• Built a data pipeline in Apache Beam for ads reporting",
             "• Cut p95 latency of the reporting API from 480 ms to 190 ms"]
    r = parse_resume_bytes(make_two_column_pdf(left, right), "cv.pdf")
    assert r.bullets == ["Built a data pipeline in Apache Beam for ads reporting",
                         "Cut p95 latency of the reporting API from 480 ms to 190 ms"]
    assert r.context[r.bullets[0]].label == "Software Engineer, Google"


# ----------------------------------------------------------------------------- the session keeps the structure

def test_old_sessions_load_and_new_ones_keep_context():
    old = InterviewSession(role="r", description="d", difficulty="easy", n_questions=1, bullets=["a b c"]).to_dict()
    del old["bullet_context"]  # a session stored before this field existed
    assert InterviewSession.from_dict(old).bullet_context == {}
    new = InterviewSession(role="r", description="d", difficulty="easy", n_questions=1, bullets=["a b c"],
                           bullet_context={"a b c": {"employer": "Acme", "role": "Engineer"}})
    again = InterviewSession.from_dict(json.loads(json.dumps(new.to_dict())))
    assert again.bullet_context["a b c"]["employer"] == "Acme"


# ----------------------------------------------------------------------------- evidence follows the answer

@pytest.fixture(scope="module")
def encoder():
    from interview.retrieval.retriever import load_retriever_encoder

    return load_retriever_encoder()


BULLETS = ["Built a data pipeline in Apache Beam that processes 2 billion events a day for ads reporting",
           "Cut p95 latency of the reporting API from 480 ms to 190 ms by caching hot queries",
           "Mentored four new graduates through their first year on the team",
           "Wrote a fraud-rule simulator that replays a month of payments in under ten minutes",
           "Mac Setup: Book that gives step-by-step instructions on setting up a Mac for developers"]


@pytest.mark.slow
def test_the_bullet_the_answer_talks_about_comes_first(encoder):
    from interview.retrieval.retriever import build_index, retrieve_for_answer

    index = build_index(encoder, BULLETS)
    q = "Tell me about a time you had to deal with a lot of data."
    answers = {0: "At Google I owned the ads reporting pipeline. It had to handle two billion events every day, "
                  "so I rebuilt it on Beam with windowed aggregation.",
               3: "We needed to test new fraud rules safely, so I wrote a simulator that replays a whole month of "
                  "payments; a run takes under ten minutes."}
    for target, answer in answers.items():
        assert retrieve_for_answer(index, q, answer, k=3)[0].index == target


@pytest.mark.slow
def test_coach_evidence_names_employer_and_role(encoder):
    from interview.coach import Coach

    r = parse_resume_text(PLAIN)
    coach = Coach(generator=None, encoder=None, router=None, retriever_encoder=encoder)
    hits = coach.retrieve_bullets(r.bullets, "", "Tell me about fraud prevention work.",
                                  "At Stripe I wrote a simulator that replays a month of payments to test fraud rules.",
                                  context=r.context_dicts())
    assert hits[0].bullet.startswith("Wrote a fraud-rule simulator")
    assert (hits[0].employer, hits[0].role) == ("Stripe", "Software Engineering Intern")


def test_lexical_overlap():
    from interview.retrieval.retriever import lexical_overlap

    assert lexical_overlap("Cut p99 latency 40% with caching", "I added caching and latency fell 40%") == 0.6
    assert lexical_overlap("Mentored four engineers", "") == 0.0


# ----------------------------------------------------------------------------- the real-resume corpus

def test_real_resume_corpus_is_rebuilt_by_code():
    """data/resumes_real/text and the field labels come from raw/ by training/documents/resumes_real.py, byte for byte."""
    from training.documents.resumes_real import ROOT, texts

    committed = [json.loads(l) for l in (ROOT / "labels_field.jsonl").read_text(encoding="utf-8").splitlines()]
    rebuilt = []
    for name, text, rows, _ in texts():
        assert (ROOT / "text" / name).read_text(encoding="utf-8") == text, name
        rebuilt += rows or []
    assert rebuilt == committed and len({r["file"] for r in committed}) >= 20


def test_real_resumes_parse_within_the_gates():
    """The 30 labelled real resumes the rules were written against (dev, test, heldout): achievement
    precision >= 0.95, recall >= 0.90, no employer or school as a bullet. The `fresh` split is the clean
    held-out figure and is reported, not held here (data/resumes_real/REPORT.md)."""
    from training.documents.evaluate_resume_parsing import Config, main

    r = main(Config(split="seen", write=False))
    assert r["files"] >= 30
    assert r["precision"] >= 0.95 and r["recall"] >= 0.90 and r["employer_or_school_bullets"] == 0
    # the job bullets of the JSON/YAML resumes carry the employer and role they were listed under
    assert r["job_bullets"] >= 250 and r["employer_attached"] >= 0.9 and r["role_attached"] >= 0.95


BILINGUAL = """Dongpo Liu刘东坡

Education教育经历
Engineering Bachelor's DegreeSep 2015 – June 2019
• Chongqing University of Technology
重庆理工大学

Work Experience工作经历
Acme Inc. - Database Kernel R&D August 2023 – Present
• Optimized the update of statistics for millions of tables, reducing the update duration from 1.5 hours to 10 seconds.
优化了百万张表的统计信息更新，将更新延迟从 1.5 小时缩短至约 10 秒。

Honors and Awards
2016 1st Place @ Startup Weekend - University of Arizona, Tucson, AZ
2015 Nodebots Champion @ Nodebots - Heatsync Labs, Mesa, AZ

<!-- a template's note to its user,
not part of the resume -->
"""


def test_bilingual_resume_awards_and_comments():
    """A bilingual resume's headings and translation lines, award lines without a glyph, a Markdown
    comment: the school is not a bullet, each bullet keeps its translation, awards are bullets."""
    parsed = parse_resume_text(BILINGUAL)
    assert not any("Chongqing" in b for b in parsed.bullets)
    assert any(b.startswith("Optimized the update") and "优化了百万张表" in b for b in parsed.bullets)
    assert parsed.context[parsed.bullets[0]].section == "Work Experience"
    assert "2016 1st Place @ Startup Weekend - University of Arizona, Tucson, AZ" in parsed.bullets
    assert not any("template" in b for b in parsed.bullets) and len(parsed.bullets) == 3


PROJECTS_AND_CERTIFICATES = """Projects
Smart reconstruction
January 2018 - May 2018 | CMU, Pittsburgh
Reconstructed traffic from a single stationary camera using keypoint detection and ground plane assumptions

Course Projects
• Byte Code Interpreter in C
• Designed and implemented a simple byte code interpreter inspired by the JVM

Certifications
CompTIA Security+ | Jul 2021
AWS Certified Developer Associate | Apr 2021

Education
University of British Columbia
BASc in Computer Engineering
Summa Cum Laude (Cum. GPA: 87.6 %)
"""


def test_project_names_are_context_and_certificates_are_achievements():
    """A project's name above its dated line and a name-only bullet are structure; certifications and a
    cum laude line are achievements (data/resumes_real/README.md labels them so)."""
    parsed = parse_resume_text(PROJECTS_AND_CERTIFICATES)
    assert "Smart reconstruction" not in parsed.bullets and "Byte Code Interpreter in C" not in parsed.bullets
    assert parsed.context[parsed.bullets[0]].employer.startswith("Smart reconstruction")
    for line in ("CompTIA Security+ | Jul 2021", "AWS Certified Developer Associate | Apr 2021",
                 "Summa Cum Laude (Cum. GPA: 87.6 %)"):
        assert line in parsed.bullets


def test_evaluator_reads_a_labelled_line_and_its_bullet_alike():
    """The parsing evaluator's text match removes markup the same way on both sides: a pandoc
    definition-list line with a bold link and the bullet made of it ("| X: ..."), a link text holding
    "C#" and the plain bullet, Markdown escapes and HTML tags (fresh4's first run counted each such line
    once as a wrong bullet and once as missed)."""
    from training.documents.evaluate_resume_parsing import norm

    pairs = [(":    [**PowerGrASP:**](https://github.com/x/y) Power Graph compression — Python, ASP",
              "| PowerGrASP: Power Graph compression — Python, ASP"),
             ("* [1st in KPMG Competition for Best PHP and C# Systems](http://jmu.edu/n) || 4/16",
              "1st in KPMG Competition for Best PHP and C# Systems || 4/16"),
             ("- C\\# \\[intermediate\\] .NET", "C# [intermediate] .NET"),
             ('<div class="text-small">DOI: 10.2514/6.2017-4307</div>', "DOI: 10.2514/6.2017-4307")]
    for line, bullet in pairs:
        assert norm(line) == norm(bullet), (norm(line), norm(bullet))
    assert norm("## Skills") == "skills" and norm("- **Led** a _team_ of `5`.") == "led a team of 5"



def test_evaluator_reads_a_sentence_of_a_wrapped_paragraph(tmp_path, monkeypatch):
    """A paragraph wrapped over several labelled lines is joined and cut into sentences by the parser; a
    sentence that runs from one line into the next is in no one line, so the evaluator reads it in the
    lines' text taken together: right when achievement lines make it, and each line found when its words
    are in the bullets (fresh6's samitbasu and fresh5's kletobias counted such sentences wrong and missed)."""
    import training.documents.evaluate_resume_parsing as ev

    lines = ["Experience", "----------", "",
             "Created the design (physical and organizational) for the Smiths Digital Forge as a",
             "10K square foot R&D facility in Fremont, California.  Secured funding (~$4MM) for the facility, designed the",
             "internal MakerSpace (light hardware prototyping lab), the IT infrastructure, etc.  Ran the operations of the",
             "Forge which grew from 5 to ~30 FTE - mostly engineers and scientists, with program management and software",
             "operations, and managed the budget (~$10MM/yr), overall project schedule and headcount allocation."]
    (tmp_path / "text").mkdir()
    (tmp_path / "orgs").mkdir()
    (tmp_path / "text" / "w.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "orgs" / "w.md.json").write_text("[]", encoding="utf-8")
    rows = [{"file": "w.md", "line": k + 1, "text": t, "label": "achievement" if k >= 3 else "structure"}
            for k, t in enumerate(lines) if t]
    monkeypatch.setattr(ev, "ROOT", tmp_path)
    r = ev.score_file("w.md", rows)
    assert r["bullets"] == 3 and r["wrong"] == [] and r["missed"] == [], r
    rows[2]["label"] = "structure"  # most of the first sentence now lies on a structure line
    r = ev.score_file("w.md", rows)
    assert [w["bullet"][:7] for w in r["wrong"]] == ["Created"], r["wrong"]

PANDOC_ENTRIES = """Alex Doe
========

Work Experience
---------------

**ICF**
:   **Jr. Developer for Web Applications || 7/16 - Present**
:   * Led a project team that shipped an E2E test suite on time and on budget
    * Assisted in cloud authentication via AWS Cognito and API Gateway

**U.S. Department of State**
:    **Summer Hire G.S.O || U.S. Embassy Sarajevo, BnH || 5/14 - 8/14**
:    * Designed informational articles for new staff on arrival

**Senior Fullstack Engineer** @ [UrbanFootprint] $~~~~~~~~$ _1/2020--present_

* Built a data rich frontend with React and Redux

**5.3.2004-11.6.2004 Elcoteq Tallinna, Espoo Business Unit (Eilakaisla)**

Functional testing, failure diagnostics and changing surface mount components.

Projects
--------

Graph tools
:    [**PowerGrASP:**](https://github.com/x/PowerGrASP) Power Graph compression implementation — Python, ASP
:    [**navicept:**](https://github.com/x/navicept) Implementation of lattice navigation with a GUI — Python

FCA4AI 2018 (workshop at IJCAI/ECAI)
:    Formal Concept Analysis for Artificial Intelligence: an environment for the visualization of FCA.
"""


def test_pandoc_definition_items_and_numeric_date_headers():
    """Pandoc-style resumes: a definition item (":   * Led ...") is a bullet of its own without the gap
    after its marker turned into a field separator; its term is the entry's header; role lines dated
    "5/14 - 8/14", "1/2020--present" or "5.3.2004-11.6.2004", with "||" or TeX spacing "$~~~$" between
    fields, are headers, not bullets."""
    bullets = parse_resume_text(PANDOC_ENTRIES).bullets
    assert bullets == [
        "Led a project team that shipped an E2E test suite on time and on budget",
        "Assisted in cloud authentication via AWS Cognito and API Gateway",
        "Designed informational articles for new staff on arrival",
        "Built a data rich frontend with React and Redux",
        "Functional testing, failure diagnostics and changing surface mount components.",
        "PowerGrASP: Power Graph compression implementation — Python, ASP",
        "navicept: Implementation of lattice navigation with a GUI — Python",
        "Formal Concept Analysis for Artificial Intelligence: an environment for the visualization of FCA."]


SECTION_KINDS = """# Jingchang Shi

Open source engineer who has had a natural aptitude with technology since grade school.

## <span class="fa fa-info-circle"></span> Personal Information

<dd>127 West Youyi Road, Xi'an Shaanxi, P.R.China</dd>

## <span class="fa fa-university fa-fw"></span> Education

**Status**: 4^th^ year of Ph.D. | Advisor: Prof. Hong Yan

Education and courses
---------------------

-   2020 Robocon, Helsinki, Finland
-   2016 Embedded JTAG solutions course, Jena, Germany
-   Dean's List Fall 2007 and Fall 2008

Programming and IT skills
-------------------------

-   Microsoft Team Foundation Server, Azure Devops and Git
-   National Instruments TestStand, CVI, LabView and VisionBuilder

Experience
----------

- Cut the nightly test run from four hours to forty minutes
"""


def test_section_kinds_from_their_titles():
    """A section is a skills or courses list when its title ends with or joins such a title ("Programming
    and IT skills", "Education and courses"); HTML in a heading is markup ("<span ...></span> Education");
    a personal-information section describes the person; the lines under the name heading, before any
    section, are the profile. An honour in a course list stays a bullet."""
    bullets = parse_resume_text(SECTION_KINDS).bullets
    assert bullets == ["Dean's List Fall 2007 and Fall 2008", "Cut the nightly test run from four hours to forty minutes"]


HONOURS_TALKS_TEX = """Education
University of Michigan, College of Engineering
B.S.E Computer Science, Cum Laude, Financial Mathematics Minor
May 2014 | Ann Arbor, MI
* Graduated _magna cum laude_ (3.79 / 4.0 GPA)

Publications
Google Scholar Page
=0mu plus 1mu
abbrv
1. Behavior of the Maximum Likelihood in Quantum State Tomography. Travis L. Scholten & Robin Blume-Kohout.
https://dx.doi.org/10.1088/1367-2630/aaa7e2

Awards
2014-2017 Excellence Award, CME Group
2008 Eagle Scout
Other awards 2015
"""


def test_honours_awards_dois_and_tex_residue():
    """Honours are achievements, even in a GPA line, but a degree line naming its honour is structure;
    a three-word award line ("2008 Eagle Scout") is kept and an award's giver is not read as a place; a
    DOI line joins its publication instead of being dropped as a link; TeX lengths and a bibliography
    style left by de-TeXing are layout; "Google Scholar Page" and "Other awards 2015" name no award."""
    bullets = parse_resume_text(HONOURS_TALKS_TEX).bullets
    assert bullets == [
        "Graduated _magna cum laude_ (3.79 / 4.0 GPA)",
        "Behavior of the Maximum Likelihood in Quantum State Tomography. Travis L. Scholten & Robin Blume-Kohout. "
        "https://dx.doi.org/10.1088/1367-2630/aaa7e2",
        "2014-2017 Excellence Award, CME Group", "2008 Eagle Scout"]


SKILL_PHRASES = """Technical Experience

Programming Languages
: Proficient in **Scala**, **Kotlin**, **TypeScript**, **Node.js**

: Working knowledge of **Java**, **Python**, **Bash**, **Ruby**

Databases
: Proficient in both SQL (**PostgreSQL**) and NoSQL (**DynamoDB**)

Teaching
Blog articles
:    popularization, opinions, project presentation

    * [bioinfo-fr.net](https://bioinfo-fr.net): [git tutorial](http://a.b/git), [parsing advices](http://a.b/p).
    * Taught git, Python and Java to 40 master's students for three years
"""


def test_skill_phrases_and_link_lists_are_not_bullets():
    """"Working knowledge of Java, Python, Bash, Ruby" and "Proficient in both SQL (PostgreSQL) and NoSQL"
    list skills; a bullet made of links and a three-word list are where to look and what about, not work."""
    assert parse_resume_text(SKILL_PHRASES).bullets == ["Taught git, Python and Java to 40 master's students for three years"]


OFFICES_AND_TALKS = """Other Experience
2022 - present: Board of Directors,

Unitary Fund

2021: Co-organizer, Open Quantum

Hardware Workshop @QCE21

2016-2017: Vice-Chair, UNM GPSA

Finance Committee

Skills
Communication
25 talks 3 posters 2 podcasts 3 panels

Invited speaker IQT 2019

Leadership
SunSesh AZ Feb. 2021 - Present
Founder and Organizer Tempe, AZ
• Host a weekly longboard meetup in Tempe, partnered with two local shops.
"""


def test_offices_held_and_talks_are_achievements():
    """An office held outside the job sections (co-organizer, vice-chair) and a talk line are achievements
    without a bullet glyph, each with the second half of its title when a narrow column split it (a short
    line after an entry that starts with its year); a board seat is structure, and an office that heads
    an entry with bullets is that entry's header."""
    assert parse_resume_text(OFFICES_AND_TALKS).bullets == [
        "2021: Co-organizer, Open Quantum Hardware Workshop @QCE21", "2016-2017: Vice-Chair, UNM GPSA Finance Committee",
        "25 talks 3 posters 2 podcasts 3 panels", "Invited speaker IQT 2019",
        "Host a weekly longboard meetup in Tempe, partnered with two local shops."]


ORG_DESCRIPTIONS = """## Experience
**Senior Software Engineer** @ [moovel] $~~~~~~~~$ _1/2017--1/2020_

Mobile ticketing solutions for public transit agencies.

* Built micro services with Node, Go and Python on Kubernetes
* Designed the REST and GraphQL APIs of the ticketing backend

## Projects
### Full-stack developer; Team lead, DormSwap
*Sep 2024 – May 2025*
A campus marketplace for students to buy, sell, and trade dorm essentials.
- Built the listing and search pages in React for 2,000 students
"""


def test_an_employers_description_under_a_job_header_is_not_a_bullet():
    """A noun phrase naming what the employer is, between a job's header and its bullets, describes the
    organisation ("Mobile ticketing solutions for public transit agencies."); a project's description
    is the project's work and stays a bullet."""
    assert parse_resume_text(ORG_DESCRIPTIONS).bullets == [
        "Built micro services with Node, Go and Python on Kubernetes",
        "Designed the REST and GraphQL APIs of the ticketing backend",
        "A campus marketplace for students to buy, sell, and trade dorm essentials.",
        "Built the listing and search pages in React for 2,000 students"]


# A JSON Resume theme's job entry: header, the role's one-line summary (the "summary" field), then what the
# organisation is (the "description" field), then the bullets.
SUMMARY_THEN_ORG = """EXPERIENCE

Staff Engineer | Larder | Berlin | Mar 2021 – Present
Technical lead for the checkout and payments rework.
Online grocery delivery service built on a custom logistics stack
- Cut checkout p95 latency 45% by batching inventory reservations
- Led a four-engineer team that shipped same-day delivery slots

Software Engineer | Hostwell | Leeds | Jan 2017 – Feb 2021
Worked on the object storage team.
Managed cloud hosting provider
- Built the quota service that billed 12,000 customers

Software Engineer | Tallyho | Leeds | Jan 2015 – Dec 2016
Owned the invoicing service end to end.
Mentored two junior engineers on the billing team
- Migrated invoices from cron jobs to a queue
"""


def test_a_verbless_line_between_a_jobs_summary_and_its_bullets_describes_the_employer():
    """After a job's one-line summary, a short noun phrase with no verb directly above the bullets says what
    the organisation is ("Managed cloud hosting provider"), not the candidate's work; the summary stays a
    bullet, and a second line that opens with a verb is work."""
    assert parse_resume_text(SUMMARY_THEN_ORG).bullets == [
        "Technical lead for the checkout and payments rework.",
        "Cut checkout p95 latency 45% by batching inventory reservations",
        "Led a four-engineer team that shipped same-day delivery slots",
        "Worked on the object storage team.",
        "Built the quota service that billed 12,000 customers",
        "Owned the invoicing service end to end.",
        "Mentored two junior engineers on the billing team",
        "Migrated invoices from cron jobs to a queue"]


def test_an_open_parenthesis_continues_and_a_long_statement_before_a_colon_is_no_skill_list():
    """A line that closes a parenthesis the line above opened is its continuation ("... Göpel Cascon" +
    "Galaxy)"); a bullet whose list follows a whole statement and a colon is work, not a skill list."""
    text = ("Experience\n\nInstrument Drivers and test development. (NI TestStand, NI LabView, Göpel Cascon\nGalaxy)\n\n"
            "- Ran observability and on-call for global production systems (Grafana, Datadog): logs, metrics, "
            "dashboards, and alerting.\n- Skills: Python, Go, SQL, Bash\n")
    assert parse_resume_text(text).bullets == [
        "Instrument Drivers and test development. (NI TestStand, NI LabView, Göpel Cascon Galaxy)",
        "Ran observability and on-call for global production systems (Grafana, Datadog): logs, metrics, dashboards, "
        "and alerting."]


def test_a_project_title_over_its_paragraph_is_its_header():
    """In a projects section, a short line without a sentence end over a paragraph of 20+ words is the
    project's title: context for the paragraph, not a bullet."""
    text = ("Projects\nWeighted finite automata encoding of images\n\nThe idea was to explore how feature extraction "
            "from an image can be done using weighted finite automata encoding of the same image, for tamper "
            "detection.\n")
    parsed = parse_resume_text(text)
    assert parsed.bullets == [text.split("\n\n")[1].strip()]
    assert parsed.context[parsed.bullets[0]].employer == "Weighted finite automata encoding of images"


def test_role_at_employer_lines_with_short_dates_are_headers():
    """"Role at Employer; Nov18 - now": a two-digit year glued to its month is a date, and a job title at a
    named employer is the entry's header (its bullets get that role and employer); work done at a company
    stays a bullet."""
    assert is_structure_line("Data Scientist at Samsung R&D Institute UK; Nov18 - now")
    assert is_structure_line("Maths tutor at Oxford Exclusif Tutorial Agency; Oct18 - Jan18")
    assert is_structure_line("pandas; Aug19 - now")
    assert is_structure_line("Senior Software Developer at Oracle, Corp. via AcmePacket acquisition (Berlin, Germany)")
    assert not is_structure_line("Led a team of 5 engineers at Google to ship the new checkout")
    assert not is_structure_line("Intern at NASA where I built a rover simulator")
    assert is_structure_line("Internship as Conservas La Pureza (Carino, Spain)")
    assert not is_structure_line("Served as Scrum Master for a team of 6 engineers")
    text = ("Experience\n----------\n\n**Data Scientist at Samsung R&D Institute UK**; Nov18 - now\n\n"
            "- Wrote custom model to work on survey data, beating third-party's benchmark\n")
    parsed = parse_resume_text(text)
    assert parsed.bullets == ["Wrote custom model to work on survey data, beating third-party's benchmark"]
    ctx = parsed.context[parsed.bullets[0]]
    assert (ctx.role, ctx.employer, ctx.dates) == ("Data Scientist", "Samsung R&D Institute UK", "Nov18 - now")


def test_lines_under_a_name_with_a_degree_are_the_profile():
    """"John R. Brandon, PhD" over "====" is the resume's title: the paragraph under it (before any section)
    describes the person, not work to cite; the bullets of the sections after it stay."""
    text = ("John R. Brandon, PhD\n============\n\nSan Francisco Bay Area   [GitHub](www.github.com/jb)\n\n----\n\n"
            "John provides modeling and statistical support as an "
            "independent consultant to his clients.\nThis work involves evaluating the performance of alternative "
            "management strategies.\n\nProjects\n--------\n\n- Built a simulation model of whale population "
            "dynamics used by the tribal council\n")
    assert parse_resume_text(text).bullets == [
        "Built a simulation model of whale population dynamics used by the tribal council"]


def test_a_long_underlined_course_work_heading_lists_courses_and_interests_are_no_work():
    """An underlined heading may pass 40 characters; one that joins course work ("Technical Experience and
    Recent Course work") lists skills and courses, and its definition items are not bullets; a "Research
    Interests" paragraph is about the person. A definition under an experience heading stays work."""
    text = ("Experience\n----------\n\nResearch Assistant, Acme Labs\n:   Built a genome assembly pipeline in "
            "Python that cut run time from 9 to 2 hours\n\nTechnical Experience and Recent Course work\n"
            "--------------------\n\nProgramming\n:   Python (scikit-learn/numpy/scipy/pandas), R, Microsoft Excel\n"
            ":   Web Development (Linux/Apache/MySql/PHP) and web server management\n\nData Science\n"
            ":   Applied Predictive Modelling (Fall 2014), Introduction to Data Science (Fall 2014)\n\n"
            "## Research Interests\n\nMy research interests lie in the field of High-Performance Computing, "
            "encompassing HPC systems monitoring and management.\n")
    assert parse_resume_text(text).bullets == [
        "Built a genome assembly pipeline in Python that cut run time from 9 to 2 hours"]


def test_an_indented_paragraph_after_a_blank_line_goes_on_with_its_list_item():
    """Markdown: a paragraph indented under a list item, after a blank line, belongs to that item ("- Beginners
    Workshop on Python for Data Analytics; Jan20" + "  I co-mentored 40+ attendees ..."), so the event's line and
    what was done there make one bullet; a paragraph that is not indented is a bullet of its own."""
    text = ("Outreach\n--------\n\n- Beginners Workshop on Python for Data Analytics; Jan20\n\n  I co-mentored 40+ "
            "attendees from underrepresented minorities in tech, teaching them data analytics skills.\n\n"
            "Experience\n----------\n\n- Wrote custom model to work on survey data\n\nMigrated JasperSoft "
            "dashboards to Tableau for the sales team.\n")
    assert parse_resume_text(text).bullets == [
        "Beginners Workshop on Python for Data Analytics; Jan20 I co-mentored 40+ attendees from underrepresented "
        "minorities in tech, teaching them data analytics skills.",
        "Wrote custom model to work on survey data", "Migrated JasperSoft dashboards to Tableau for the sales team."]


def test_an_articles_section_lists_written_pieces_and_html_indents_are_no_field_gaps():
    """Articles written (like publications) are achievements, one a line, also as HTML ("<p><H4>title</H4>
    <strong>Description:</strong> ..."); the spaces an HTML line indents with beside a tag are markup, not a
    wide gap between fields. Their header lines stay structure."""
    text = ("## Experience\n\nData Scientist at Acme Labs; Jan20 - now\n\n- Built a churn model\n\n## Articles\n\n"
            "<p><H4>Deep Dive Tabular Data Pt. 2</H4><strong>Description:</strong> Feature selection using model "
            "DecisionTreeRegressor from sklearn.<br>                <strong>Tags:</strong> ['feature-selection']</p>\n")
    assert parse_resume_text(text).bullets == [
        "Built a churn model", "Deep Dive Tabular Data Pt. 2 Description: Feature selection using model "
        "DecisionTreeRegressor from sklearn. Tags: ['feature-selection']"]


def test_a_listed_venue_is_no_bullet_but_a_role_at_a_workshop_is():
    """Under "Paper Reviewer", each bullet names a conference or journal and nothing else: structure. A role
    held at an event ("Workshop Leader and Coordinator, ...") and a paper (in Publications) stay achievements."""
    text = ("## Services\n\n### Paper Reviewer\n- The Journal of Supercomputing\n"
            "- IEEE/ACM International Symposium on Cluster, Cloud and Internet Computing (CCGrid’22)\n"
            "- IEEE International Conference on Big Data (BigData’20, BigData’21, BigData’22)\n\n## Leadership\n\n"
            "- Workshop Leader and Coordinator, Undergraduate Social Statistics Study Group. (Oct 2019)\n\n"
            "## Publications\n\n- Scheduling Disaggregated Memory in HPC Systems, IEEE International Conference "
            "on Big Data\n")
    assert parse_resume_text(text).bullets == [
        "Workshop Leader and Coordinator, Undergraduate Social Statistics Study Group. (Oct 2019)",
        "Scheduling Disaggregated Memory in HPC Systems, IEEE International Conference on Big Data"]


@pytest.mark.slow
def test_evidence_after_the_first_is_shown_by_match_and_unrelated_bullets_are_left_out(encoder):
    """A walkthrough showed bullets at match 0.28, 0.05, 0.26, and one at 0.02 ("Taught spreadsheet basics ...")."""
    from interview.coach import EVIDENCE_FLOOR, Coach
    from interview.retrieval.retriever import build_index, retrieve_for_answer

    bullets = ["Ran daily operations, staffing, and P&L for a flagship 120-seat restaurant.",
               "Reduced waste 9% by tightening par-level ordering.",
               "Taught spreadsheet and internet basics to adults re-entering the workforce.",
               "Built a monthly volunteer-hours report in Looker Studio used by the board.",
               "Cut unfilled Saturday shifts from 11 to 4 a month with a short-shift view."]
    question, answer = "Tell me about a report you built.", "I built a monthly report in Looker Studio for the board."
    coach = Coach(generator=None, encoder=None, router=None, retriever_encoder=encoder)
    hits = coach.retrieve_bullets(bullets, "", question, answer, k=5)
    raw = retrieve_for_answer(build_index(encoder, bullets), question, answer, k=5)
    assert hits[0].bullet == raw[0].bullet                      # the bullet the answer talks about stays first
    rest = [h.score for h in hits[1:]]
    assert rest == sorted(rest, reverse=True) and all(s >= EVIDENCE_FLOOR for s in rest)
    assert {h.bullet for h in raw[1:] if h.score >= EVIDENCE_FLOOR} == {h.bullet for h in hits[1:]}
    assert len(hits) < len(raw) and [h.score for h in raw[1:]] != rest   # here, one is left out and the rest re-ordered


# ----------------------------------------------------------------------------- third reading (issue 21)

def test_hobbies_and_knowledge_sections_list_tags_not_work():
    """A "Hobbies" or "Knowledge" heading lists interests or skills (like Interests and Skills): no bullet,
    while an award above them stays one."""
    text = ("**Awards**\n\n* Transformation Fellowship for founding and launching Cobind\n\n**Knowledge**\n\n"
            "* **Cloud**: Amazon Web Services (AWS), Google Cloud Platform (GCP), Microsoft Azure\n"
            "* **Mobile**: Android, iPhone, iPad\n\nHobbies\n-------\n* Philology (Language learning)\n"
            "* Contributing to open-source projects\n")
    assert parse_resume_text(text).bullets == ["Transformation Fellowship for founding and launching Cobind"]


def test_a_language_and_its_level_is_no_bullet():
    """"English: Bilingual Proficiency" under a heading the parser does not know is a language and its level;
    a bullet that uses a level word in a statement of work stays."""
    text = ("## Language Proficiency\n\n- English: Bilingual Proficiency\n- Spanish: Elementary Proficiency\n"
            "- English (native speaker)\n\n## Experience\n\n- Led advanced analytics training for 40 analysts\n")
    assert parse_resume_text(text).bullets == ["Led advanced analytics training for 40 analysts"]


def test_a_list_ending_in_and_or_one_named_skill_is_no_bullet():
    """"Spring Core, MVC, Data and Web Flux", "Vagrant, Docker, Jenkins, Ansible, Linux shell and command line."
    and "Basic knowledge of SIP network protocol." name skills; "Designed, built, tested and shipped ..." is work."""
    text = ("## Experience\n\n- Spring Core, MVC, Data and Web Flux\n- Basic knowledge of SIP network protocol.\n"
            "- Designed, built, tested and shipped the billing service in Go\n\nInfrastructure\n"
            ":   Vagrant, Docker, Jenkins, Ansible, Linux shell and command line.\n")
    assert parse_resume_text(text).bullets == ["Designed, built, tested and shipped the billing service in Go"]


def test_a_header_with_an_aside_in_parentheses_is_structure():
    """"Software Engineer (Online Cinema - Encoder Backend) ivi.ru, Moscow, Russia" is a role, an employer and a
    place once its aside goes; an achievement with an aside, or an award with its sum, is not."""
    assert is_structure_line("Senior Software Engineer (Bank & BNPL - Platform Engineer, SRE, DevOps, Backend) "
                             "Klarna, Stockholm, Sweden")
    assert is_structure_line("Oracle Communications Operations Monitor (formerly Palladion Communication Suite).")
    assert not is_structure_line("Built core balance alerting service (Slack + Google Drive API).")
    assert not is_structure_line("Summer Thesis/Dissertation Research Award ($2300)")
    text = ("Experience\n\nSoftware Engineer (Online Cinema - Encoder Backend) ivi.ru, Moscow, Russia\n"
            "Feb 2019 – Dec 2019\n\n• Improved video encoder pipeline (Ffmpeg + Django) and Quality Control automation.\n")
    r = parse_resume_text(text)
    assert r.bullets == ["Improved video encoder pipeline (Ffmpeg + Django) and Quality Control automation."]
    assert r.context[r.bullets[0]].dates == "Feb 2019 – Dec 2019"


def test_a_role_to_an_organisation_is_a_header():
    """"Statistical Consultant to the Makah Tribal Council." names a position and whom it served; "Promoted to
    Team Lead ..." (no title word before 'to') and "Mentor to 5 junior engineers" (a figure) stay work."""
    assert is_structure_line("Population Dynamics and Statistical Consultant to the Makah Tribal Council.")
    assert is_structure_line("Management Strategy Consultant to the (U.S.) Science Center for Marine Fisheries.")
    assert not is_structure_line("Promoted to Team Lead after shipping the billing rewrite in 4 months.")
    assert not is_structure_line("Mentor to 5 junior engineers on the payments team")


def test_a_bullet_of_fields_is_a_frame_unless_a_field_states_work():
    """A de-TeXed project line "• Compiler Construction $ $ EPFL $ $ 2014" (the course, the school, the year) is a
    frame, not work; "• Cut p95 latency 40%    Go, Redis" (a statement with its stack in a second field) stays."""
    text = ("Course Projects\n• Byte Code Interpreter in C\n• Compiler Construction $ $ EPFL $ $ 2014\n"
            "• Designed and implemented a simple byte code interpreter inspired by the JVM\n"
            "• Cut p95 latency of the interpreter by 40%    Go, Redis\n")
    assert parse_resume_text(text).bullets == [
        "Designed and implemented a simple byte code interpreter inspired by the JVM",
        "Cut p95 latency of the interpreter by 40% | Go, Redis"]


def test_a_client_or_employer_described_as_a_shop_or_studio_is_context():
    """"VogueLV. Retail shoe shop chain." (a client and what it is) and "Retail Jewelry shop chain." between a job's
    header and its "Tasks:" list say what the client or employer is; the work under them stays."""
    text = ("## Experience\n\n2004-2007\n:   **Software Developer** Joyerias Jose Luis (A Coruna, Spain)\n\n"
            "Retail Jewelry shop chain.\n\nTasks:\n\n- SQL queries and processes optimization.\n\n"
            "2009 - 2013\n:   **Freelance**\n\nWorks:\n\n* **[VogueLV](http://voguelv.com)**. Retail shoe shop chain.\n"
            "    - Online stock management and integration with physical stores.\n"
            "* Built an online shop for a retail chain in Django.\n")
    assert parse_resume_text(text).bullets == [
        "SQL queries and processes optimization.", "Online stock management and integration with physical stores.",
        "Built an online shop for a retail chain in Django."]


def test_a_wrapped_line_before_a_dated_header_goes_on_with_its_bullet():
    """The last line of a wrapped bullet ("forked configuration templates)", lower case, closing the
    parenthesis left open) right above the next job's dated header is the bullet's end, not the next entry's
    name (it became the next job's employer); a short title-case line there still heads the entry."""
    text = ("Experience\n----------\n\n**Insight Global | June 2016 – August 2023**\n*System Architect*\n\n"
            "   - Designed dynamic deployment tooling to baseline and maintain mission environments (100+\n"
            "   environments deployed, all running baselined versions of artifacts and\n"
            "   forked configuration templates)\n\n"
            "**VMware | March 2013 – June 2016**\n*Senior Consultant*\n\n"
            "   - Provided professional services consulting for hybrid-cloud design\n\n"
            "Smart reconstruction\nJan 2018 – May 2018 | CMU\n"
            "   - Rebuilt 3D meshes from sparse scans with a learned prior\n")
    parsed = parse_resume_text(text)
    first = parsed.bullets[0]
    assert first.endswith("artifacts and forked configuration templates)"), parsed.bullets
    assert parsed.context[parsed.bullets[1]].employer == "VMware"
    assert parsed.context[parsed.bullets[2]].employer.startswith("Smart reconstruction")


def test_a_summary_or_profile_section_named_by_its_head_word_is_about_the_person():
    """"Work Summary", "Career Profile": a section about the person, named by its last word. Its first-person
    paragraphs ("I have been a professional Software Developer ...") are no bullets; a paragraph of work under
    Experience and a glyph bullet under the summary still are."""
    from interview.documents.resume_prose import is_profile_section

    text = ("Todd Buiten\n===========\n\nWork Summary\n------------\n\n"
            "I have been a professional Software Developer and Architect for over 35 years, primarily working on "
            "large scale global web sites with millions of users.\n\n"
            "- Cut checkout latency from 480 ms to 190 ms across three product lines\n\n"
            "Experience\n----------\n\n**Principal Engineer**, Acme Corporation, Redmond, WA. (2009 - 2011)\n\n"
            "Led the rewrite of the login service, moving 40 million users to a new token store without downtime.\n")
    bullets = parse_resume_text(text).bullets
    assert not any(b.startswith("I have been") for b in bullets), bullets
    assert "Cut checkout latency from 480 ms to 190 ms across three product lines" in bullets
    assert any(b.startswith("Led the rewrite") for b in bullets)
    assert is_profile_section("Career Profile") and is_profile_section("Executive Summary:")
    assert not is_profile_section("Work Experience") and not is_profile_section("Projects")


def test_a_grants_and_fellowships_section_lists_achievements():
    """"Grants & Fellowships": each grant line, and its PI / co-I line, is an achievement like an award (they
    read like headers: a funder's name with a code, names after a label); a Skills line is still no bullet."""
    text = ("## Grants & Fellowships\n\n2021:\n:   National Natural Science Foundation of China/RGC (3211101015)\n"
            "PIs: Louise Ashton, Akihiro Nakamura.\n\n2013:\n"
            ":   Chinese Academy of Sciences Fellowships for Young International Scientists (no. 2013Y1SB0002)\n\n"
            "## Skills\n\nLanguages: R, Python, Stan, SQL\n")
    bullets = parse_resume_text(text).bullets
    assert "National Natural Science Foundation of China/RGC (3211101015)" in bullets, bullets
    assert "PIs: Louise Ashton, Akihiro Nakamura." in bullets
    assert any(b.startswith("Chinese Academy of Sciences Fellowships") for b in bullets)
    assert not any(b.startswith("Languages") for b in bullets)


@pytest.mark.parametrize("line", [
    "September 2017 - Machine Learning Foundations: A Case Study Approach; University of Washington Seattle (via Coursera)",
    "October 2014 - Introduction to Data Visualisation and Visual Demography in R; University of Edinburgh (via Coursera)",
    "Programmer/Analyst: Ann Arbor Computer, Division of Jervis B. Webb, Ann Arbor, MI. (May 1987 - April 1988)",
])
def test_a_long_dated_line_of_names_in_fields_is_structure(line):
    """A course taken or a job header, dated, longer than ten words: names in title case with a label or ';'
    between them. An achievement with a date, or an honour written with commas only, is no frame."""
    assert is_structure_line(line)
    for achievement in ("2019 - Led the migration of 40 services to Kubernetes; cut hosting costs by a third",
                        "Graduate Research Assistant Internship Supervisor, Stanford Institute for Research in the "
                        "Social Sciences Research Experience Program. (Nov 2024 – Aug 2025)"):
        assert not is_structure_line(achievement)


def test_an_expertise_heading_lists_skills_and_an_open_source_projects_heading_lists_work():
    """A lower-case "technical expertise" heading (a de-TeXed template) starts a section about skills: its
    paragraphs ("During my Ph.D. I honed many skills ...") and field lists are no bullets; the paragraphs under
    "open source projects" after it are work again."""
    text = ("awards\n\n2019\nBest Poster: Visualizing embryo development in Virtual Reality\n"
            "technical expertise\n\nData Sciences\nDuring my Ph.D. I honed many skills regarding data analytics "
            "pipelines from small scale datasets, to terabytes of data.\n"
            "Data analytics, Machine Learning, Computer Vision, Systems biology, Modeling, HPC Computing\n\n"
            "open source projects\nAs the CTO and Founder of Just One Giant Lab, I managed and directed the team of "
            "developers behind the JOGL platform.\n")
    bullets = parse_resume_text(text).bullets
    assert not any("I honed" in b or b.startswith("Data analytics") for b in bullets), bullets
    assert any(b.startswith("As the CTO and Founder") for b in bullets)
    assert any(b.startswith("Best Poster") for b in bullets)


def test_a_french_heading_starts_the_section_it_names():
    """orycterope-cv (fresh7, a French TwentySeconds resume): "Expérience Professionnelle" was no heading, so its
    jobs were read under "Education" and missed; "Intérets" (an accent left out) listed hobbies as bullets."""
    text = ("Thomas Vermeilh\n\nEducation\n\n2015-2019 École 42\nParis\n\nExpérience Professionnelle\n\n2019-2020\n"
            "Board Support Package Gateways\n\n"
            "Intégration d'images Linux sur gateways pour FAI européens et design de tests usine.\n\n"
            "Mise en place d'un CI/CD pour la validation du soft et livraison aux équipes userspace.\n\n"
            "Intérets\n\nPlongée sous-marine (diplôme N.2), ski et escalade.\n\nScience-fiction, et animation américaine.\n")
    parsed = parse_resume_text(text)
    assert parsed.bullets == [
        "Intégration d'images Linux sur gateways pour FAI européens et design de tests usine.",
        "Mise en place d'un CI/CD pour la validation du soft et livraison aux équipes userspace."]
    assert parsed.context[parsed.bullets[0]].section == "Professional Experience"


def test_a_one_letter_line_is_no_heading():
    """orycterope-cv (fresh7): a project's language line "C" under its name was read as an all-caps heading, so
    the project's three lines after it fell into a section "C" and were missed. "KAIST" is still a heading."""
    text = ("Projets\n\nFilesystem\next2 filesystem driver pour le noyau Linux\nC\n\n"
            "Ré-implémentation du driver ext2 de Linux.\n\nÉcriture d'un module .ko se loadant dans le noyau Linux.\n")
    bullets = parse_resume_text(text).bullets
    assert "Ré-implémentation du driver ext2 de Linux." in bullets
    assert "Écriture d'un module .ko se loadant dans le noyau Linux." in bullets


def test_a_sub_heading_that_names_skills_starts_a_skills_section():
    """pmozil-resume (fresh7): "### Theoretical knowledge", "### Programming Languages" and "### Additional tools"
    under "## Technical Experience" were read as entries, so their skill paragraphs ("**C:** I have 4 years of
    experience with C.") became bullets. A job written as a sub-heading still heads an entry."""
    text = ("## Experience\n\n### Senior Full-Stack Developer, Teravision Technologies\n\n"
            "- Supported the company interview process.\n\n## Technical Experience\n\n### Theoretical knowledge\n\n"
            "-   **Linux OS environment**: I am familiar with linux both on the level of OS development as well as OS usage.\n\n"
            "### Programming Languages\n\n-   **C:** I have 4 years of experience with C.\n\n"
            "### Additional tools\n\n-   **nmap**, **ss**, **tcpdump**\n")
    parsed = parse_resume_text(text)
    assert parsed.bullets == ["Supported the company interview process."]
    assert parsed.context[parsed.bullets[0]].employer == "Teravision Technologies"


def test_a_skills_summary_heading_lists_skills():
    """kayleh-resume-en (fresh7): "Skills Summary" was read as a profile section by its head word, whose glyph
    bullets stay bullets, so eight skill statements ("Solid foundation in Java/Python, familiar with JVM basics
    ...") became bullets. A summary of skills lists skills; a "Work Summary" is still about the person."""
    text = ("Kingsley Yau\n============\n\n> Senior Full-Stack Development Engineer with 4 years of experience.\n\n"
            "Skills Summary\n--------------\n\n"
            "* Solid foundation in Java/Python, familiar with JVM basics, common collections, and multithreading.\n\n"
            "* Knowledgeable about TCP/IP and HTTP protocols.\n\nWork Experience\n---------------\n\n"
            "**Acme - Backend Developer (2021/05 - 2025/04):**\n\n"
            "* Completed core code development and group code reviews.\n")
    assert parse_resume_text(text).bullets == ["Completed core code development and group code reviews."]


def test_a_blockquoted_line_of_names_in_fields_is_a_header():
    """shawnking07-resume (fresh7): under a project's bold name, "> Microsoft Suzhou, M365 Big Data Team, SOTELS
    EUDB Team." (employer, team, sub-team) was a bullet (the split's one employer bullet): the blockquote marker
    was kept and a final stop made the line a statement. A sentence with a stop still is one."""
    assert is_structure_line("Microsoft Suzhou, M365 Big Data Team, SOTELS EUDB Team.")
    assert not is_structure_line("Migrated 20+ SCOPE Jobs, Dashboards And Reports To Data Lake Gen2.")
    text = ("## Experience\n\n**SOTELS EUDB Migration**\n\n> Microsoft Suzhou, M365 Big Data Team, SOTELS EUDB Team.\n\n"
            "- Migrated 20+ SCOPE jobs and over 1PB daily data from the current data lake Gen1 to Gen2.\n")
    assert parse_resume_text(text).bullets == [
        "Migrated 20+ SCOPE jobs and over 1PB daily data from the current data lake Gen1 to Gen2."]


def test_a_short_list_item_with_nested_items_names_what_they_are_about():
    """duanwei-cv (fresh7) nests a job's bullets three levels deep: product, then sub-product and role, then the
    work. The two upper levels ("Unity, Infrastructure Service", "Celerra, technical lead") were bullets. A short
    item without an opening verb over deeper items is their name; an item that states work stays a bullet."""
    text = ("Experience\n----------\n\n2012/06–now\n:   Senior Software Engineer **DellEMC**,Chengdu\n\n"
            "* Unity, Infrastructure Service\n\n    * OEM/L10N/I18N/OBS/GUI, scrum master and technical lead\n"
            "        * Architect auto-rebranding system with python stack to OEM customers.\n"
            "    * Celerra, technical lead\n        * Provided technical mentoring on linux, apache and J2EE.\n\n"
            "* Led the migration of the storage GUI to Ext-js 5\n    * Rewrote the grid widgets and their tests\n")
    assert parse_resume_text(text).bullets == [
        "Architect auto-rebranding system with python stack to OEM customers.",
        "Provided technical mentoring on linux, apache and J2EE.",
        "Led the migration of the storage GUI to Ext-js 5", "Rewrote the grid widgets and their tests"]


def test_a_self_assessment_section_is_about_the_person():
    """duanwei-cv (fresh7): the bullets under "Self-Assessment" ("Have passion for computer science especially on
    algorithms ...") say who the person is, like a Chinese resume's 自我评价; they were bullets to cite."""
    text = ("Duan Wei\n============\n\nChengdu, China | <seven.duan@gmail.com>\n\nSelf-Assessment\n---------------\n"
            "* Have strong knowledge of full stack system development in J2EE.\n"
            "* Have passion for computer science especially on algorithms, data structure, security and math.\n\n"
            "Experience\n----------\n\n2010/01–2011/01\n:   Senior Software Engineer **Nokia**,Chengdu\n\n"
            "* Automated JMS test cases with **JMeter**\n")
    assert parse_resume_text(text).bullets == ["Automated JMS test cases with JMeter"]


@pytest.mark.parametrize("line", [
    "Senior backend developer, working in Ercisson 4G and 5G evolved core gateways.",
    "Senior developer, working in both backend and frontend.",
    "Analyst Programer, working in Sener in FORAN project. CAD/CAE/CAM software for ship design.",
])
def test_a_role_then_where_the_person_worked_is_structure(line):
    """nachose-resume (fresh7): the role line under each employer ("Senior developer, working in both backend and
    frontend.") was a bullet; it is the job's role. Work done with "working" stays work."""
    assert is_structure_line(line)
    assert not is_structure_line("Tokenizer gateway working with Java, Quarkus, Podman, Docker and Kubernetes.")
    assert not is_structure_line("Team lead, working with 5 engineers I hired to cut release time by half.")
    text = f"## Experience\n\n**Ericsson**\nDec 2021-April 2023\n\n{line}\n\n- DPI library for traffic classification in the EPG.\n"
    parsed = parse_resume_text(text)
    assert parsed.bullets == ["DPI library for traffic classification in the EPG."]
    assert parsed.context[parsed.bullets[0]].employer == "Ericsson"


def test_a_markdown_image_is_no_bullet():
    """nachose-resume (fresh7): '<div align="center">![Codewars Badge](markdown/codewars-badge.png){ width=4in }</div>'
    became the bullet "!Codewars Badge{ width=4in }": an image (a badge, a logo) is no text."""
    text = ("## Experience\n\n**GMV**\nOct2018-Dec2021\n\n- Migrated the mission control center from SLES 11 to SLES 12.\n\n"
            "Links\n: [github](https://github.com/nachose)\n\n"
            '<div align="center">![Codewars Badge](markdown/codewars-badge.png){ width=4in }</div>\n')
    assert parse_resume_text(text).bullets == ["Migrated the mission control center from SLES 11 to SLES 12."]


def test_a_pandoc_term_is_counted_without_its_aside():
    """kayleh-resume-en (fresh7): the project term "Fast-Moving Consumer Goods QR Code Marketing System (DAU 300K+,
    Total Users 20M)" over ":   1. Designed ..." has 12 words with its aside, over the term limit of 10, so it
    became a bullet; without the aside it names the project and heads its items."""
    text = ("Project Experience\n--------------------\n\n"
            "Fast-Moving Consumer Goods QR Code Marketing System (DAU 300K+, Total Users 20M)\n"
            ":   1. Designed and implemented QR code generation and management modules to ensure uniqueness.\n")
    parsed = parse_resume_text(text)
    assert parsed.bullets == ["Designed and implemented QR code generation and management modules to ensure uniqueness."]
    assert parsed.context[parsed.bullets[0]].employer.startswith("Fast-Moving Consumer Goods QR Code")


def test_a_bullet_labelled_as_courses_is_a_frame():
    """kayleh-resume-en (fresh7): "* Main Courses: Principles of Computer Composition" under "Education Background"
    (not read as Education by its name) was a bullet. Courses taken are structure wherever they are listed."""
    text = ("Education Background\n---------\n\n2025-2028\n:   **Computer Science and Technology**, Jinan University\n\n"
            "    * Main Courses: Principles of Computer Composition\n\n"
            "    * Built the department's course-registration site in Django for 3,000 students.\n")
    assert parse_resume_text(text).bullets == ["Built the department's course-registration site in Django for 3,000 students."]


def test_a_technology_list_under_a_skills_term_keeps_it_a_skills_list():
    """nachose-resume (fresh7): under the term "Programming Languages", the wrapped line "Using Qt, Boost, Apache
    xerces, absail, rapidxml, cppunit, gtest and gmock," was read as an entry's header, so the next language's
    paragraph ("java: Working as a java backend engineer also, ...") and the lines after it became bullets."""
    text = ("## Experience\n\n**GMV**\nOct2018-Dec2021\n\n- Migrated the mission control center from SLES 11 to SLES 12.\n\n"
            "## Technical Experience\n\nProgramming Languages\n: **C++:** Working with C++ most of my career, doing backend\n"
            "but also guis with Qt. Using up to C++20 standard.\n"
            "Using Qt, Boost, Apache xerces, absail, rapidxml, cppunit, gtest and gmock,\ncmake, ant, ninja, msbuild.\n\n"
            ": **java:** Working as a java backend engineer also, but a little experience\ndoing ui work, using java 17.\n\n"
            ": **other languages** I've worked with bash, python, javascript, tcl, .net.\n")
    assert parse_resume_text(text).bullets == ["Migrated the mission control center from SLES 11 to SLES 12."]


def test_a_published_papers_section_lists_achievements():
    """pmozil-resume (fresh7): the one line under "## Published papers", a linked title in title case, read as a
    header (a section of papers was not known to list achievements) and was missed."""
    text = ("## Experience\n\n### 2022-2023: Teaching assistant for Discrete Mathematics\n\n"
            "At this position, I was responsible for organising course materials and writing automated tests.\n\n"
            "## Published papers\n\n[Modelling Of Protein Systems Using Monte-Carlo Simultaion](https://example.org/p.html)\n")
    assert "Modelling Of Protein Systems Using Monte-Carlo Simultaion" in parse_resume_text(text).bullets


def test_a_wrapped_definition_of_the_entry_goes_with_its_wrapped_lines():
    """pran1990-pranesh (fresh7): under the term "Entropy", ":   Entropy is a framework to write cluster-check scripts,
    and reaction scripts" (what the project is, skipped) wrapped onto "to the errors/issues these audits raise. ...",
    which became a bullet starting mid-sentence. The definition's wrapped lines now go with it."""
    text = ("Technical Experience\n--------------------\n\nOpen Source\n"
            ":   Contributed reviews and code upstream on several openstack projects, core in taskflow\n\n"
            "Entropy\n:   Entropy is a framework to write cluster-check scripts, and reaction scripts\n"
            "    to the errors/issues these audits raise. This automates reacting to failure.\n"
            "    A potentially more important use is to aggregate failures.\n")
    assert parse_resume_text(text).bullets == [
        "Contributed reviews and code upstream on several openstack projects, core in taskflow"]


def test_an_acronym_and_what_it_stands_for_is_structure():
    """nachose-resume (fresh7): after "Working in two subsystems:", "SIR (Sistema de Inventario de red)" and "SGI
    (Sistema de gestion de incidencias)" name the subsystems; they were bullets. A line with a statement in its
    parentheses is no name."""
    assert is_structure_line("SIR (Sistema de Inventario de red)")
    assert is_structure_line("AWS (Amazon Web Services).")
    assert not is_structure_line("SIR (rewritten in Java, 40% faster)")


def test_a_certification_among_courses_is_an_achievement():
    """nachose-resume (fresh7): under "Courses", ": - Safe Practicioner 6.0 (Certified 2023)" is a certification
    held (README: achievement), while "Docker and Kubernetes." beside it is a course; both were course tags."""
    text = ("## Experience\n\n**GMV**\nOct2018-Dec2021\n\n- Migrated the mission control center from SLES 11 to SLES 12.\n\n"
            "Courses\n: Lots of courses over the years, recently the most relevant:\n: - Docker and Kubernetes.\n"
            ": - Software Architecture.\n: - Safe Practicioner 6.0 (Certified 2023)\n")
    assert parse_resume_text(text).bullets == [
        "Migrated the mission control center from SLES 11 to SLES 12.", "Safe Practicioner 6.0 (Certified 2023)"]


def test_a_project_bullet_of_name_and_tagline_is_a_frame():
    """pmozil-resume (fresh7), "### Projects": "-   [**Zot** - a regex engine written in zig](url)" is a project's
    name and tagline (README: a project line of name and tagline is structure); three such were bullets. A bullet
    that says what the person did stays one."""
    text = ("## Experience\n\n### Google Summer of Code 2024 @ FFmpeg\n\n"
            "I developed a hardware-accelerated version of the VC-2 codec decoder for FFmpeg.\n\n### Projects\n\n"
            "-   [**Zot** - a regex engine written in zig](https://github.com/pmozil/zot)\n\n"
            "-   [**Blendage - a wayland compositor with lua configuration**](https://github.com/pmozil/blendage)\n\n"
            "-   Paraflop - a ray tracer I wrote in Vulkan, rendering 60 fps at 4K\n")
    assert parse_resume_text(text).bullets == [
        "I developed a hardware-accelerated version of the VC-2 codec decoder for FFmpeg.",
        "Paraflop - a ray tracer I wrote in Vulkan, rendering 60 fps at 4K"]


def test_proficient_in_an_activity_is_work_not_a_skill_list():
    """da3mond-resume (fresh7), among a job's bullets: "Proficient in assessing client networks and applications for
    security vulnerabilities and how to mitigate them." names work done (an activity), not skills, and was dropped
    as a skill line. "Proficient in Python, Go and SQL" is still a skill list."""
    from interview.documents.resume_structure import is_skill_line
    assert not is_skill_line("Proficient in assessing client networks and applications for security vulnerabilities "
                             "and how to mitigate them.")
    assert is_skill_line("Proficient in Python, Go and SQL")
    assert is_skill_line("Familiar with Linux systems and common commands")
