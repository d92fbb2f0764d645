"""The advisor panel (tests/data/advisor-panel.json): people, what two independent advisors
answered for each, and the rules that turn their answers into expectations.

Only a fresh advisor may revise an answer (docs/scoring.md, "The advisor panel"); the tests and
docs read the file as it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PANEL = Path(__file__).parent / "data" / "advisor-panel.json"
KINDS = {"GO": "go", "NOT YET": "not-yet", "CONSIDER SOMETHING ELSE": "consider-else"}


def panel() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PANEL.read_text("utf-8"))
    return data


def people() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = panel()["people"]
    return found


def signed_off(person: dict[str, Any]) -> list[dict[str, Any]]:
    """The fresh sign-off advisors' own answers for this person, round by round."""
    return [r["people"][person["code"]] for r in panel().get("signoff", ()) if person["code"] in r["people"]]


def kinds(person: dict[str, Any]) -> set[str]:
    """The verdict kinds the advisors gave: the two panel advisors and each fresh sign-off
    advisor's own verdict (advisors differ at the edges; any of them is acceptable)."""
    return {KINDS[a["verdict"]] for a in person["advisors"]} | {
        KINDS[s["your_verdict"]] for s in signed_off(person)
    }


def acceptable(person: dict[str, Any]) -> list[str]:
    """Every program an advisor named as the pick or an alternative (the panel's picks first,
    then their alternatives, then the sign-off advisors' own picks)."""
    out: list[str] = []
    for a in person["advisors"]:
        out += [a["pick"]] if a["pick"] else []
    for a in person["advisors"]:
        out += a["alternatives"]
    for s in signed_off(person):
        out += s["your_picks"]
    return list(dict.fromkeys(out))


def wrong(person: dict[str, Any]) -> dict[str, str]:
    """Programs wrong for this person: one advisor calls them wrong and the other does not
    name them as acceptable; with the first reason given."""
    ok = set(acceptable(person))
    out: dict[str, str] = {}
    for a in person["advisors"]:
        for w in a["wrong_picks"]:
            if w["id"] not in ok:
                out.setdefault(w["id"], w["why"])
    return out


def flags(profile: dict[str, Any]) -> list[str]:
    """The person's answers as `mmeval recommend` flags."""
    out = ["--goal", profile["goal"]]
    for f in profile["fields"]:
        out += ["--field", f]
    if profile["math"] is not None:
        for m in profile["math"] or ["none"]:
            out += ["--math", m]
    for key, flag in (("budget_usd", "--budget"), ("hours_per_week", "--hours"), ("months", "--months")):
        if profile[key] is not None:
            out += [flag, f"{profile[key]:g}"]
    return out


def situation(profile: dict[str, Any]) -> str:
    """The limits in a few words."""
    parts = [profile["goal"]]
    parts.append(", ".join(profile["fields"]) or "any field")
    math = profile["math"]
    parts.append("math not stated" if math is None else "no math" if not math else "math: " + ", ".join(math))
    b, h, m = profile["budget_usd"], profile["hours_per_week"], profile["months"]
    parts.append(f"${b:,.0f}" if b is not None else "no budget")
    parts.append(f"{h:g} h/week" if h is not None else "hours not stated")
    parts.append(f"{m:g} months" if m is not None else "no deadline")
    return "; ".join(parts)


def _cell(items: list[str]) -> str:
    return ", ".join(f"`{x}`" for x in items) or "-"


def table(answers: dict[str, str] | None = None) -> str:
    """The Markdown table: person | advisors' answer | mmeval's answer."""
    lines = [
        "| person | situation | advisors' verdict | acceptable picks | wrong for them | mmeval's answer |",
        "|---|---|---|---|---|---|",
    ]
    for p in people():
        given = [a["verdict"] for a in p["advisors"]] + [s["your_verdict"] for s in signed_off(p)]
        verdicts = " / ".join(dict.fromkeys(given))
        mine = (answers or {}).get(p["code"], "not run yet")
        lines.append(
            f"| {p['code']} {p['title']} | {situation(p['profile'])} | {verdicts} | {_cell(acceptable(p))}"
            f" | {_cell(sorted(wrong(p)))} | {mine} |"
        )
    return "\n".join(lines)


