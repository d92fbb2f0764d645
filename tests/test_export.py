"""Result files: --export, safe writes, `report`, round trips, the documented schema, invariants."""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import shutil
import stat
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mmeval.cli import app
from mmeval.results.serialize import read_result_file, to_data, to_toml
from mmeval.vocabulary import CRITERIA, GOALS, MATH_TOPICS
from tests.conftest import FIXTURES, REPO

DOC = REPO / "docs" / "export-format.md"
FIXTURE_IDS = sorted(p.stem for p in FIXTURES.glob("*.toml"))


RECOMMEND = ["recommend", "--goal", "upskill"]
COMPARE = ["compare", "fx-full", "fx-mba", "fx-sparse"]
COMMANDS = pytest.mark.parametrize("command", [RECOMMEND, COMPARE], ids=["recommend", "compare"])


def ok(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result


def export(runner: CliRunner, command: str, target: Path) -> Any:
    """Run a command line (shell words) with --export TARGET; it must succeed."""
    return ok(runner, *shlex.split(command), "--export", str(target))


def json_of(runner: CliRunner, *args: str) -> dict[str, Any]:
    return json.loads(ok(runner, *args, "--format", "json").stdout)


def without_timestamp(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "meta": {k: v for k, v in data["meta"].items() if k != "timestamp"}}


def said(result: Any) -> str:
    """stderr with Rich's line wrapping undone."""
    return " ".join(result.stderr.split())


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>" for p in folder.rglob("*")
    }


def ranking_rows(data: dict[str, Any]) -> list[tuple[int, str, float]]:
    return [(r["rank"], r["id"], r["total"]) for r in data["ranking"]["rows"]]


# --- the must-show ----------------------------------------------------------------------------


