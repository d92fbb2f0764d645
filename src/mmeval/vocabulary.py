"""Controlled vocabularies: the words program files and profiles may use."""

from __future__ import annotations

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
CRITERIA: tuple[Criterion, ...] = (
    "relevance",
    "accreditation",
    "employer",
    "outcomes",
    "credit",
    "affordability",
    "time_fit",
    "math_readiness",
    "level",
)
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
