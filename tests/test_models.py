"""Program-file validation: what a good file gives, and what each kind of bad file reports.

Every case is a small TOML text written to `tmp_path/<stem>.toml` and checked the way
`mmeval validate` checks it (`validate_paths`), and the way the loader reads it (`parse_program`).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from mmeval.decision.bounds import CostBounds, cost_bounds
from mmeval.errors import CatalogInvalid, Problem
from mmeval.program.schema import Program
from mmeval.program.validate import parse_program, validate_paths
from mmeval.vocabulary import MATH_TOPICS, PLATFORMS, SUBJECT_TAGS

TESTS = Path(__file__).parent
FIXTURES = TESTS / "catalog"
DOCS = TESTS.parent / "docs"

# The smallest valid program: every required top-level field, one source.
MINIMAL = {
    "name": '"Test Program"',
    "university": '"Test University"',
    "platform": '"edX"',
    "credential": '"micromasters"',
    "subjects": '["data-science"]',
    "reviewed": "2026-01-01",
}
SOURCE_URL = "https://example.org/test"
SOURCES = f'[[sources]]\nurl = "{SOURCE_URL}"\nsupports = "every fact in this file"\n'


def program_text(
    *, drop: str = "", top: dict[str, str] | None = None, body: str = "", sources: str = SOURCES
) -> str:
    """TOML text of the minimal program, with a field dropped, top-level values set, tables added."""
    fields = {**MINIMAL, **(top or {})}
    fields.pop(drop, None)
    head = "".join(f"{key} = {value}\n" for key, value in fields.items())
    return f"{head}\n{body}\n{sources}"


def check(tmp_path: Path, text: str, stem: str = "test-program") -> list[Problem]:
    """Problems `mmeval validate` finds in the text; the loader must raise with the same ones."""
    path = tmp_path / f"{stem}.toml"
    path.write_text(text, encoding="utf-8")
    n_files, problems = validate_paths([path])
    assert n_files == 1
    assert all(p.path == path for p in problems)
    if problems:
        with pytest.raises(CatalogInvalid) as raised:
            parse_program(path, text)
        assert raised.value.problems == problems
    else:
        parse_program(path, text)
    return problems


# --- good files ------------------------------------------------------------------------------


def test_minimal_program_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "test-program.toml"
    path.write_text(program_text(), encoding="utf-8")
    assert check(tmp_path, program_text()) == []
    program = parse_program(path, program_text())
    assert (program.id, program.name, program.university) == (
        "test-program",
        "Test Program",
        "Test University",
    )
    assert program.subjects == ("data-science",)
    assert [s.url for s in program.sources] == [SOURCE_URL]
    # Facts the file does not state stay unknown (None), never zero or empty.
    assert (program.cost, program.time, program.pathways, program.accreditation) == (None,) * 4
    assert cost_bounds(program) is None


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.toml")), ids=lambda p: p.stem)
def test_fixture_programs_parse_with_their_facts(path: Path) -> None:
    raw = tomllib.loads(path.read_text("utf-8"))
    program = parse_program(path, path.read_text("utf-8"))
    assert program.id == path.stem
    assert (program.name, program.university, program.platform) == (
        raw["name"],
        raw["university"],
        raw.get("platform"),
    )
    assert list(program.subjects) == raw["subjects"]
    assert program.reviewed == raw["reviewed"]
    assert [c.title for c in program.courses] == [c["title"] for c in raw.get("courses", [])]
    assert [s.url for s in program.sources] == [s["url"] for s in raw["sources"]]


def test_id_equal_to_the_file_stem_is_accepted(tmp_path: Path) -> None:
    assert check(tmp_path, program_text(top={"id": '"test-program"'})) == []


def test_platform_may_be_left_out(tmp_path: Path) -> None:
    """No source names a platform: the file is valid and the platform stays unknown (None)."""
    text = program_text(drop="platform")
    assert check(tmp_path, text) == []
    assert parse_program(tmp_path / "test-program.toml", text).platform is None


def test_older_keys_are_read_as_the_new_ones(tmp_path: Path) -> None:
    """Files written before the renames keep validating, their facts under the new names."""
    p = program(
        tmp_path,
        drop="reviewed",
        top={"verified": "2025-06-30", "level": '"Graduate-level"'},
        body=COURSE + "price_usd = 99\n[cost]\nper_course_usd = 99\nexam_fee_usd = 1\ntotal_usd = 100\n",
    )
    assert p.reviewed.isoformat() == "2025-06-30"
    assert (p.level, p.level_note) == (None, "Graduate-level")  # free text is not a level band
    assert p.courses[0].price == 99
    assert p.cost is not None
    assert (p.cost.per_course, p.cost.exam_fee, p.cost.total) == (99, 1, 100)
    assert cost_bounds(p) == CostBounds(100, 100, "USD", None, "stated total")


def test_no_pathways_and_an_empty_pathway_list_differ(tmp_path: Path) -> None:
    """Absent: nobody says anything about credit (unknown). Empty: a source says there is none."""
    absent = tmp_path / "absent.toml"
    absent.write_text(program_text(), encoding="utf-8")
    stated_none = tmp_path / "stated-none.toml"
    evidence = f'[no_pathway]\nsource = "{SOURCE_URL}"\nquote = "The certificate carries no credit"\n'
    stated_none.write_text(program_text(top={"pathways": "[]"}, body=evidence), encoding="utf-8")
    assert parse_program(absent, absent.read_text()).pathways is None
    assert parse_program(stated_none, stated_none.read_text()).pathways == ()


# --- bad files: one table, one expected problem each ---------------------------------------------

COURSE = '[[courses]]\ntitle = "Course A"\n'
PATHWAY = '[[pathways]]\ninstitution = "Some School"\nkind = "master"\n'

BAD = [
    # missing required fields
    pytest.param(program_text(drop="name"), "name", "required", id="missing-name"),
    pytest.param(program_text(drop="university"), "university", "required", id="missing-university"),
    pytest.param(program_text(drop="reviewed"), "reviewed", "required", id="missing-reviewed"),
    pytest.param(program_text(drop="credential"), "credential", "required", id="missing-credential"),
    pytest.param(program_text(drop="subjects"), "subjects", "required", id="missing-subjects"),
    pytest.param(program_text(sources=""), "sources", "required", id="missing-sources"),
    pytest.param(
        program_text(top={"sources": "[]"}, sources=""), "sources", "at least 1", id="empty-sources"
    ),
    pytest.param(program_text(top={"subjects": "[]"}), "subjects", "at least 1", id="empty-subjects"),
    pytest.param(
        program_text(body='[accreditation]\naccredited = true\nsource = "https://example.org/test"\n'),
        "accreditation.accreditor",
        "required",
        id="missing-nested-required",
    ),
    # wrong types
    pytest.param(program_text(top={"name": "123"}), "name", "string", id="name-is-a-number"),
    pytest.param(program_text(top={"reviewed": '"yesterday"'}), "reviewed", "date", id="reviewed-not-a-date"),
    pytest.param(
        program_text(top={"subjects": '"data-science"'}), "subjects", "valid", id="subjects-not-a-list"
    ),
    pytest.param(
        program_text(body=COURSE + 'weeks = "ten"\n'), "courses.0.weeks", "integer", id="weeks-text"
    ),
    pytest.param(
        program_text(body=COURSE + "weeks = 10.5\n"), "courses.0.weeks", "integer", id="weeks-fraction"
    ),
    pytest.param(
        program_text(body=COURSE + 'foundational = "maybe"\n'),
        "courses.0.foundational",
        "boolean",
        id="foundational-not-a-bool",
    ),
    pytest.param(program_text(body='[cost]\ntotal = "a lot"\n'), "cost.total", "number", id="cost-text"),
    pytest.param(
        program_text(body=COURSE + "hours_min = true\n"),
        "courses.0.hours_min",
        "number",
        id="hours-a-boolean",
    ),
    pytest.param(
        program_text(body='[cost]\nas_of = "June 2022"\n'), "cost.as_of", "pattern", id="as-of-prose"
    ),
    # unknown keys (typos) must not silently drop a fact
    pytest.param(program_text(top={"nmae": '"x"'}), "nmae", "unknown field", id="typo-top-level"),
    pytest.param(
        program_text(body="[cost]\ntotl_usd = 5\n"), "cost.totl_usd", "unknown field", id="typo-cost"
    ),
    pytest.param(
        program_text(body=COURSE + "wekes = 3\n"), "courses.0.wekes", "unknown field", id="typo-course"
    ),
    pytest.param(
        program_text(
            body='[employers]\n[[employers.employers]]\nname = "X"\nrelation = "hires"\nnmae = "Y"\n'
        ),
        "employers.employers.0.nmae",
        "unknown field",
        id="typo-deeply-nested",
    ),
    # negative or zero where the rules forbid it
    pytest.param(
        program_text(body="[cost]\nper_course = -1\n"),
        "cost.per_course",
        "greater than or equal to 0",
        id="negative-price",
    ),
    pytest.param(
        program_text(body=COURSE + "hours_min = -2\n"),
        "courses.0.hours_min",
        "greater than or equal to 0",
        id="negative-hours",
    ),
    pytest.param(
        program_text(body=COURSE + "weeks = 0\n"), "courses.0.weeks", "greater than 0", id="zero-weeks"
    ),
    pytest.param(
        program_text(body="[time]\nmonths_min = -6\n"),
        "time.months_min",
        "greater than 0",
        id="negative-months",
    ),
    pytest.param(
        program_text(top={"course_count": "0"}), "course_count", "greater than 0", id="zero-course-count"
    ),
    pytest.param(
        program_text(body=PATHWAY + "credit_amount = -16\n"),
        "pathways.0.credit_amount",
        "greater than or equal to 0",
        id="negative-credit",
    ),
    pytest.param(
        program_text(body=PATHWAY + "credit_fraction = 1.5\n"),
        "pathways.0.credit_fraction",
        "less than or equal to 1",
        id="fraction-above-one",
    ),
    # NaN and infinity: TOML allows them, no fact is infinite
    pytest.param(program_text(body="[cost]\ntotal_usd = nan\n"), "cost.total_usd", "finite", id="nan-cost"),
    pytest.param(
        program_text(body=COURSE + "hours_max = inf\n"), "courses.0.hours_max", "finite", id="inf-hours"
    ),
    pytest.param(
        program_text(body="[time]\nmonths_max = -inf\n"), "time.months_max", "finite", id="minus-inf"
    ),
    pytest.param(
        program_text(body=PATHWAY + "credit_fraction = nan\n"),
        "pathways.0.credit_fraction",
        "finite",
        id="nan-fraction",
    ),
    # vocabularies
    pytest.param(program_text(top={"platform": '"Udemy"'}), "platform", "edX", id="unknown-platform"),
    pytest.param(
        program_text(top={"credential": '"degree"'}), "credential", "micromasters", id="unknown-credential"
    ),
    pytest.param(
        program_text(top={"subjects": '["data-science", "basket-weaving"]'}),
        "subjects.1",
        "basket-weaving",
        id="unknown-subject-tag",
    ),
    pytest.param(
        program_text(top={"subjects": '["basket-weaving"]'}),
        "subjects.0",
        "basket-weaving",
        id="only-subject-tag-unknown",
    ),
    pytest.param(
        program_text(body='[prerequisites]\nmath = ["astrology"]\n'),
        "prerequisites.math.0",
        "calculus",
        id="unknown-math-topic",
    ),
    pytest.param(
        program_text(body=COURSE + 'math = ["astrology"]\n'),
        "courses.0.math.0",
        "calculus",
        id="unknown-course-math",
    ),
    pytest.param(
        program_text(body=PATHWAY.replace('"master"', '"phd"')),
        "pathways.0.kind",
        "mba",
        id="unknown-pathway-kind",
    ),
    pytest.param(
        program_text(
            sources='[[sources]]\nurl = "https://example.org/a"\nsupports = "x"\n'
            '[[sources]]\nurl = "example.org/b"\nsupports = "y"\n'
        ),
        "sources.1.url",
        "pattern",
        id="source-url-without-scheme",
    ),
    pytest.param(
        program_text(sources='[[sources]]\nurl = "example.org"\nsupports = "x"\n'),
        "sources.0.url",
        "pattern",
        id="only-source-url-bad",
    ),
]


@pytest.mark.parametrize(("text", "field", "word"), BAD)
def test_bad_file_reports_the_field(tmp_path: Path, text: str, field: str, word: str) -> None:
    problems = check(tmp_path, text)
    assert [p.field for p in problems] == [field], problems
    assert word in problems[0].message


@pytest.mark.parametrize(
    ("value", "shown"), [("nan", "nan"), ("inf", "inf"), ("-inf", "-inf"), ("+inf", "inf")]
)
def test_non_finite_number_is_reported_once_with_its_value(tmp_path: Path, value: str, shown: str) -> None:
    problems = check(tmp_path, program_text(body=f"[cost]\nexam_fee_usd = {value}\n"))
    assert [(p.field, p.message) for p in problems] == [
        ("cost.exam_fee_usd", f"must be a finite number, not {shown}")
    ]


def test_toml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    lines = program_text().splitlines()
    bad_line = 3  # platform = edX: a bare word is not a TOML value
    lines[bad_line - 1] = "platform = edX"
    column = lines[bad_line - 1].index("edX") + 1
    problems = check(tmp_path, "\n".join(lines) + "\n")
    assert len(problems) == 1
    assert problems[0].field == ""
    assert "TOML" in problems[0].message
    assert f"line {bad_line}, column {column}" in problems[0].message


def test_duplicate_key_is_a_syntax_error(tmp_path: Path) -> None:
    text = program_text(top={"name": '"First"'}).replace("university =", 'name = "Second"\nuniversity =')
    (problem,) = check(tmp_path, text)
    assert "line 2" in problem.message


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    """validate lists all problems at once, not just the first one."""
    text = program_text(
        top={"platform": '"Udemy"', "nmae": '"x"'},
        body="[cost]\nper_course = -1\ntotal = nan\n",
    )
    fields = {p.field for p in check(tmp_path, text)}
    assert fields == {"platform", "nmae", "cost.per_course", "cost.total"}


# --- computed facts --------------------------------------------------------------------------


def program(tmp_path: Path, **kwargs: Any) -> Program:
    text = program_text(**kwargs)
    path = tmp_path / "test-program.toml"
    path.write_text(text, encoding="utf-8")
    return parse_program(path, text)


COURSES3 = COURSE + '[[courses]]\ntitle = "Course B"\n[[courses]]\ntitle = "Course C"\n'


def test_total_cost_stated(tmp_path: Path) -> None:
    p = program(tmp_path, body='[cost]\nper_course = 100\ntotal = 250\nas_of = "2024"\n')
    assert cost_bounds(p) == CostBounds(250, 250, "USD", "2024", "stated total")


def test_total_cost_computed_from_courses_and_exam_fee(tmp_path: Path) -> None:
    p = program(
        tmp_path,
        body=COURSES3
        + '[assessment]\nkind = "proctored-exam"\ndescription = "final"\n'
        + "[cost]\nper_course = 100\nexam_fee = 50\n",
    )
    cost = cost_bounds(p)
    assert cost is not None
    assert cost.low == cost.high == 100 * 3 + 50
    assert (cost.currency, cost.as_of, cost.missing) == ("USD", None, "")
    assert cost.basis == "3 courses at $100 + exam fee $50"  # says how it was added up


def test_total_cost_uses_the_stated_course_count(tmp_path: Path) -> None:
    """A partial list naming 1 course of a stated 5 costs 5 courses."""
    p = program(
        tmp_path,
        top={"course_count": "5", "course_list": '"partial"'},
        body=COURSE + "[cost]\nper_course_usd = 100\n",
    )
    assert p.n_courses == 5
    cost = cost_bounds(p)
    assert cost is not None and (cost.low, cost.high) == (500, 500)


@pytest.mark.parametrize("kind", ["proctored-exam", "capstone-exam", "exam"])
def test_a_separate_exam_without_a_fee_leaves_the_cost_open(tmp_path: Path, kind: str) -> None:
    """Leaving out an unstated exam fee would make the program look cheaper than it is: the
    courses' sum is a lower bound, and the missing part is named."""
    p = program(
        tmp_path,
        body=COURSES3
        + f'[assessment]\nkind = "{kind}"\ndescription = "final"\n[cost]\nper_course_usd = 100\n',
    )
    cost = cost_bounds(p)
    assert cost is not None and (cost.low, cost.high, cost.missing) == (300, None, "the exam fee")