def test_must_show_export_report_and_refused_second_export(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    exported = ok(runner, "recommend", "--goal", "upskill", "--export", "r.toml")
    assert "Wrote r.toml" in exported.stderr
    shown = json_of(runner, "recommend", "--goal", "upskill")

    report = ok(runner, "report", "r.toml")
    assert report.stdout.endswith(exported.stdout), "report shows the same tables as recommend"
    assert "Result of `mmeval recommend`" in report.stdout
    assert ranking_rows(json_of(runner, "report", "r.toml")) == ranking_rows(shown)

    before = (tmp_path / "r.toml").read_bytes()
    again = runner.invoke(app, ["recommend", "--goal", "upskill", "--export", "r.toml"])
    assert (again.exit_code, again.stdout) == (2, "")
    assert "already exists" in said(again) and "--force" in said(again)
    assert (tmp_path / "r.toml").read_bytes() == before
    assert leftovers(tmp_path) == []


@COMMANDS
def test_export_holds_the_printed_data_plus_a_utc_timestamp(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / "out.toml"
    result = ok(runner, *command, "--export", str(target), "--format", "json")
    printed = json.loads(result.stdout)  # stdout stays pure data; "Wrote ..." goes to stderr
    exported = tomllib.loads(target.read_text("utf-8"))
    assert without_timestamp(exported) == printed
    assert "timestamp" not in printed["meta"]
    stamp = dt.datetime.fromisoformat(exported["meta"]["timestamp"])
    assert stamp.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - stamp) < dt.timedelta(minutes=5)
    meta = exported["meta"]
    assert (meta["tool"], meta["command"], exported["schema_version"]) == ("mmeval", command[0], 2)
    assert len(meta["catalog_digest"]) >= 8


def test_export_records_profile_weights_ranks_and_exclusions(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "r.toml"
    export(runner, "recommend --goal mba-path --budget 1000 --weight credit=3", target)
    data = tomllib.loads(target.read_text("utf-8"))
    assert data["profile"]["goal"] == "mba-path" and data["profile"]["budget_usd"] == 1000
    assert data["profile"]["weights"] == {"credit": 3}
    assert sum(data["ranking"]["weights"].values()) == pytest.approx(1.0)
    assert [r["rank"] for r in data["ranking"]["rows"]] == list(range(1, len(data["ranking"]["rows"]) + 1))
    for row in data["ranking"]["rows"]:
        assert {s["criterion"] for s in row["scores"]} == set(data["ranking"]["weights"])
    retired = data["ranking"]["excluded"][0]
    assert (retired["id"], retired["name"]) == ("fx-retired", "Fixture Retired Program")
    assert retired["reason"].startswith("retired")


# --- safe writes ------------------------------------------------------------------------------


@COMMANDS
def test_existing_file_is_untouched_without_force(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / "r.toml"
    target.write_bytes(b"# my notes\r\nkeep = 'me'\n")
    before = snapshot(tmp_path)
    result = runner.invoke(app, [*command, "--export", str(target)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "already exists" in said(result) and "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before


@COMMANDS
def test_force_overwrites(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "r.toml"
    target.write_text("old = true\n", encoding="utf-8")
    ok(runner, *command, "--export", str(target), "--force")
    assert read_result_file(target).meta.command == command[0]
    assert leftovers(tmp_path) == []


@COMMANDS
def test_missing_folder_fails_cleanly(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "no" / "such" / "r.toml"
    result = runner.invoke(app, [*command, "--export", str(target)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "does not exist" in said(result) and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@COMMANDS
def test_read_only_folder_fails_cleanly(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "other.txt").write_text("x", encoding="utf-8")
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        result = runner.invoke(app, [*command, "--export", str(folder / "r.toml")])
        assert (result.exit_code, result.stdout) == (2, "")
        assert "cannot write" in said(result) and "Traceback" not in result.stderr
        assert sorted(p.name for p in folder.iterdir()) == ["other.txt"]
    finally:
        folder.chmod(stat.S_IRWXU)


@COMMANDS
def test_unwritable_folder_simulated_fails_cleanly(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    # The same failure as a read-only folder, for runs as root (where chmod does not stop writes).
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "r.toml"
    target.write_text("old = true\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = runner.invoke(app, [*command, "--export", str(target), "--force"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "cannot write" in said(result) and "Permission denied" in said(result)
    assert "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before


@COMMANDS
def test_failed_rename_leaves_no_partial_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    def disk_full(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = runner.invoke(app, [*command, "--export", str(tmp_path / "r.toml")])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "No space left on device" in said(result) and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_interrupted_export_exits_130_and_leaves_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    result = runner.invoke(app, [*RECOMMEND, "--export", str(tmp_path / "r.toml")])
    assert result.exit_code == 130
    assert "Traceback" not in result.stderr + result.stdout
    assert list(tmp_path.iterdir()) == []


def test_export_onto_a_folder_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "d.toml").mkdir()
    before = snapshot(tmp_path)
    result = runner.invoke(app, [*RECOMMEND, "--export", str(tmp_path / "d.toml"), "--force"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before


# --- report -----------------------------------------------------------------------------------


@pytest.fixture
def exported(runner: CliRunner, tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "r.toml"
    export(runner, "recommend --goal career-change --math algebra --robustness", target)
    yield target


def test_report_needs_no_catalog(runner: CliRunner, exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MMEVAL_CATALOG", str(exported.parent / "no-such-catalog"))
    result = ok(runner, "report", str(exported))
    assert "Ranked for: career-change" in result.stdout and "Robustness" in result.stdout


def test_report_json_and_toml_equal_the_file(runner: CliRunner, exported: Path) -> None:
    data = tomllib.loads(exported.read_text("utf-8"))
    assert json_of(runner, "report", str(exported)) == data
    assert tomllib.loads(ok(runner, "report", str(exported), "--format", "toml").stdout) == data


def test_report_of_a_compare_export_shows_the_side_by_side(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "c.toml"
    shown = ok(runner, *COMPARE, "--export", str(target))
    report = ok(runner, "report", str(target))
    assert report.stdout.endswith(shown.stdout)
    assert "Side by side" in report.stdout


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"this is = = not toml [", "is not valid TOML"),
        (b"", "is not an mmeval result file: meta"),
        (b'[meta]\ntool = "mmeval"\n', "is not an mmeval result file"),
        (b"\xff\xfe\x00binary", "cannot read"),
    ],
    ids=["not-toml", "empty", "not-a-result", "not-utf8"],
)
def test_report_rejects_invalid_files(
    runner: CliRunner, tmp_path: Path, content: bytes, problem: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(content)
    result = runner.invoke(app, ["report", str(bad)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert problem in said(result) and "bad.toml" in said(result)
    assert "Traceback" not in result.stderr


def test_report_rejects_a_program_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report", str(FIXTURES / "fx-full.toml")])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "not an mmeval result file" in said(result) and "--export" in said(result)


def test_report_rejects_a_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path / "gone.toml")])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "gone.toml" in said(result) and "does not exist" in said(result)


def test_report_rejects_a_future_schema_version(runner: CliRunner, exported: Path) -> None:
    assert "schema_version = 2\n" in exported.read_text("utf-8")
    text = exported.read_text("utf-8").replace("schema_version = 2", "schema_version = 3")
    exported.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["report", str(exported)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "schema_version" in said(result)


V2_ONLY = {
    "ranking": {"verdict"},
    "rows": {"fit", "fit_notes", "total_low", "total_high", "inseparable"},
    "components": {"low", "high"},
    "robustness": {"unknowns_top_stays_share"},
}


def test_report_still_reads_a_version_1_file(runner: CliRunner, exported: Path) -> None:
    data = tomllib.loads(exported.read_text("utf-8"))
    data["schema_version"] = 1
    for key in V2_ONLY["ranking"]:
        del data["ranking"][key]
    for row in data["ranking"]["rows"]:
        for key in V2_ONLY["rows"]:
            row.pop(key, None)
        for score in row["scores"]:
            for comp in score["components"]:
                for key in V2_ONLY["components"]:
                    comp.pop(key, None)
    for key in V2_ONLY["robustness"]:
        data["robustness"].pop(key, None)
    exported.write_text(to_toml(data), encoding="utf-8")
    assert "schema_version = 1\n" in exported.read_text("utf-8")
    ok(runner, "report", str(exported))
    assert ranking_rows(json_of(runner, "report", str(exported))) == ranking_rows(data)


def test_report_rejects_a_tampered_field(runner: CliRunner, exported: Path) -> None:
    text = exported.read_text("utf-8").replace('command = "recommend"', 'command = "recommend"\nextra = 1', 1)
    exported.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["report", str(exported)])
    assert result.exit_code == 2 and "meta.extra" in said(result)


# --- round trips ------------------------------------------------------------------------------


def assert_round_trip(path: Path) -> None:
    """Export -> load -> export again is the same text; a second TOML parser reads the same data."""
    text = path.read_text("utf-8")
    assert to_toml(to_data(read_result_file(path))) == text
    assert tomlkit.parse(text).unwrap() == tomllib.loads(text)


@pytest.mark.parametrize(
    "command",
    [
        [*RECOMMEND, "--robustness", "--budget", "1234.5", "--months", "7", "--math", "calculus"],
        ["recommend", "--goal", "mba-path", "--method", "topsis", "--normalization", "minmax"],
        ["recommend", "--goal", "explore", "--field", "business", "--weight", "employer=0.3"],
        [*COMPARE, "fx-retired", "--goal", "degree-credit"],
    ],
    ids=["recommend-robust", "recommend-topsis", "recommend-field", "compare"],
)
def test_round_trip_is_identical(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "r.toml"
    ok(runner, *command, "--export", str(target))
    assert_round_trip(target)
    # ... and report's JSON is the file's data, so JSON output matches the TOML data too.
    assert json_of(runner, "report", str(target)) == tomllib.loads(target.read_text("utf-8"))


def test_round_trip_of_the_real_catalog(runner: CliRunner, tmp_path: Path, shipped: Path) -> None:
    target = tmp_path / "r.toml"
    ok(runner, "recommend", "--goal", "mba-path", "--budget", "3000", "--export", str(target))
    assert_round_trip(target)
    target = tmp_path / "c.toml"
    ok(runner, "compare", "mitx-scm", "mitx-sds", "mitx-dedp", "--export", str(target))
    assert_round_trip(target)


def test_round_trip_with_no_program_left(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "r.toml"
    export(runner, "recommend --goal upskill --field robotics --robustness", target)
    assert tomllib.loads(target.read_text("utf-8"))["ranking"]["rows"] == []
    assert_round_trip(target)
    assert "No program left to rank" in ok(runner, "report", str(target)).stdout


@pytest.mark.parametrize(
    "args", [["--goal", "explore"], ["--goal", "upskill", "--top", "1"]], ids=["no-flip", "one-row"]
)
def test_round_trip_with_robustness_none_fields(runner: CliRunner, tmp_path: Path, args: list[str]) -> None:
    target = tmp_path / "r.toml"
    ok(runner, "recommend", *args, "--robustness", "--export", str(target))
    assert_round_trip(target)
    ok(runner, "report", str(target))


def test_export_message_shows_the_path_literally(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a[" / "b]").mkdir(parents=True)
    plain = runner.invoke(app, [*RECOMMEND, "--export", "r[bold].toml"])
    assert plain.exit_code == 0 and "Wrote r[bold].toml" in said(plain)
    nested = runner.invoke(app, [*RECOMMEND, "--export", "a[/b]/r.toml"])
    assert nested.exit_code == 0, "a user-chosen path must not crash the success message"
    assert "Traceback" not in nested.stderr


@pytest.mark.parametrize(
    ("command", "old", "new"),
    [
        (COMPARE, 'label = "Platform"', 'label = "Platform [/b]"'),
        (RECOMMEND, 'id = "fx-mba"', 'id = "fx-mba[/i]"'),
    ],
    ids=["label", "id"],
)
def test_report_text_from_the_file_is_not_markup(
    runner: CliRunner, tmp_path: Path, command: list[str], old: str, new: str
) -> None:
    target = tmp_path / "r.toml"
    ok(runner, *command, "--export", str(target))
    target.write_text(target.read_text("utf-8").replace(old, new, 1), encoding="utf-8")
    result = runner.invoke(app, ["report", str(target)], env={"COLUMNS": "200"})
    assert result.exit_code in (0, 2) and "Traceback" not in result.stderr
    if result.exit_code == 0:
        assert new.split('"')[1] in result.stdout


# --- the documented contract ------------------------------------------------------------------

TOP_KEYS = {"schema_version", "meta", "profile", "ranking"}
META_KEYS = {"tool", "version", "command", "method", "normalization", "catalog_digest", "timestamp"}
PROFILE_KEYS = {"goal", "fields", "math", "budget_usd", "hours_per_week", "months", "weights"}
PROFILE_ALWAYS = {"goal", "fields", "weights"}  # the limits and math appear only when given
RANKING_KEYS = {"goal", "method", "normalization", "weights", "notes", "rows", "excluded", "verdict"}
VERDICT_KEYS = {"kind", "headline", "lines", "picks", "change", "check", "tie", "notes"}
STEP_KEYS = {"limit", "from_value", "to_value"}
LIMIT_KEYS = {"limit", "fit", "note"}
ROW_KEYS = {
    "rank",
    "id",
    "name",
    "university",
    "total",
    "coverage",
    "tied",
    "scores",
    "warnings",
    "fit",
    "fit_notes",
    "total_low",
    "total_high",
    "inseparable",
    "limits",
}
SCORE_KEYS = {"criterion", "points", "known_share", "components"}
COMPONENT_KEYS = {"name", "max_points", "points", "known", "rule", "evidence", "low", "high"}
EVIDENCE_KEYS = {"field", "value", "source"}
EXCLUDED_KEYS = {"id", "name", "reason"}
COMPARISON_KEYS = {"ids", "facts", "verdict"}
FACT_KEYS = {"label", "values", "best"}
ROBUSTNESS_KEYS = {
    "draws",
    "seed",
    "spread",
    "top_id",
    "top_stays_share",
    "runner_up_id",
    "margin",
    "clear_winner",
    "smallest_change",
    "unknowns_top_stays_share",
}
CHANGE_KEYS = {"criterion", "from_weight", "to_weight"}


def test_contract_keys_are_pinned(runner: CliRunner, tmp_path: Path) -> None:
    rec, cmp = tmp_path / "r.toml", tmp_path / "c.toml"
    export(runner, "recommend --goal upskill --budget 5000 --months 24 --robustness", rec)
    ok(runner, *COMPARE, "--export", str(cmp))
    r, c = tomllib.loads(rec.read_text("utf-8")), tomllib.loads(cmp.read_text("utf-8"))

    assert set(r) == TOP_KEYS | {"robustness"}
    assert set(c) == TOP_KEYS | {"comparison"}
    assert set(r["meta"]) == META_KEYS
    assert PROFILE_ALWAYS | {"budget_usd", "months"} == set(r["profile"])  # as given: no math, no hours
    assert set(r["ranking"]) == RANKING_KEYS
    assert set(c["ranking"]) == RANKING_KEYS
    for verdict in (r["ranking"]["verdict"], c["ranking"]["verdict"]):
        assert set(verdict) == VERDICT_KEYS
        assert verdict["kind"] in ("go", "not-yet", "consider-else")
    row = r["ranking"]["rows"][0]
    assert set(row) == ROW_KEYS
    assert all(ranked["fit"] in ("fits", "may-fit", "no-fit") for ranked in r["ranking"]["rows"])
    assert {lim["limit"] for lim in row["limits"]} == {"budget", "months"}  # the limits given
    assert all(set(lim) == LIMIT_KEYS for lim in row["limits"])
    assert set(row["scores"][0]) == SCORE_KEYS
    # low/high appear on unknown components only: every component's keys are pinned ones, and
    # the file (which has known and unknown components) shows all of them
    components = [comp for rw in r["ranking"]["rows"] for s in rw["scores"] for comp in s["components"]]
    assert all(set(comp) <= COMPONENT_KEYS for comp in components)
    assert set().union(*components) == COMPONENT_KEYS
    evidence = [e for comp in components for e in comp["evidence"]]  # the top row may state nothing
    assert set().union(*evidence) == EVIDENCE_KEYS
    assert set(r["ranking"]["excluded"][0]) == EXCLUDED_KEYS
    assert set(r["robustness"]) == ROBUSTNESS_KEYS
    assert set(r["robustness"]["smallest_change"]) == CHANGE_KEYS
    assert set(c["comparison"]) == COMPARISON_KEYS
    assert set(c["comparison"]["facts"][0]) == FACT_KEYS
    assert {s["criterion"] for s in row["scores"]} <= set(CRITERIA)


def test_every_key_is_documented() -> None:
    doc = DOC.read_text("utf-8")
    keys = (
        TOP_KEYS
        | {"robustness", "comparison"}
        | META_KEYS
        | PROFILE_KEYS
        | RANKING_KEYS
        | VERDICT_KEYS
        | ROW_KEYS
        | SCORE_KEYS
        | COMPONENT_KEYS
        | EVIDENCE_KEYS
        | EXCLUDED_KEYS
        | COMPARISON_KEYS
        | FACT_KEYS
        | ROBUSTNESS_KEYS
        | CHANGE_KEYS
        | STEP_KEYS
        | LIMIT_KEYS
    )
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert missing == [], f"not documented in {DOC.name}: {missing}"
    for criterion in CRITERIA:
        assert f"`{criterion}`" in doc
    for code in ("`0`", "`1`", "`2`", "`130`"):
        assert code in doc
    assert "schema_version = 2" in doc


# --- invariants (hypothesis) ------------------------------------------------------------------

weights = st.dictionaries(
    st.sampled_from(CRITERIA),
    st.one_of(st.integers(0, 10), st.floats(0, 100, allow_nan=False, allow_infinity=False)),
    max_size=4,
)
profiles = st.fixed_dictionaries(
    {
        "goal": st.sampled_from(GOALS),
        "weights": weights,
        "math": st.lists(st.sampled_from(MATH_TOPICS), unique=True, max_size=3),
        "budget": st.none() | st.integers(0, 5000),
        "hours": st.none() | st.sampled_from([0.5, 5, 10, 12.5, 40]),
        "months": st.none() | st.sampled_from([1, 6, 12, 24]),
        "method": st.sampled_from(["weighted-sum", "topsis"]),
        "normalization": st.sampled_from(["vector", "minmax"]),
    }
)


def flags(profile: dict[str, Any]) -> list[str]:
    args = ["--goal", profile["goal"]]
    args += [a for c, w in profile["weights"].items() for a in ("--weight", f"{c}={w!r}")]
    args += [a for m in profile["math"] for a in ("--math", m)]
    args += ["--method", profile["method"], "--normalization", profile["normalization"]]
    for flag, key in (("--budget", "budget"), ("--hours", "hours"), ("--months", "months")):
        if profile[key] is not None:
            args += [flag, str(profile[key])]
    return args


def invoke_or_reject(runner: CliRunner, args: list[str]) -> Any:
    result = runner.invoke(app, args)
    assume("all weights are zero" not in said(result))
    assert result.exit_code == 0, result.stderr
    return result


def copy_catalog(folder: Path, ids: list[str], *, mtime_step: int) -> None:
    """Copy fixture files in the given order, each with its own modification time."""
    folder.mkdir()
    for i, pid in enumerate(ids):
        target = folder / f"{pid}.toml"
        shutil.copyfile(FIXTURES / f"{pid}.toml", target)
        stamp = 1_700_000_000 + i * mtime_step
        os.utime(target, (stamp, stamp))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    order=st.permutations(FIXTURE_IDS),
    n=st.integers(1, len(FIXTURE_IDS)),
    profile=profiles,
    robust=st.booleans(),
)
def test_recommend_ignores_catalog_order_and_round_trips(
    order: list[str], n: int, profile: dict[str, Any], robust: bool
) -> None:
    runner = CliRunner()
    ids = list(order[:n])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        copy_catalog(root / "a", ids, mtime_step=60)
        copy_catalog(root / "b", ids[::-1], mtime_step=-60)
        (root / "out").mkdir()
        target = root / "out" / "r.toml"
        args = ["recommend", *flags(profile), *(["--robustness"] if robust else [])]
        invoke_or_reject(runner, [*args, "--catalog", str(root / "a"), "--export", str(target)])
        other = invoke_or_reject(runner, [*args, "--catalog", str(root / "b"), "--format", "json"])
        exported = tomllib.loads(target.read_text("utf-8"))
        assert without_timestamp(exported) == json.loads(other.stdout)
        assert_round_trip(target)
        assert leftovers(root / "out") == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ids=st.lists(st.sampled_from(FIXTURE_IDS), min_size=2, max_size=len(FIXTURE_IDS), unique=True),
    profile=profiles,
)
def test_compare_ranking_ignores_id_order_and_round_trips(ids: list[str], profile: dict[str, Any]) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "c.toml"
        options = [*flags(profile), "--catalog", str(FIXTURES)]
        invoke_or_reject(runner, ["compare", *ids, *options, "--export", str(target)])
        canonical = sorted(ids)
        other = json.loads(
            invoke_or_reject(runner, ["compare", *canonical, *options, "--format", "json"]).stdout
        )
        mine = without_timestamp(tomllib.loads(target.read_text("utf-8")))
        assert mine["ranking"] == other["ranking"]
        assert mine["comparison"]["verdict"] == other["comparison"]["verdict"]
        for row, same in zip(mine["comparison"]["facts"], other["comparison"]["facts"], strict=True):
            assert row["label"] == same["label"]
            assert dict(zip(ids, row["values"], strict=True)) == dict(
                zip(canonical, same["values"], strict=True)
            )
            assert {ids[i] for i in row["best"]} == {canonical[i] for i in same["best"]}
        assert_round_trip(target)
