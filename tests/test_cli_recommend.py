"""`recommend` and `explain` as a user drives them, through CliRunner."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mmeval.cli import app

MBA = ["--goal", "mba-path", "--math", "algebra", "--budget", "3000", "--hours", "10", "--months", "12"]


def ids(runner: CliRunner, *args: str) -> list[str]:
    result = runner.invoke(app, ["recommend", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return [r["id"] for r in json.loads(result.stdout)["ranking"]["rows"]]


def test_mba_path_puts_credit_pathways_near_the_top(runner: CliRunner, shipped: Path) -> None:
    top = ids(runner, *MBA)[:5]
    for pid in top:
        data = tomllib.loads((shipped / f"{pid}.toml").read_text())
        kinds = {p["kind"] for p in data.get("pathways", [])}
        assert kinds & {"master", "mba"}, f"{pid} has no master's/MBA pathway but ranks in the top 5"


def test_explain_shows_why_criterion_by_criterion(runner: CliRunner, shipped: Path) -> None:
    first = ids(runner, *MBA)[0]
    result = runner.invoke(app, ["explain", first, *MBA])
    assert result.exit_code == 0, result.stderr
    for label in (
        "Accreditation",
        "Employer recognition",
        "Learning outcomes",
        "Degree credit",
        "Affordability",
        "Time fit",
        "Math readiness",
    ):
        assert label in result.stdout
    assert "pathways" in result.stdout and "credit_fraction" in result.stdout
    assert "Total" in result.stdout and "evidence coverage" in result.stdout


def test_career_change_reorders_as_documented(runner: CliRunner, shipped: Path) -> None:
    # docs/scoring.md: career-change weighs employer and outcomes most, credit least
    mba = json.loads(runner.invoke(app, ["recommend", *MBA, "--format", "json"]).stdout)["ranking"]
    cc_args = [a if a != "mba-path" else "career-change" for a in MBA]
    cc = json.loads(runner.invoke(app, ["recommend", *cc_args, "--format", "json"]).stdout)["ranking"]
    assert [r["id"] for r in mba["rows"]] != [r["id"] for r in cc["rows"]]
    assert mba["weights"]["credit"] > cc["weights"].get("credit", 0)
    assert cc["weights"]["employer"] > mba["weights"]["employer"]

    def score(row: dict, criterion: str) -> float:
        return next(s["points"] for s in row["scores"] if s["criterion"] == criterion)

    def mean_rank_gain(criterion: str) -> float:
        """Correlation sign: programs strong on `criterion` should move up under career-change."""
        pos_m = {r["id"]: r["rank"] for r in mba["rows"]}
        gains = [(score(r, criterion), pos_m[r["id"]] - r["rank"]) for r in cc["rows"]]
        strong = [g for s, g in gains if s >= 60]
        weak = [g for s, g in gains if s < 60]
        return sum(strong) / len(strong) - sum(weak) / len(weak)

    assert mean_rank_gain("employer") > 0  # strong on employer recognition: moves up


def test_missing_goal_off_a_tty_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["recommend"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--goal" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_profile_names_file_and_field(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "me.toml"
    bad.write_text('goal = "upskill"\nhours_per_week = "lots"\n')
    result = runner.invoke(app, ["recommend", "--profile", str(bad)])
    assert result.exit_code == 2
    assert str(bad) in result.stderr and "hours_per_week" in result.stderr and "--hours" in result.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text("goal = \n")
    result = runner.invoke(app, ["recommend", "--profile", str(broken)])
    assert result.exit_code == 2 and "not valid TOML" in result.stderr
    typo = tmp_path / "typo.toml"
    typo.write_text('goal = "upskill"\nbudjet_usd = 10\n')
    result = runner.invoke(app, ["recommend", "--profile", str(typo)])
    assert result.exit_code == 2 and "budjet_usd" in result.stderr


def test_profile_file_flags_override_and_save(runner: CliRunner, tmp_path: Path) -> None:
    prof = tmp_path / "me.toml"
    prof.write_text('goal = "upskill"\nbudget_usd = 500\nmath = ["calculus"]\n')
    saved = tmp_path / "saved.toml"
    result = runner.invoke(
        app,
        [
            "recommend",
            "--profile",
            str(prof),
            "--budget",
            "900",
            "--save-profile",
            str(saved),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    used = json.loads(result.stdout)["profile"]
    assert used["goal"] == "upskill" and used["budget_usd"] == 900 and used["math"] == ["calculus"]
    assert tomllib.loads(saved.read_text()) == {k: v for k, v in used.items() if v != {}}
    again = runner.invoke(app, ["recommend", "--profile", str(saved), "--format", "json"])
    assert json.loads(again.stdout) == json.loads(result.stdout)


@pytest.mark.parametrize(
    "bad",
    [
        ["--weight", "credit"],
        ["--weight", "speed=2"],
        ["--weight", "credit=-1"],
        ["--goal", "fame"],
        ["--hours", "0"],
        ["--field", "astrology"],
    ],
)
def test_bad_flag_values_exit_2(runner: CliRunner, bad: list[str]) -> None:
    result = runner.invoke(app, ["recommend", "--goal", "explore", *bad])
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr


def test_weights_are_printed_normalised(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["recommend", "--goal", "explore", "--budget", "1000", "--weight", "credit=8"]
    )
    assert result.exit_code == 0
    # no field and no math stated: relevance and math readiness dropped; credit 8 of (8 + 5 x 1)
    # = 62%; the others 1/13 = 8%
    assert "degree credit 62%" in result.stdout and "employer recognition 8%" in result.stdout
    assert "method weighted-sum" in result.stdout and "normalisation" in result.stdout


def test_topsis_prints_its_normalisation(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["recommend", "--goal", "explore", "--method", "topsis", "--normalization", "minmax"]
    )
    assert result.exit_code == 0
    assert "method topsis" in result.stdout and "normalisation minmax" in result.stdout


def test_table_shows_coverage_warnings_and_exclusions(runner: CliRunner) -> None:
    result = runner.invoke(app, ["recommend", "--goal", "explore", "--math", "calculus", "--budget", "500"])
    out = result.stdout
    assert "fx-full" in out and "Cover" in out
    assert "does not fit" in out and "$300 over your $500 budget" in out and "review math: probability" in out
    assert "Not ranked: 1 retired" in out and "fx-retired" not in out
    listed = runner.invoke(
        app, ["recommend", "--goal", "explore", "--budget", "500", "--show-excluded"]
    ).stdout
    assert "fx-retired" in listed


def test_strict_and_min_coverage_and_top(runner: CliRunner) -> None:
    assert ids(runner, "--goal", "explore", "--budget", "1000", "--strict") == ["fx-full"]
    assert "fx-sparse" not in ids(runner, "--goal", "explore", "--min-coverage", "50")
    # JSON keeps every row unless --top is given: then the first N, like the table
    assert len(ids(runner, "--goal", "explore")) == 3
    assert ids(runner, "--goal", "explore", "--top", "1") == ids(runner, "--goal", "explore")[:1]
    table = runner.invoke(app, ["recommend", "--goal", "explore", "--top", "1"]).stdout
    assert "2 more ranked" in table


def test_same_inputs_same_bytes(runner: CliRunner) -> None:
    args = ["recommend", *MBA, "--robustness"]
    for fmt in ("table", "json", "toml"):
        a = runner.invoke(app, [*args, "--format", fmt]).stdout
        b = runner.invoke(app, [*args, "--format", fmt]).stdout
        assert a == b and a


def test_robustness_report(runner: CliRunner, shipped: Path) -> None:
    result = runner.invoke(app, ["recommend", *MBA, "--robustness"])
    assert result.exit_code == 0
    assert "stays first in" in result.stdout and "2000 draws" in result.stdout
    data = json.loads(runner.invoke(app, ["recommend", *MBA, "--robustness", "--format", "json"]).stdout)
    rob = data["robustness"]
    assert 0 <= rob["top_stays_share"] <= 1 and rob["top_id"] == data["ranking"]["rows"][0]["id"]


def test_json_and_toml_carry_the_same_data(runner: CliRunner) -> None:
    j = json.loads(runner.invoke(app, ["recommend", *MBA, "--format", "json"]).stdout)
    t = tomllib.loads(runner.invoke(app, ["recommend", *MBA, "--format", "toml"]).stdout)
    assert j == t
    assert "\x1b[" not in runner.invoke(app, ["recommend", *MBA]).stdout


def test_explain_unknown_id_suggests(runner: CliRunner) -> None:
    result = runner.invoke(app, ["explain", "fx-ful"])
    assert result.exit_code == 2 and "Did you mean: fx-full" in result.stderr and result.stdout == ""


def test_explain_lists_unknowns(runner: CliRunner) -> None:
    result = runner.invoke(app, ["explain", "fx-sparse"])
    assert result.exit_code == 0
    assert "Unknown (scored as modest" in result.stdout
    assert "Accreditation: accredited institution" in result.stdout


# --- flags mean no questions; one reader for flags and profile files; saved profiles ------------


def profile_of(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> dict:
    result = runner.invoke(app, ["recommend", *args, "--format", "json"], env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["profile"]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """stdin is a terminal; the questionnaire records what it was asked for instead of asking."""
    from mmeval.cli import recommend_cmds
    from mmeval.person import questionnaire

    asked: list[list[str]] = []

    def ask(missing: list[str], answers: dict, console: object) -> dict:
        asked.append(missing)
        return {**answers, "goal": answers.get("goal") or "explore"}

    monkeypatch.setattr(recommend_cmds, "stdin_is_tty", lambda: True)
    monkeypatch.setattr(questionnaire, "ask", ask)
    monkeypatch.setattr(questionnaire, "offer_save", lambda console, check: None)
    return asked


def test_any_flag_on_a_terminal_means_no_questions(runner: CliRunner, terminal: list) -> None:
    result = runner.invoke(app, ["recommend", "--goal", "mba-path", "--math", "algebra", "--top", "3"])
    assert result.exit_code == 0 and terminal == []
    assert runner.invoke(app, ["recommend", "--budget", "3000"]).exit_code == 2  # no goal: not asked
    assert terminal == []


def test_no_answer_on_a_terminal_asks_everything(runner: CliRunner, terminal: list) -> None:
    assert runner.invoke(app, ["recommend"]).exit_code == 0
    assert terminal == [["goal", "fields", "math", "budget_usd", "hours_per_week", "months"]]


def test_interactive_asks_for_what_is_missing(runner: CliRunner, terminal: list) -> None:
    assert (
        runner.invoke(app, ["recommend", "--interactive", "--goal", "upskill", "--hours", "8"]).exit_code == 0
    )
    assert terminal == [["fields", "math", "budget_usd", "months"]]


@pytest.mark.parametrize("how", [["--no-input"], ["env"]])
def test_no_input_never_asks(runner: CliRunner, terminal: list, how: list[str]) -> None:
    args, env = (how, None) if how != ["env"] else ([], {"MMEVAL_NO_INPUT": "1"})
    result = runner.invoke(app, ["recommend", *args], env=env)
    assert result.exit_code == 2 and terminal == [] and result.stdout == ""
    assert "missing --goal" in result.stderr and "--interactive" in result.stderr
    assert runner.invoke(app, ["recommend", *args, "--goal", "upskill"], env=env).exit_code == 0
    contradiction = runner.invoke(app, ["recommend", *args, "--interactive"], env=env)
    assert contradiction.exit_code == 2 and "--no-input" in contradiction.stderr


def test_interactive_reads_piped_answers_one_a_line(runner: CliRunner) -> None:
    """`printf ... | mmeval recommend --interactive`: the questions on stderr (each answer echoed
    after it), the numbered lists, no offer to save; the result on stdout."""
    answers = "finance\nstats\n2k\n6\n12\n"
    args = ["recommend", "--interactive", "--goal", "upskill", "--format", "json"]
    result = runner.invoke(app, args, input=answers)
    assert result.exit_code == 0, result.stderr
    profile = json.loads(result.stdout)["profile"]
    assert (profile["fields"], profile["math"], profile["budget_usd"]) == (["finance"], ["statistics"], 2000)
    assert "Which math are you comfortable with?" in result.stderr and "5 statistics" in result.stderr
    assert "not sure): stats\n" in result.stderr and "Save these" not in result.stderr


def test_interactive_piped_answers_ending_early_are_interrupted(runner: CliRunner) -> None:
    result = runner.invoke(app, ["recommend", "--interactive", "--goal", "upskill"], input="finance\n")
    assert result.exit_code == 130 and result.stderr.endswith("\nInterrupted.\n"), result.stderr
    assert not result.stdout


def test_piped_answers_without_interactive_are_never_read(runner: CliRunner) -> None:
    result = runner.invoke(app, ["recommend", "--budget", "2k"], input="upskill\n")
    assert result.exit_code == 2 and "missing --goal" in result.stderr and "What do you" not in result.stderr


def test_missing_goal_hint_names_goal_and_interactive(runner: CliRunner) -> None:
    result = runner.invoke(app, ["recommend", "--budget", "2k"])
    assert result.exit_code == 2 and "missing --goal" in result.stderr
    assert "--goal" in result.stderr.split("\n")[1] and "--interactive" in result.stderr


def test_field_all_means_every_field(runner: CliRunner) -> None:
    assert profile_of(runner, "--goal", "upskill", "--field", "all")["fields"] == []
    assert len(ids(runner, "--goal", "upskill", "--field", "all")) == 3


@pytest.mark.parametrize(
    ("args", "key", "value"),
    [
        (["--budget", "$2,000"], "budget_usd", 2000),
        (["--budget", "2k"], "budget_usd", 2000),
        (["--budget", "two thousand dollars"], "budget_usd", 2000),
        (["--goal", "mba"], "goal", "mba-path"),
        (["--goal", "move into data science"], "fields", ["data-science"]),
        (["--field", "data science"], "fields", ["data-science"]),
        (["--field", "logistics", "--field", "finance"], "fields", ["supply-chain", "finance"]),
        (["--math", "stats"], "math", ["statistics"]),
        (["--math", "linear algebra", "--math", "python"], "math", ["linear-algebra", "programming"]),
        (["--math", "none"], "math", []),
        (["--math", "not sure"], "math", None),
        (["--hours", "1,5"], "hours_per_week", 1.5),
        (["--months", "within a year"], "months", 12),
        (["--months", "1 year 6 months"], "months", 18),
    ],
)
def test_flags_read_values_as_the_questionnaire_does(
    runner: CliRunner, args: list[str], key: str, value: object
) -> None:
    base = [] if "--goal" in args else ["--goal", "upskill"]
    assert profile_of(runner, *base, *args).get(key) == value


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--field", "datta scince"], "--field datta scince: did you mean data-science?"),
        (["--math", "probabilty"], "--math probabilty: did you mean probability?"),
        (["--goal", "carrer change"], "--goal carrer change: did you mean career-change?"),
        (["--hours", "5-6"], "--hours 5-6: which one? say a single number, e.g. 5"),
        (["--budget", "-5"], "--budget -5: must be 0 or more"),
        (["--budget", "2.000 €"], "in euros"),
        (["--field", "data science", "--field", "basket weaving"], "--field basket weaving: not a field"),
    ],
)
def test_a_value_not_understood_is_a_usage_error_naming_the_flag(
    runner: CliRunner, args: list[str], said: str
) -> None:
    base = [] if "--goal" in args else ["--goal", "upskill"]
    result = runner.invoke(app, ["recommend", *base, *args])
    assert (result.exit_code, result.stdout) == (2, "")
    assert said in result.stderr and "Traceback" not in result.stderr
    assert "mmeval help answers" in result.stderr and "docs/" not in result.stderr  # installed docs


def test_what_was_understood_is_echoed_on_a_terminal_only(runner: CliRunner) -> None:
    args = ["recommend", "--goal", "switch to data science", "--budget", "$2,000", "--hours", "8"]
    echo = (
        "Understood: career change into data-science; math not stated; budget $2,000; 8 h/week; no deadline."
    )
    on_terminal = runner.invoke(app, [*args, "--format", "json"], env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert echo in on_terminal.stderr and "Understood" not in on_terminal.stdout
    assert "Understood" not in runner.invoke(app, args).stderr  # piped: no talk


def test_profile_file_values_are_read_like_flags(runner: CliRunner, tmp_path: Path) -> None:
    prof = tmp_path / "me.toml"
    prof.write_text('goal = "mba"\nbudget_usd = "2k"\nmath = "stats, python"\nmonths = "within a year"\n')
    used = profile_of(runner, "--profile", str(prof))
    assert (used["goal"], used["budget_usd"], used["math"], used["months"]) == (
        "mba-path",
        2000,
        ["statistics", "programming"],
        12,
    )
    prof.write_text('goal = "upskill"\nmath = "probabilty"\n')
    result = runner.invoke(app, ["recommend", "--profile", str(prof)])
    assert result.exit_code == 2 and "math (--math): probabilty: did you mean probability?" in result.stderr


def test_saved_profiles_live_in_the_config_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MMEVAL_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    saved = runner.invoke(app, ["recommend", "--goal", "upskill", "--budget", "900", "--save-profile", "me"])
    assert saved.exit_code == 0, saved.stderr
    assert "Saved as 'me': next time, mmeval recommend --profile me" in saved.stderr
    assert (tmp_path / "config" / "profiles" / "me.toml").is_file() and not (tmp_path / "me").exists()
    assert profile_of(runner, "--profile", "me")["budget_usd"] == 900
    missing = runner.invoke(app, ["recommend", "--profile", "you"])
    assert missing.exit_code == 2 and "no saved profile named 'you'" in missing.stderr
    assert "saved profiles: me" in missing.stderr
    again = runner.invoke(app, ["recommend", "--goal", "explore", "--save-profile", "me"])
    assert again.exit_code == 2 and "already exists" in again.stderr  # --force to overwrite
    bad = runner.invoke(app, ["recommend", "--goal", "explore", "--save-profile", ".hidden"])
    assert bad.exit_code == 2 and "cannot name a saved profile" in bad.stderr


def test_employer_pays_is_no_limit_not_a_missing_answer(runner: CliRunner) -> None:
    """'employer pays' is an answer: the notes must not say no budget was given."""
    out = runner.invoke(app, ["recommend", "--goal", "upskill", "--budget", "employer pays"]).stdout
    assert "no budget limit (--budget): cost is shown, not scored" in " ".join(out.split())
    assert "no budget given" not in out
