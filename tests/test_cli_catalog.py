"""`mmeval list`, `show`, `validate` and the global options, driven the way a user drives them.

Expected values come from the fixture files (tests/catalog, tests/broken), read here with tomllib.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from mmeval.cli import app

TESTS = Path(__file__).parent
FIXTURES = TESTS / "catalog"
BROKEN = TESTS / "broken"
RAW: dict[str, dict[str, Any]] = {
    p.stem: tomllib.loads(p.read_text("utf-8")) for p in sorted(FIXTURES.glob("*.toml"))
}
IDS = sorted(RAW)
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def flat(text: str) -> str:
    """Text with runs of whitespace (including Rich's line wrapping) collapsed to one space."""
    return " ".join(text.split())


def no_traceback(result: Any) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def ids_from_json(stdout: str) -> list[str]:
    return [p["id"] for p in json.loads(stdout)]


def with_tag(tag: str) -> list[str]:
    return [pid for pid, raw in RAW.items() if tag in raw["subjects"]]


# --- list -------------------------------------------------------------------------------------


def test_list_is_one_line_per_program_in_columns(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Platform", "Cost", "Months", "Subject"]
    rows = {line.split()[0]: line.split() for line in lines[1:-1]}
    assert sorted(rows) == IDS and len(lines) == len(RAW) + 2  # a header, one line each, the count
    for pid, raw in RAW.items():
        cost, time = raw.get("cost", {}), raw.get("time", {})
        assert rows[pid][1] == raw["platform"]
        assert rows[pid][2] == (f"${cost['total']:,.0f}" if "total" in cost else "unknown")
        assert rows[pid][3] == (f"{time['months_min']}-{time['months_max']}" if time else "?")
        status = raw.get("availability", {}).get("status", raw.get("status"))
        retired = ["(retired)"] if status == "retired" else []
        assert rows[pid][4:] == [*retired, raw.get("primary_subject", raw["subjects"][0])]
    assert lines[-1] == f"{len(RAW)} program(s)"
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("supply chain", ["fx-full"]),  # a subject, in words
        ("OLD UNIVERSITY", ["fx-retired"]),  # the university, in any case
        ("fx-mba", ["fx-mba"]),  # the ID
        ("no such words", []),
    ],
)
def test_list_search_finds_by_id_name_university_or_subject(
    runner: CliRunner, text: str, expected: list[str]
) -> None:
    found = ids_from_json(runner.invoke(app, ["list", "--search", text, "--format", "json"]).stdout)
    assert found == expected
    table = runner.invoke(app, ["list", "--search", text]).stdout
    assert f"{len(expected)} program(s)" in table if expected else "No program matches" in table


@pytest.mark.parametrize("tag", ["supply-chain", "data-science", "business"])
def test_list_field(runner: CliRunner, tag: str) -> None:
    result = runner.invoke(app, ["list", "--field", tag, "--format", "json"])
    assert result.exit_code == 0
    assert ids_from_json(result.stdout) == with_tag(tag)


@pytest.mark.parametrize(
    ("words", "tag"), [("supply chain", "supply-chain"), ("Data Science", "data-science")]
)
def test_list_field_reads_words_as_recommend_does(runner: CliRunner, words: str, tag: str) -> None:
    result = runner.invoke(app, ["list", "--field", words, "--format", "json"])
    assert ids_from_json(result.stdout) == with_tag(tag)
    every = runner.invoke(app, ["list", "--format", "json"]).stdout
    assert ids_from_json(
        runner.invoke(app, ["list", "--field", "all", "--format", "json"]).stdout
    ) == ids_from_json(every)
    typo = runner.invoke(app, ["list", "--field", "datta scince"])
    assert typo.exit_code == 2 and "did you mean data-science?" in typo.stderr