def reasons() -> str:
    """Each person's words and both advisors' answers in full."""
    out: list[str] = []
    for p in people():
        out.append(f'#### {p["code"]} — {p["title"]}\n\n"{p["words"]}" ({situation(p["profile"])})\n')
        for a in p["advisors"]:
            name = a.get("name", "?")
            line = f"- **Advisor {name}: {a['verdict']}**, pick `{a['pick']}`"
            if a["alternatives"]:
                line += ", alternatives " + _cell(a["alternatives"])
            line += f". {a['reasons']}"
            if a["change"]:
                line += f" *Change:* {a['change']}"
            if a["flags"]:
                line += " *Flags:* " + "; ".join(a["flags"])
            if a["wrong_picks"]:
                line += " *Wrong for this person:* " + "; ".join(
                    f"`{w['id']}`: {w['why']}" for w in a["wrong_picks"]
                )
            out.append(line)
        rj = p.get("rejudged")
        if rj:
            stands = [n for n in "AB" if rj[f"{n}_stands"]]
            said = f"{' and '.join(stands)} still stand" if stands else "neither stands"
            out.append(f"- *Re-judged by {rj['by']} on the catalog {rj['catalog']}:* {said}. {rj['why']}")
        for old in p.get("superseded", ()):
            out.append(
                f"- *No longer stands (advisor {old.get('name', '?')}, earlier catalog):* {old['verdict']},"
                f" pick `{old['pick']}`"
                + (", alternatives " + _cell(old["alternatives"]) if old["alternatives"] else "")
            )
        out.append("")
    return "\n".join(out)


def signoff() -> str:
    """Each sign-off round: how many answers the fresh advisors would sign, and per person the
    verdict, whether they signed and the problems they found."""
    out: list[str] = []
    for r in panel().get("signoff", ()):
        out.append(
            f"**Round {r['round']}** ({r['date']}, mmeval at {r['mmeval']}): signed **{r['signed']} of"
            f" {r['of']}**. {r['how']}\n"
        )
        out.append("| person | signed | their verdict | their picks | problems they found |")
        out.append("|---|---|---|---|---|")
        for code, x in r["people"].items():
            problems = "; ".join(x["problems"]).replace("|", "/") or "-"
            out.append(
                f"| {code} | {'yes' if x['sign'] else '**no**'} ({x['by']}) | {x['your_verdict']}"
                f" | {_cell(x['your_picks'])} | {problems} |"
            )
        out.append("")
    return "\n".join(out)


KIND_WORDS = {"go": "GO", "not-yet": "NOT YET", "consider-else": "CONSIDER SOMETHING ELSE"}


def mmeval_answers() -> dict[str, str]:
    """What `mmeval recommend` answers each person now, and whether an advisor would sign it."""
    import json

    from typer.testing import CliRunner

    from mmeval.cli import app

    out = {}
    for p in people():
        result = CliRunner().invoke(app, ["recommend", *flags(p["profile"]), "--format", "json"])
        verdict = json.loads(result.stdout)["ranking"]["verdict"]
        named = verdict["tie"] or verdict["picks"][:1]
        ok = (
            verdict["kind"] in kinds(p)
            and bool(set(named) & set(acceptable(p)))
            and not set(verdict["picks"]) & set(wrong(p))
        )
        shown = " or ".join(f"`{x}`" for x in named) or "none"
        out[p["code"]] = f"{KIND_WORDS[verdict['kind']]}: {shown}" + ("" if ok else " — **disagrees**")
    return out


def write_docs(path: Path) -> None:
    """Put the current table and the answers in full between their markers in docs/scoring.md."""
    text = path.read_text("utf-8")
    parts = (
        ("panel-table", table(mmeval_answers())),
        ("panel-signoff", signoff()),
        ("panel-reasons", reasons()),
    )
    for name, body in parts:
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        head, _, rest = text.partition(start)
        _, _, tail = rest.partition(end)
        text = f"{head}{start}\n{body}\n{end}{tail}"
    path.write_text(text, "utf-8")


if __name__ == "__main__":  # python -m tests.panel: refresh docs/scoring.md (MMEVAL_CATALOG unset)
    write_docs(Path(__file__).parent.parent / "docs" / "scoring.md")
