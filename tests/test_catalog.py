"""Catalog rules across fields and files, the loader, ID look-up and the `list` filters."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from mmeval.catalog.load import load_catalog, resolve_catalog
from mmeval.decision.filters import filter_programs
from mmeval.errors import CatalogInvalid, CatalogNotFound, ExitCode, Problem, ProgramNotFound
from mmeval.program.schema import Program
from mmeval.program.validate import parse_program, validate_paths

TESTS = Path(__file__).parent
FIXTURES = TESTS / "catalog"
BROKEN = TESTS / "broken"
FIXTURE_IDS = sorted(p.stem for p in FIXTURES.glob("*.toml"))

HEAD = """name = "Test Program"
university = "Test University"
platform = "edX"
credential = "micromasters"
subjects = ["data-science"]
verified = 2026-01-01
"""
URL = "https://example.org/test"
SOURCES = f'\n[[sources]]\nurl = "{URL}"\nsupports = "every fact in this file"\n'


def text(body: str = "", head: str = "") -> str:
    """A valid program with extra top-level lines (`head`) and tables (`body`)."""
    return HEAD + head + "\n" + body + SOURCES


def check(tmp_path: Path, content: str, stem: str = "test-program") -> list[Problem]:
    path = tmp_path / f"{stem}.toml"
    path.write_text(content, encoding="utf-8")
    n_files, problems = validate_paths([path])
    assert n_files == 1
    assert all(p.path == path for p in problems)
    return problems


def courses(*specs: tuple[str, list[str]]) -> str:
    """[[courses]] tables: (code, requires) each; the title is 'Course <code>'."""
    return "".join(
        f'[[courses]]\ncode = "{code}"\ntitle = "Course {code}"\nrequires = {reqs!r}\n'.replace("'", '"')
        for code, reqs in specs
    )


# --- cross-field rules -----------------------------------------------------------------------

BAD = [
    pytest.param(text(head='id = "other-id"\n'), "id", "differs", id="id-not-the-stem"),
    pytest.param(
        text(courses(("A", []), ("B", ["Z"]))),
        "courses.1.requires.0",
        "unknown course 'Z'",
        id="requires-unknown",
    ),
    pytest.param(
        text('[[courses]]\ntitle = "Intro"\n[[courses]]\ntitle = "Next"\nrequires = ["Intr"]\n'),
        "courses.1.requires.0",
        "unknown course 'Intr'",
        id="requires-unknown-title",
    ),
    pytest.param(text(courses(("A", ["B"]), ("B", ["A"]))), "courses", "cycle", id="cycle-of-two"),
    pytest.param(
        text(courses(("A", ["C"]), ("B", ["A"]), ("C", ["B"]))), "courses", "cycle", id="cycle-of-three"
    ),
    pytest.param(text(courses(("A", []), ("A", []))), "courses", "duplicate", id="duplicate-course-code"),
    pytest.param(
        text(
            "[cost]\nper_course = 100\nexam_fee = 50\ntotal = 400\n"
            + courses(("A", []), ("B", []), ("C", []))
        ),
        "cost.total",
        f"= {100 * 3 + 50}",
        id="total-contradicts-courses",
    ),
    pytest.param(
        text("[cost]\nper_course = 100\ntotal = 400\n", head="course_count = 5\n"),
        "cost.total",
        f"= {100 * 5}",
        id="total-contradicts-course-count",
    ),
    pytest.param(
        text(
            "[cost]\nper_course = 100\nexam_fee = 50\ntotal = 351\n"
            + courses(("A", []), ("B", []), ("C", []))
        ),
        "cost.total",
        "contradicts",
        id="total-off-by-one-dollar",
    ),
    pytest.param(
        text('[[courses]]\ntitle = "A"\nhours_min = 12\nhours_max = 8\n'),
        "courses.0.hours_min",
        "greater than hours_max",
        id="course-hours-min-above-max",
    ),
    pytest.param(
        text("[time]\nhours_min = 12\nhours_max = 8\n"),
        "time.hours_min",
        "greater",
        id="time-hours-min-above-max",
    ),
    pytest.param(
        text("[time]\nmonths_min = 12\nmonths_max = 6\n"),
        "time.months_min",
        "greater",
        id="months-min-above-max",
    ),
]

OTHER = "https://example.org/not-listed"
UNLISTED = [
    pytest.param(f'[cost]\nsource = "{OTHER}"\n', "cost.source", id="cost"),
    pytest.param(f'[time]\nsource = "{OTHER}"\n', "time.source", id="time"),
    pytest.param(
        f'[assessment]\nkind = "exam"\ndescription = "d"\nsource = "{OTHER}"\n',
        "assessment.source",
        id="assessment",
    ),
    pytest.param(f'[prerequisites]\nsource = "{OTHER}"\n', "prerequisites.source", id="prerequisites"),
    pytest.param(
        f'[accreditation]\naccreditor = "X"\nsource = "{OTHER}"\n', "accreditation.source", id="accreditation"
    ),
    pytest.param(
        f'[[pathways]]\ninstitution = "S"\nkind = "mba"\nsources = ["{URL}", "{OTHER}"]\n',
        "pathways.0.sources.1",
        id="pathway",
    ),
    pytest.param(
        f'[employers]\n[[employers.employers]]\nname = "E"\nrelation = "hires"\nsource = "{OTHER}"\n',
        "employers.employers.0.source",
        id="employer",
    ),
    pytest.param(
        f'[employers]\n[[employers.outcomes]]\nfigure = "90%"\nscope = "program"\nsource = "{OTHER}"\n',
        "employers.outcomes.0.source",
        id="outcome",
    ),
]


@pytest.mark.parametrize(("content", "field", "word"), BAD)
def test_cross_field_problem(tmp_path: Path, content: str, field: str, word: str) -> None:
    problems = check(tmp_path, content)
    assert [p.field for p in problems] == [field], problems
    assert word in problems[0].message
    with pytest.raises(CatalogInvalid):  # the loader refuses what validate reports
        parse_program(tmp_path / "test-program.toml", content)


def test_course_requiring_itself(tmp_path: Path) -> None:
    problems = check(tmp_path, text(courses(("A", ["A"]))))
    assert ("courses.0.requires.0", "a course cannot require itself") in [
        (p.field, p.message) for p in problems
    ]


@pytest.mark.parametrize(("body", "field"), UNLISTED)
def test_block_source_must_be_listed(tmp_path: Path, body: str, field: str) -> None:
    problems = check(tmp_path, text(body))
    assert [p.field for p in problems] == [field]
    assert OTHER in problems[0].message
    assert "not listed" in problems[0].message
    # The same block citing a listed source is fine.
    assert check(tmp_path, text(body.replace(OTHER, URL))) == []


GOOD = [
    pytest.param(text(head='id = "test-program"\n'), id="id-equals-stem"),
    pytest.param(text(courses(("A", []), ("B", ["A"]), ("C", ["A", "B"]))), id="requires-chain"),
    pytest.param(
        text('[[courses]]\ntitle = "Intro"\n[[courses]]\ntitle = "Next"\nrequires = ["Intro"]\n'),
        id="requires-by-title",
    ),
    pytest.param(
        text(
            "[cost]\nper_course_usd = 100\nexam_fee_usd = 50\ntotal_usd = 350\n"
            + courses(("A", []), ("B", []), ("C", []))
        ),
        id="total-consistent",
    ),
    pytest.param(
        text(
            "[cost]\nper_course_usd = 100\nexam_fee_usd = 50\ntotal_usd = 350.4\n"
            + courses(("A", []), ("B", []), ("C", []))
        ),
        id="total-within-50-cents",
    ),
    pytest.param(
        text("[cost]\nper_course_usd = 100\ntotal_usd = 500\n", head="course_count = 5\n"),
        id="total-by-course-count",
    ),
    pytest.param(text("[cost]\ntotal_usd = 999\n" + courses(("A", []))), id="total-without-per-course"),
    pytest.param(text('[[courses]]\ntitle = "A"\nhours_min = 8\nhours_max = 8\n'), id="hours-equal"),
    pytest.param(text("[time]\nmonths_min = 6\nmonths_max = 6\n"), id="months-equal"),
]


@pytest.mark.parametrize("content", GOOD)
def test_consistent_file_passes(tmp_path: Path, content: str) -> None:
    assert check(tmp_path, content) == []


def test_duplicate_ids_across_two_folders(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "same-id.toml").write_text(text(), encoding="utf-8")
    (second / "same-id.toml").write_text(text(), encoding="utf-8")
    (second / "other-id.toml").write_text(text(), encoding="utf-8")
    n_files, problems = validate_paths([first, second])
    assert n_files == 3
    assert [(p.path, p.field) for p in problems] == [(second / "same-id.toml", "id")]
    assert "duplicate" in problems[0].message
    assert str(first / "same-id.toml") in problems[0].message  # says where the other one is


def test_validate_reports_every_file(tmp_path: Path) -> None:
    """All files are checked; one bad file does not hide the problems of the next."""
    (tmp_path / "a.toml").write_text(text(head="nmae = 1\n"), encoding="utf-8")
    (tmp_path / "b.toml").write_text(text("[cost]\ntotal = -1\n"), encoding="utf-8")
    (tmp_path / "c.toml").write_text(text(), encoding="utf-8")
    n_files, problems = validate_paths([tmp_path])
    assert n_files == 3
    assert [(p.path.name, p.field) for p in problems] == [("a.toml", "nmae"), ("b.toml", "cost.total")]


def test_validate_missing_path(tmp_path: Path) -> None:
    n_files, problems = validate_paths([tmp_path / "nope.toml"])
    assert n_files == 0
    assert [(p.path, p.field) for p in problems] == [(tmp_path / "nope.toml", "")]
    assert "no such file" in problems[0].message


# --- the loader --------------------------------------------------------------------------------


def copy_fixtures(dest: Path, *ids: str) -> Path:
    dest.mkdir(exist_ok=True)
    for pid in ids or FIXTURE_IDS:
        shutil.copy(FIXTURES / f"{pid}.toml", dest / f"{pid}.toml")
    return dest


def test_load_fixture_catalog() -> None:
    catalog = load_catalog(FIXTURES)
    assert sorted(catalog.programs) == FIXTURE_IDS
    assert len(catalog) == len(FIXTURE_IDS)
    assert catalog.skipped == []
    assert [p.id for p in catalog] == FIXTURE_IDS  # sorted: the same input gives the same order


def test_broken_file_is_skipped_and_listed(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "cat")
    shutil.copy(BROKEN / "bad-fields.toml", folder / "bad-fields.toml")
    shutil.copy(BROKEN / "bad-syntax.toml", folder / "bad-syntax.toml")
    (folder / "latin1.toml").write_bytes('name = "Universit\xe9"\n'.encode("latin-1"))
    (folder / "README.md").write_text("not a program", encoding="utf-8")
    (folder / ".hidden.toml").write_text("not = [valid", encoding="utf-8")
    catalog = load_catalog(folder)
    assert sorted(catalog.programs) == FIXTURE_IDS
    # One entry per skipped file, however many problems the file has.
    assert sorted(p.path.name for p in catalog.skipped) == [
        "bad-fields.toml",
        "bad-syntax.toml",
        "latin1.toml",
    ]


def test_load_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CatalogNotFound) as raised:
        load_catalog(tmp_path / "missing")
    assert raised.value.exit_code == ExitCode.USAGE
    assert str(tmp_path / "missing") in raised.value.message
    assert "--catalog" in raised.value.hint


def test_environment_selects_the_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_fixtures(tmp_path / "env", "fx-sparse")
    monkeypatch.setenv("MMEVAL_CATALOG", str(folder))
    assert Path(str(resolve_catalog(None))) == folder
    assert list(load_catalog().programs) == ["fx-sparse"]
    assert sorted(load_catalog(FIXTURES).programs) == FIXTURE_IDS  # an explicit folder wins


def test_digest_follows_the_content(tmp_path: Path) -> None:
    folder = copy_fixtures(tmp_path / "cat")
    first = load_catalog(folder).digest
    assert load_catalog(folder).digest == first
    path = folder / "fx-sparse.toml"
    path.write_text(path.read_text().replace("Sparse Institute", "Sparse Institute II"), encoding="utf-8")
    assert load_catalog(folder).digest != first


# --- looking up an ID ----------------------------------------------------------------------------


def test_get_exact_id() -> None:
    assert load_catalog(FIXTURES).get("fx-mba").name == "Fixture MBA Starter"


@pytest.mark.parametrize(
    ("asked", "closest"),
    [
        ("fx-ful", "fx-full"),
        ("fx-mab", "fx-mba"),
        ("fx-retird", "fx-retired"),
        ("FX-FULL", "fx-full"),
        ("sparse", "fx-sparse"),
    ],
)
def test_get_near_miss_names_the_closest_ids(asked: str, closest: str) -> None:
    with pytest.raises(ProgramNotFound) as raised:
        load_catalog(FIXTURES).get(asked)
    err = raised.value
    assert err.exit_code == ExitCode.USAGE
    assert f"'{asked}'" in err.message
    assert err.hint.startswith("Did you mean:")
    assert closest in err.hint


def test_get_unrelated_id_still_suggests_ids() -> None:
    with pytest.raises(ProgramNotFound) as raised:
        load_catalog(FIXTURES).get("no-such-id")
    assert "Did you mean" in raised.value.hint


# --- filters -------------------------------------------------------------------------------------

FILTER_PROGRAMS: dict[str, dict[str, Any]] = {
    # the facts each test program states; the expectations below are read from these numbers
    "cheap": {"platform": "edX", "subjects": ["data-science"], "total": 500, "months": (6, 9)},
    "pricey": {
        "platform": "Coursera",
        "subjects": ["supply-chain"],
        "per_course": 1000,
        "n": 2,
        "months": (12, 12),
    },
    "unknown": {"platform": "edX", "subjects": ["data-science", "business"]},
}


def make(tmp_path: Path, pid: str, spec: dict[str, Any]) -> Program:
    body = ""
    if "total" in spec:
        body += f"[cost]\ntotal_usd = {spec['total']}\n"
    if "per_course" in spec:
        body += f"[cost]\nper_course_usd = {spec['per_course']}\n"
        body += "".join(f'[[courses]]\ntitle = "C{i}"\n' for i in range(spec["n"]))
    if "months" in spec:
        body += "[time]\nmonths_min = {}\nmonths_max = {}\n".format(*spec["months"])
    content = (
        text(body)
        .replace('platform = "edX"', f'platform = "{spec["platform"]}"')
        .replace('subjects = ["data-science"]', "subjects = " + str(spec["subjects"]).replace("'", '"'))
    )
    path = tmp_path / f"{pid}.toml"
    path.write_text(content, encoding="utf-8")
    return parse_program(path, content)


@pytest.fixture
def programs(tmp_path: Path) -> list[Program]:
    return [make(tmp_path, pid, spec) for pid, spec in FILTER_PROGRAMS.items()]


def ids(found: list[Program]) -> list[str]:
    return [p.id for p in found]


def test_no_filter_keeps_everything(programs: list[Program]) -> None:
    kept, unknown = filter_programs(programs)
    assert (ids(kept), unknown) == (list(FILTER_PROGRAMS), [])


def test_filter_by_field(programs: list[Program]) -> None:
    assert ids(filter_programs(programs, fields=["supply-chain"])[0]) == ["pricey"]
    assert ids(filter_programs(programs, fields=["data-science"])[0]) == ["cheap", "unknown"]
    assert ids(filter_programs(programs, fields=["business"])[0]) == ["unknown"]
    # several fields: a program carrying any of them matches
    assert ids(filter_programs(programs, fields=["business", "supply-chain"])[0]) == ["pricey", "unknown"]
    assert filter_programs(programs, fields=["law"]) == ([], [])


def test_filter_by_platform(programs: list[Program]) -> None:
    assert ids(filter_programs(programs, platform="Coursera")[0]) == ["pricey"]
    assert ids(filter_programs(programs, platform="edX")[0]) == ["cheap", "unknown"]
    assert filter_programs(programs, platform="FutureLearn") == ([], [])


def test_filter_by_cost_keeps_unknown_cost_apart(programs: list[Program]) -> None:
    pricey_total = FILTER_PROGRAMS["pricey"]["per_course"] * FILTER_PROGRAMS["pricey"]["n"]
    kept, unknown = filter_programs(programs, max_cost=pricey_total - 1)
    assert (ids(kept), ids(unknown)) == (["cheap"], ["unknown"])  # pricey is known to be over
    kept, unknown = filter_programs(programs, max_cost=pricey_total)  # the limit is inclusive
    assert (ids(kept), ids(unknown)) == (["cheap", "pricey"], ["unknown"])
    kept, unknown = filter_programs(programs, max_cost=FILTER_PROGRAMS["cheap"]["total"] - 1)
    assert (ids(kept), ids(unknown)) == ([], ["unknown"])


def test_filter_by_months_keeps_a_straddling_range_apart(programs: list[Program]) -> None:
    """Judged as `recommend` judges a deadline: a stated 6-9 months is within 9, may fit 6."""
    kept, unknown = filter_programs(programs, max_months=FILTER_PROGRAMS["cheap"]["months"][1])
    assert (ids(kept), ids(unknown)) == (["cheap"], ["unknown"])
    kept, unknown = filter_programs(programs, max_months=FILTER_PROGRAMS["cheap"]["months"][0])
    assert (ids(kept), ids(unknown)) == ([], ["cheap", "unknown"])
    kept, unknown = filter_programs(programs, max_months=FILTER_PROGRAMS["pricey"]["months"][0])
    assert (ids(kept), ids(unknown)) == (["cheap", "pricey"], ["unknown"])


def test_filters_combine(programs: list[Program]) -> None:
    kept, unknown = filter_programs(programs, fields=["data-science"], platform="edX", max_cost=1000)
    assert (ids(kept), ids(unknown)) == (["cheap"], ["unknown"])
    # A program outside the chosen field is not reported as "unknown cost".
    kept, unknown = filter_programs(programs, fields=["supply-chain"], max_cost=1000)
    assert (kept, unknown) == ([], [])


def test_filter_on_fixture_catalog_reads_the_files() -> None:
    raw = {pid: tomllib.loads((FIXTURES / f"{pid}.toml").read_text("utf-8")) for pid in FIXTURE_IDS}
    totals = {pid: r["cost"]["total"] for pid, r in raw.items() if "total" in r.get("cost", {})}
    no_cost = sorted(pid for pid, r in raw.items() if "cost" not in r)
    assert sorted([*totals, *no_cost]) == FIXTURE_IDS  # every fixture is one or the other
    limit = min(totals.values())
    kept, unknown = filter_programs(load_catalog(FIXTURES), max_cost=limit)
    assert ids(kept) == sorted(pid for pid, total in totals.items() if total <= limit)
    assert ids(unknown) == no_cost