def test_a_capstone_course_is_priced_only_by_its_own_price(tmp_path: Path) -> None:
    """A per-course price does not say what the capstone course costs: the sum is a lower bound."""
    body = COURSES3 + '[[courses]]\ntitle = "Capstone"\nfinal = true\n'
    body += '[assessment]\nkind = "capstone-project"\ndescription = "project"\n[cost]\nper_course_usd = 100\n'
    cost = cost_bounds(program(tmp_path, body=body))
    assert cost is not None and (cost.low, cost.high, cost.missing) == (300, None, "the capstone fee")


def test_a_price_per_course_without_a_count_is_a_lower_bound(tmp_path: Path) -> None:
    cost = cost_bounds(program(tmp_path, body="[cost]\nper_course_usd = 100\n"))
    assert cost is not None and (cost.low, cost.high, cost.missing) == (100, None, "the number of courses")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("", id="no-cost-table"),
        pytest.param(COURSES3 + '[cost]\nas_of = "2024"\n', id="no-price"),
    ],
)
def test_total_cost_unknown_without_the_facts(tmp_path: Path, body: str) -> None:
    assert cost_bounds(program(tmp_path, body=body)) is None


def test_newest_source_year(tmp_path: Path) -> None:
    sources = "".join(
        f'[[sources]]\nurl = "https://example.org/{i}"\nsupports = "x"\n' + (f'as_of = "{d}"\n' if d else "")
        for i, d in enumerate(["2019-03", "", "2022", "2021-12-31"])
    )
    assert program(tmp_path, sources=sources).newest_source_year == 2022
    assert program(tmp_path).newest_source_year is None


# --- the documented vocabularies are the ones enforced ------------------------------------------


def _doc_words(label: str) -> tuple[str, ...]:
    """The backticked words of a `- **label**: ...` list item in docs/program-format.md."""
    text = (DOCS / "program-format.md").read_text("utf-8")
    item = text.split(f"- **{label}**", 1)[1].split("\n- ", 1)[0]  # the item with its wrapped lines
    return tuple(re.findall(r"`([^`]+)`", item.split(":", 1)[1]))


def test_documented_platforms_and_math_topics_match_the_code() -> None:
    assert _doc_words("platform") == PLATFORMS
    assert _doc_words("math topics") == MATH_TOPICS


def test_documented_subject_tags_match_the_code() -> None:
    text = (DOCS / "program-format.md").read_text("utf-8")
    table = text.split("**subject tags**", 1)[1]
    assert tuple(re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE)) == SUBJECT_TAGS