def test_list_repeated_field_matches_any(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--field", "finance", "--field", "data-science", "--format", "json"])
    assert ids_from_json(result.stdout) == sorted({*with_tag("finance"), *with_tag("data-science")})


def test_list_platform(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--platform", "Coursera", "--format", "json"])
    assert result.exit_code == 0
    assert ids_from_json(result.stdout) == [pid for pid, r in RAW.items() if r["platform"] == "Coursera"]


def test_list_max_cost_reports_unknown_costs(runner: CliRunner) -> None:
    totals = {pid: r["cost"]["total"] for pid, r in RAW.items() if "total" in r.get("cost", {})}
    unknown = [pid for pid, r in RAW.items() if "cost" not in r]
    limit = min(totals.values())
    result = runner.invoke(app, ["list", "--max-cost", str(limit), "--format", "json"])
    assert result.exit_code == 0
    assert ids_from_json(result.stdout) == [pid for pid, t in totals.items() if t <= limit]
    # Programs whose cost is unknown are not hidden silently: stderr names them.
    assert "unknown" in result.stderr
    for pid in unknown:
        assert pid in result.stderr
    for pid in totals:
        assert pid not in result.stderr


def test_list_max_months(runner: CliRunner) -> None:
    shortest = {pid: r["time"]["months_min"] for pid, r in RAW.items() if "time" in r}
    limit = min(shortest.values())
    result = runner.invoke(app, ["list", "--max-months", str(limit), "--format", "json"])
    assert result.exit_code == 0
    assert ids_from_json(result.stdout) == [pid for pid, m in shortest.items() if m <= limit]
    for pid in set(RAW) - set(shortest):
        assert pid in result.stderr


def test_list_json_is_data_only(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [p["id"] for p in data] == IDS
    assert {p["id"]: p["name"] for p in data} == {pid: r["name"] for pid, r in RAW.items()}


def test_list_toml_parses(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--format", "toml"])
    assert result.exit_code == 0
    data = tomllib.loads(result.stdout)
    assert [p["id"] for p in data["items"]] == IDS


@pytest.mark.parametrize(
    "args",
    [
        ["--field", "basket-weaving"],
        ["--platform", "Udemy"],
        ["--max-cost", "-5"],
        ["--max-cost", "cheap"],
        ["--format", "xml"],
    ],
)
def test_list_bad_option_value_is_a_usage_error(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, ["list", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert args[0] in result.stderr
    no_traceback(result)


# --- show -------------------------------------------------------------------------------------


def test_show_full_program(runner: CliRunner) -> None:
    raw = RAW["fx-full"]
    result = runner.invoke(app, ["show", "fx-full"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert raw["name"] in out and raw["university"] in out
    # courses in the file's (recommended) order
    positions = [out.index(c["title"] + f" ({c['code']})") for c in raw["courses"]]
    assert positions == sorted(positions)
    # cost with its as-of date
    assert f"${raw['cost']['total']:,.0f}" in out
    assert f"as of {raw['cost']['as_of']}" in out
    # credit pathways, sources, the review date and how old the dated facts are
    for pathway in raw["pathways"]:
        assert pathway["institution"] in out
        assert f"{pathway['credit_fraction']:.0%}" in out
    assert f"Sources: {len(raw['sources'])} listed" in out  # a count; --sources lists them
    for source in raw["sources"]:
        assert source["url"] not in out
        assert source["url"] in runner.invoke(app, ["show", "fx-full", "--sources"]).stdout
    assert re.search(rf"^Reviewed +{raw['reviewed'].isoformat()}\b", out, flags=re.MULTILINE)
    dates = [s["as_of"] for s in raw["sources"] if "as_of" in s] + [raw["cost"]["as_of"]]
    dates += [c["price_as_of"] for c in raw["courses"] if "price_as_of" in c]
    oldest, newest = min(int(d[:4]) for d in dates), max(int(d[:4]) for d in dates)
    span = f"dated facts from {oldest}" + (f" to {newest}" if newest != oldest else "")
    assert re.search(rf"^Facts +.*{span}\b", out, flags=re.MULTILINE)


def test_show_fresh_program_has_no_staleness_note(runner: CliRunner) -> None:
    newest = max(int(s["as_of"][:4]) for s in RAW["fx-full"]["sources"] if "as_of" in s)
    out = runner.invoke(app, ["show", "fx-full"]).stdout
    assert ("out of date" in out) == (dt.date.today().year - newest > 3)


def test_show_stale_program_warns(runner: CliRunner) -> None:
    newest = max(int(s["as_of"][:4]) for s in RAW["fx-mba"]["sources"] if "as_of" in s)
    assert dt.date.today().year - newest > 3  # the fixture's point: facts more than 3 years old
    out = flat(runner.invoke(app, ["show", "fx-mba"]).stdout)
    assert "out of date" in out
    assert f"newest dated source is from {newest}" in out


def test_show_retired_program_says_so(runner: CliRunner) -> None:
    raw = RAW["fx-retired"]
    result = runner.invoke(app, ["show", "fx-retired"])
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert "Retired" in out
    assert raw["status_note"] in out


def test_show_undated_sources_warn(runner: CliRunner) -> None:
    assert not any("as_of" in s for s in RAW["fx-sparse"]["sources"])
    out = flat(runner.invoke(app, ["show", "fx-sparse"]).stdout)
    assert "No source carries a date" in out


def test_show_sparse_program_says_unknown(runner: CliRunner) -> None:
    out = runner.invoke(app, ["show", "fx-sparse"]).stdout
    assert "Cost" in out and "unknown" in out
    assert "Credit pathways: none stated (unknown)" in out


def test_show_json(runner: CliRunner) -> None:
    raw = RAW["fx-full"]
    result = runner.invoke(app, ["show", "fx-full", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["id"] == "fx-full"
    assert [c["code"] for c in data["courses"]] == [c["code"] for c in raw["courses"]]
    assert data["cost"]["total"] == raw["cost"]["total"]
    assert {"total_usd", "per_course_usd", "exam_fee_usd"}.isdisjoint(data["cost"])  # new names only
    assert data["reviewed"] == raw["reviewed"].isoformat()
    assert "verified" not in data


def test_show_only_mentions_commands_that_exist(runner: CliRunner) -> None:
    out = flat(runner.invoke(app, ["show", "fx-full"]).stdout)
    mentioned = set(re.findall(r"`mmeval ([a-z-]+)", out))
    assert mentioned <= set(COMMANDS), mentioned - set(COMMANDS)


def test_show_unknown_id_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "no-such-id"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "no-such-id" in result.stderr
    assert result.stderr.startswith("Error:")
    no_traceback(result)


def test_show_unknown_id_suggests_ids(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "no-such-id"])
    assert "Did you mean" in result.stderr


@pytest.mark.parametrize(("asked", "closest"), [("fx-ful", "fx-full"), ("fx-mab", "fx-mba")])
def test_show_near_miss_suggests_closest(runner: CliRunner, asked: str, closest: str) -> None:
    result = runner.invoke(app, ["show", asked])
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"Did you mean: {closest}" in result.stderr
    no_traceback(result)


# --- validate ----------------------------------------------------------------------------------

# What is wrong in tests/broken/bad-fields.toml, read from the file: field -> the line at fault.
BAD_FIELDS = {
    "id": 'id = "not-the-stem"',
    "platform": 'platform = "Blackboard"',
    "subjects.0": 'subjects = ["basket-weaving"]',
    "unexpected": "unexpected = 1",
    "courses.0.hours_min": "hours_min = nan",
    "courses.1.weeks": "weeks = -3",
    "cost.exam_fee": "exam_fee = inf",
    "prerequisites.math.0": 'math = ["astrology"]',
}


def test_broken_fixture_has_the_faults_listed_here() -> None:
    text = (BROKEN / "bad-fields.toml").read_text("utf-8")
    for line in BAD_FIELDS.values():
        assert line in text.splitlines()


def test_validate_good_catalog(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate"])  # the active catalog: MMEVAL_CATALOG=tests/catalog
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines()[-1] == f"{len(RAW)} file(s), 0 problem(s)"


def test_validate_broken_folder(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(BROKEN)])
    assert result.exit_code == 1
    no_traceback(result)
    lines = result.stdout.splitlines()
    bad_fields, bad_syntax = BROKEN / "bad-fields.toml", BROKEN / "bad-syntax.toml"
    for field in BAD_FIELDS:
        assert any(line.startswith(f"{bad_fields}: {field}: ") for line in lines), field
    assert sum(line.startswith(f"{bad_syntax}: ") for line in lines) == 1
    assert re.search(
        rf"{re.escape(str(bad_syntax))}: TOML syntax error: .* line 1, column \d+", flat(result.stdout)
    )
    n_problems = sum(line.startswith(str(BROKEN)) for line in lines)
    n_files = len(list(BROKEN.glob("*.toml")))
    assert lines[-1] == f"{n_files} file(s), {n_problems} problem(s)"


def test_validate_one_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(FIXTURES / "fx-full.toml"), str(BROKEN / "bad-syntax.toml")])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "2 file(s), 1 problem(s)"


def test_validate_prints_one_line_per_problem(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(BROKEN)])
    lines = result.stdout.splitlines()
    assert all(line.startswith(str(BROKEN)) for line in lines[:-1]), lines


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_validate_data_formats(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(app, ["validate", str(BROKEN), "--format", fmt])
    assert result.exit_code == 1
    data = json.loads(result.stdout) if fmt == "json" else tomllib.loads(result.stdout)
    assert data["files"] == len(list(BROKEN.glob("*.toml")))
    found = {(Path(p["path"]).name, p["field"]) for p in data["problems"]}
    assert {("bad-fields.toml", field) for field in BAD_FIELDS} <= found
    assert ("bad-syntax.toml", "") in found
    assert all(p["message"] for p in data["problems"])


def test_validate_json_when_all_good(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"files": len(RAW), "problems": []}


# --- catalog selection --------------------------------------------------------------------------


def catalog_with_broken_file(tmp_path: Path) -> Path:
    folder = tmp_path / "cat"
    shutil.copytree(FIXTURES, folder)
    shutil.copy(BROKEN / "bad-fields.toml", folder / "bad-fields.toml")
    return folder


def test_list_skips_a_broken_file_with_one_warning(runner: CliRunner, tmp_path: Path) -> None:
    folder = catalog_with_broken_file(tmp_path)
    result = runner.invoke(app, ["list", "--catalog", str(folder), "--format", "json"])
    assert result.exit_code == 0
    assert ids_from_json(result.stdout) == IDS
    assert result.stderr.count("Warning") == 1
    warning = flat(result.stderr)
    assert str(folder / "bad-fields.toml") in warning
    assert "mmeval validate" in warning


def test_broken_file_warning_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    folder = catalog_with_broken_file(tmp_path)
    result = runner.invoke(app, ["list", "--catalog", str(folder)])
    (line,) = result.stderr.strip().splitlines()
    assert "bad-fields.toml" in line and "mmeval validate" in line


def test_show_works_with_a_broken_file_in_the_catalog(runner: CliRunner, tmp_path: Path) -> None:
    folder = catalog_with_broken_file(tmp_path)
    result = runner.invoke(app, ["show", "fx-full", "--catalog", str(folder)])
    assert result.exit_code == 0
    assert RAW["fx-full"]["name"] in result.stdout
    assert "bad-fields.toml" in flat(result.stderr)


@pytest.mark.parametrize("command", [["list"], ["show", "fx-full"], ["validate"]])
def test_missing_catalog_folder(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "no-such-folder"
    result = runner.invoke(app, [*command, "--catalog", str(missing)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"{missing}' does not exist" in flat(result.stderr)
    no_traceback(result)


def test_missing_catalog_folder_from_environment(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MMEVAL_CATALOG", str(tmp_path / "gone"))
    result = runner.invoke(app, ["list"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"{tmp_path / 'gone'}' does not exist" in flat(result.stderr)
    no_traceback(result)


def test_environment_selects_the_catalog(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    for pid in ("fx-mba", "fx-sparse"):
        shutil.copy(FIXTURES / f"{pid}.toml", folder)
    monkeypatch.setenv("MMEVAL_CATALOG", str(folder))
    assert ids_from_json(runner.invoke(app, ["list", "--format", "json"]).stdout) == ["fx-mba", "fx-sparse"]
    # --catalog wins over the environment
    result = runner.invoke(app, ["list", "--catalog", str(FIXTURES), "--format", "json"])
    assert ids_from_json(result.stdout) == IDS
    # and a program outside the selected folder is not found
    assert runner.invoke(app, ["show", "fx-full"]).exit_code == 2


# --- version, help, plain output -------------------------------------------------------------------


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"mmeval {importlib.metadata.version('mmeval')}\n"


def test_root_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert re.search(rf"│ {name}\s", result.stdout), name


@pytest.mark.parametrize("name", COMMANDS)
def test_help_on_every_command(runner: CliRunner, name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert "Usage:" in out and f" {name} " in out
    assert flat(command.help.split("\n\n")[0]) in out  # the docstring's summary is the help
    no_traceback(result)


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--format", "json"],
        ["show", "fx-full"],
        ["show", "fx-mba"],
        ["show", "no-such-id"],
        ["validate", str(BROKEN)],
        ["list", "--max-cost", "100"],
        ["list", "--help"],
    ],
)
def test_piped_output_has_no_ansi_codes(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.delenv("NO_COLOR")  # colour must be off because output is not a terminal
    monkeypatch.setenv("TERM", "xterm-256color")
    result = runner.invoke(app, args)
    assert result.stdout or result.stderr
    assert "\x1b[" not in result.stdout
    assert "\x1b[" not in result.stderr


def test_list_says_retired_even_when_the_subject_is_shortened(runner: CliRunner) -> None:
    shipped = str(TESTS.parent / "programs")
    lines = runner.invoke(app, ["list"], env={"COLUMNS": "80", "MMEVAL_CATALOG": shipped}).stdout
    row = " ".join(line for line in lines.splitlines() if "columbiax-business-analytics" in line)
    assert "(retired)" in row
