"""Controlled vocabularies: the words program files and profiles may use."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal, get_args

# MOOC platforms, plus the online schools people weigh against a MicroMasters; "other" for a
# platform a source names that is none of these. A platform no source names is left out.
Platform = Literal[
    "edX", "Coursera", "FutureLearn", "MITx Online", "Harvard Extension", "Stanford Online", "other"
]

Credential = Literal["micromasters", "mastertrack", "microcredential", "graduate-certificate", "other"]

# Level where a source states it; the source's own words stay in `level_note`.
Level = Literal["introductory", "intermediate", "advanced"]

MathTopic = Literal[
    "algebra",
    "calculus",
    "linear-algebra",
    "probability",
    "statistics",
    "discrete-math",
    "programming",
]

# Subject tags group programs the way a person searching would. A program carries every
# tag that fits; `mmeval list --field TAG` and the profile's `fields` match on them.
SubjectTag = Literal[
    "business",
    "management",
    "leadership",
    "supply-chain",
    "operations",
    "finance",
    "economics",
    "business-analytics",
    "marketing",
    "project-management",
    "entrepreneurship",
    "data-science",
    "ai",
    "computer-science",
    "software-engineering",
    "cybersecurity",
    "cloud-computing",
    "big-data",
    "statistics",
    "engineering",
    "robotics",
    "quantum",
    "energy",
    "sustainability",
    "public-policy",
    "development",
    "social-science",
    "social-work",
    "education",
    "law",
    "healthcare",
    "hospitality",
    "design",
]

# "admission": a route into a degree with no credit stated (scored as a route, not credit)
PathwayKind = Literal["master", "mba", "other", "admission"]

AssessmentKind = Literal["proctored-exam", "capstone-exam", "capstone-project", "exam", "other"]

Pacing = Literal["self-paced", "instructor-paced", "mixed"]
CoursePacing = Literal["self-paced", "instructor-paced"]

Goal = Literal["career-change", "upskill", "mba-path", "degree-credit", "explore"]
Criterion = Literal[
    "relevance",
    "accreditation",
    "employer",
    "outcomes",
    "credit",
    "affordability",
    "time_fit",
    "math_readiness",
    "level",
]
CRITERIA: tuple[Criterion, ...] = get_args(Criterion)  # in this order everywhere
# Math a person has when they say they have another: calculus and linear algebra build on algebra.
MATH_IMPLIES: dict[str, tuple[str, ...]] = {"calculus": ("algebra",), "linear-algebra": ("algebra",)}


def math_known(topics: tuple[str, ...] | None) -> frozenset[str]:
    """The topics a person stated, with what they imply (calculus implies algebra)."""
    have = set(topics or ())
    for t in list(have):
        have.update(MATH_IMPLIES.get(t, ()))
    return frozenset(have)


CORE_CRITERIA: tuple[Criterion, ...] = ("accreditation", "employer", "outcomes", "credit")
GOALS: tuple[Goal, ...] = ("career-change", "upskill", "mba-path", "degree-credit", "explore")

CRITERION_LABELS: dict[str, str] = {
    "relevance": "Relevance to your field",
    "accreditation": "Accreditation",
    "employer": "Employer recognition",
    "outcomes": "Learning outcomes",
    "credit": "Degree credit",
    "affordability": "Affordability",
    "time_fit": "Time fit",
    "math_readiness": "Math readiness",
    "level": "Level for a newcomer",
}

PLATFORMS: tuple[str, ...] = get_args(Platform)
CREDENTIALS: tuple[str, ...] = get_args(Credential)
MATH_TOPICS: tuple[str, ...] = get_args(MathTopic)
SUBJECT_TAGS: tuple[str, ...] = get_args(SubjectTag)
PATHWAY_KINDS: tuple[str, ...] = get_args(PathwayKind)
ASSESSMENT_KINDS: tuple[str, ...] = get_args(AssessmentKind)
LEVELS: tuple[str, ...] = get_args(Level)


# --- plain words people type at the questionnaire ---------------------------------------------

GOAL_WORDS: dict[str, Goal] = {
    "switch careers": "career-change",
    "switch career": "career-change",
    "change careers": "career-change",
    "change career": "career-change",
    "career change": "career-change",
    "new career": "career-change",
    "new field": "career-change",
    "upskill": "upskill",
    "up skill": "upskill",
    "get better": "upskill",
    "my job": "upskill",
    "current job": "upskill",
    "promotion": "upskill",
    "mba": "mba-path",
    "degree": "degree-credit",
    "credit": "degree-credit",
    "master": "degree-credit",
    "explore": "explore",
    "look around": "explore",
    "not sure": "explore",
    "switch to": "career-change",
    "move into": "career-change",
    "move to": "career-change",
    "get into": "career-change",
    "break into": "career-change",
    "transition": "career-change",
    "pivot": "career-change",
    "change field": "career-change",
    "improve": "upskill",
    "mba path": "mba-path",
    "masters": "degree-credit",
    "credits": "degree-credit",
    "just looking": "explore",
    "looking around": "explore",
    "browsing": "explore",
    "curious": "explore",
}

FIELD_WORDS: dict[str, str] = {
    "data": "data-science",
    "data analysis": "data-science",
    "data analytics": "data-science",
    "analytics": "business-analytics",
    "stats": "statistics",
    "stat": "statistics",
    "probability": "statistics",
    "machine learning": "ai",
    "ml": "ai",
    "artificial intelligence": "ai",
    "deep learning": "ai",
    "logistics": "supply-chain",
    "procurement": "supply-chain",
    "manufacturing": "operations",
    "security": "cybersecurity",
    "cyber security": "cybersecurity",
    "cloud": "cloud-computing",
    "software": "software-engineering",
    "software development": "software-engineering",
    "programming": "computer-science",
    "coding": "computer-science",
    "algorithms": "computer-science",
    "accounting": "finance",
    "fintech": "finance",
    "policy": "public-policy",
    "government": "public-policy",
    "health": "healthcare",
    "health care": "healthcare",
    "teaching": "education",
    "instructional design": "education",
    "ux": "design",
    "user experience": "design",
    "design thinking": "design",
    "tourism": "hospitality",
    "human rights": "social-science",
    "solar": "energy",
    "renewable energy": "energy",
    "climate": "sustainability",
    "startups": "entrepreneurship",
    "startup": "entrepreneurship",
    "leading": "leadership",
    "negotiation": "leadership",
    "pm": "project-management",
    "supply chain management": "supply-chain",
    "data analyst": "data-science",
    "cs": "computer-science",
}

MATH_WORDS: dict[str, MathTopic] = {
    "stats": "statistics",
    "statistic": "statistics",
    "statistical": "statistics",
    "prob": "probability",
    "probabilities": "probability",
    "probability theory": "probability",
    "calc": "calculus",
    "differential calculus": "calculus",
    "integral calculus": "calculus",
    "derivatives": "calculus",
    "lin alg": "linear-algebra",
    "linalg": "linear-algebra",
    "matrices": "linear-algebra",
    "matrix algebra": "linear-algebra",
    "discrete": "discrete-math",
    "discrete maths": "discrete-math",
    "discrete mathematics": "discrete-math",
    "combinatorics": "discrete-math",
    "python": "programming",
    "r": "programming",
    "coding": "programming",
    "code": "programming",
    "computer programming": "programming",
    "java": "programming",
    "javascript": "programming",
    "matlab": "programming",
}


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def goal_from_words(text: str) -> Goal | None:
    """A goal from what a person typed ("switch careers" -> career-change), or None."""
    plain = _plain(text)
    for goal in GOALS:
        if plain == _plain(goal):
            return goal
    for words, goal in GOAL_WORDS.items():
        if words in plain:
            return goal
    return None


def field_from_words(text: str) -> tuple[str | None, list[str]]:
    """A subject tag from plain words ("data science" -> data-science) and, if none, suggestions."""
    import difflib

    plain = _plain(text)
    for tag in SUBJECT_TAGS:
        if plain == _plain(tag):
            return tag, []
    if plain in FIELD_WORDS:
        return FIELD_WORDS[plain], []
    names = {_plain(t): t for t in SUBJECT_TAGS} | FIELD_WORDS
    close = difflib.get_close_matches(plain, list(names), n=3, cutoff=0.6)
    return None, list(dict.fromkeys(names[c] for c in close))


# Fields next to each other. A program's secondary subject counts as the person's field only
# when its primary subject is next to it: big data for data science, not finance as one course of
# an entrepreneurship program (docs/scoring.md, "2. Relevance"). A field may sit in several
# groups (AI is data and computing).
FIELD_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(g)
    for g in (
        ("business", "management", "leadership", "entrepreneurship", "project-management"),
        ("finance", "economics"),
        ("supply-chain", "operations"),
        ("marketing", "business-analytics"),
        ("data-science", "big-data", "statistics", "ai", "business-analytics"),
        ("computer-science", "software-engineering", "ai", "big-data"),
        ("computer-science", "software-engineering", "cloud-computing"),
        ("computer-science", "cybersecurity"),
        ("engineering", "robotics", "quantum", "energy"),
        ("energy", "sustainability"),
        ("public-policy", "development", "social-science", "economics", "law"),
        ("social-work", "healthcare", "social-science"),
        ("education",),
        ("design",),
    )
)  # fmt: skip


def near(a: str, b: str) -> bool:
    """Whether two fields are the same or next to each other."""
    return a == b or any(a in g and b in g for g in FIELD_GROUPS)


def nearest_fields(fields: Iterable[str], have: Iterable[str], n: int = 4) -> list[str]:
    """Up to n fields next to `fields` that programs in `have` cover."""
    wanted = list(fields)
    covered = sorted(set(have))
    found = [t for t in SUBJECT_TAGS if t in covered and t not in wanted and any(near(t, f) for f in wanted)]
    return found[:n]


# A program ID, and so a file stem: lowercase ASCII words joined by single hyphens
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
