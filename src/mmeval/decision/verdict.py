"""VERDICT: the answer to "should I study one, and which?" (docs/scoring.md, "5. The verdict").

- go: a program in the person's field fits every limit they gave on stated facts, and they meet
  its stated math (or its own first course teaches it); "go, after checking X" when the pick's
  one unknown is the only gap and no stated-fact program of similar merit fits;
- not yet: one would fit after one small, named change (more hours a week, a later deadline, a
  larger budget, or math to review first);
- consider something else: nothing in the field fits even after a small change: the nearest
  option and the smallest change that would make it fit, free routes, and for degree goals the
  direct route.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mmeval.decision.advice import Option, option, teaching_course
from mmeval.decision.choice import choose, nearness, pools, stated_rival, tied_with
from mmeval.decision.criteria import DEGREE_GOALS
from mmeval.decision.doubts import pick_notes
from mmeval.decision.wording import (
    change_words,
    common_lines,
    flagged,
    headline_notes,
    limits_text,
    name,
    steps,
)
from mmeval.results.records import Profile, ProgramResult, Verdict

if TYPE_CHECKING:
    from mmeval.decision.rank import Context

LOOK = 200  # rows the verdict weighs (in rank order): the nearest option is among them


def _go(go: list[Option], check: list[Option], profile: Profile, context: Context, today: dt.date) -> Verdict:
    best = go[0] if go else None
    pick = choose(go, check, context, today)
    pool = go if pick.standing == "go" else check
    checking = pick.checks if pick.standing == "check" else ()
    tie = tied_with(pick, pool[:3], context, today)
    limits = limits_text(profile)
    fits = f"fits {limits}" if limits else "matches you best"
    after = f", after checking {' and '.join(checking)}" if checking else ""
    if tie is not None:
        both = f"both fit {limits}" if limits and not checking else "both match you"
        head = f"Go{after}: {name(pick)} or {name(tie)}: too close to call on known facts; {both}."
    elif checking and limits:
        head = (
            f"Go, after checking {' and '.join(checking)}: {name(pick)}; nothing stated rules it out"
            f" for {limits}."
        )
    elif checking:
        head = f"Go, after checking {' and '.join(checking)}: {name(pick)} matches you best."
    else:
        head = f"Go: {name(pick)} {fits}."
    notes = pick_notes(pick.facts, today)
    if tie is None:
        head += headline_notes(notes)
    else:
        head += headline_notes(notes, pick.id) + headline_notes(pick_notes(tie.facts, today), tie.id)
    taken = (pick.id, tie.id if tie else "")
    others = [o for o in go if o.id not in taken and not (checking and o is best) and not o.facts.doubt][:2]
    lines = common_lines(pick, others, profile, context, today)
    if checking and best is not None:
        lines.append(f"With every limit met on stated facts: {flagged(best, today)}.")
    return Verdict(
        kind="go",
        headline=head,
        lines=tuple(lines),
        picks=tuple(dict.fromkeys([pick.id, *([tie.id] if tie else []), *(o.id for o in others)])),
        check=checking,
        tie=(pick.id, tie.id) if tie else (),
        notes=notes,
    )


def _not_yet(small: list[Option], profile: Profile, context: Context, today: dt.date) -> Verdict:
    pick = small[0]
    moves = pick.change.steps if pick.change else ()
    if moves:
        limit, old, new = moves[0]
        reason = next((lim.note for lim in pick.row.limits if lim.limit == limit and lim.fit != "fits"), "")
        at = {"hours": f"at {old:g} h/week", "months": f"within {old:g} months", "budget": f"at ${old:,.0f}"}[
            limit
        ]
        then = {
            "hours": f"at {new:g} h/week",
            "months": f"with {new:g} months",
            "budget": f"with ${new:,.0f}",
        }[limit]
        head = f"Not yet {at}: {name(pick)}: {reason}; {then} it fits."
    else:
        limits = limits_text(profile)
        fits = f"fits {limits}" if limits else "fits"
        head = f"Not yet: review {', '.join(pick.gap)} first; then {name(pick)} {fits}."
    lines: list[str] = []
    for topic in pick.gap:
        course = teaching_course(topic, pick.facts, profile, context.facts)
        lines.append(
            f"{topic}: "
            + (f"{course} teaches it." if course else "no course in the catalog states it teaches it.")
        )
    lines += common_lines(pick, [], profile, context, today)
    notes = pick_notes(pick.facts, today)
    return Verdict(
        kind="not-yet",
        headline=head + headline_notes(notes),
        lines=tuple(lines),
        picks=(pick.id,),
        change=steps(pick),
        notes=notes,
    )


def _consider(options: list[Option], profile: Profile, context: Context, today: dt.date) -> Verdict:
    from mmeval.decision.advice import credit_route

    movable = [o for o in options if o.change is not None]
    nearest = min(options, key=lambda o: nearness(o, profile))
    fields = "/".join(profile.fields) or "the catalog"
    limits = limits_text(profile)
    head = (
        f"Consider something else: nothing in {fields} fits {limits or 'you'} on stated facts,"
        " even after a small change."
    )
    if profile.goal in DEGREE_GOALS and not any(credit_route(o.facts, profile.goal) for o in options):
        target = "an MBA or a business master's" if profile.goal == "mba-path" else "a degree"
        where = f"no {fields} program" if profile.fields else "no program"
        head = f"Consider something else: {where} here states credit toward {target}."
    lines = [f"Nearest: {flagged(nearest, today)}: {change_words(nearest, profile)}."]
    if nearest.change is None and nearest.checks:
        lines[0] = f"Nearest: {flagged(nearest, today)}, if {' and '.join(nearest.checks)} turn out to fit."
    lines += [
        f"{lim.limit.capitalize()} ({nearest.id}): {lim.note}."
        for lim in nearest.row.limits
        if lim.fit != "fits"
    ]
    near = [o for o in sorted(options, key=lambda o: nearness(o, profile)) if o is not nearest]
    also = [o for o in near if o.change is not None and not o.facts.doubt][:2]
    if also:
        lines.append(
            "Also near: " + "; ".join(f"{flagged(o, today)}: {change_words(o, profile)}" for o in also) + "."
        )
    singles = [o for o in movable if o.change and len(o.change.steps) == 1 and not o.gap and not o.checks]
    if singles and nearest.change and len(nearest.change.steps) > 1:
        one = min(singles, key=lambda o: o.change.size if o.change else 0.0)
        lines.append(
            f"The smallest change to one limit: {change_words(one, profile)}, for {flagged(one, today)}."
        )
    free = [o for o in options if o.facts.free_audit][:3]
    if free:
        lines.append(
            "Free to audit now, paying only for a certificate later: " + ", ".join(o.id for o in free) + "."
        )
    if profile.goal in DEGREE_GOALS:
        lines.append(
            "If the degree is the aim, a master's or an (online) MBA applied to directly may serve"
            " better than a route here."
        )
    notes = pick_notes(nearest.facts, today)
    if notes:
        lines.insert(1, f"Before acting on it: {'; '.join(notes)}.")
    return Verdict(
        kind="consider-else",
        headline=head,
        lines=tuple(lines),
        picks=(nearest.id,),
        change=steps(nearest),
        notes=notes,
    )


def _nothing_ranked(profile: Profile, context: Context) -> Verdict:
    from mmeval.vocabulary import nearest_fields

    fields = "/".join(profile.fields)
    have = {s for f in context.facts.values() if f.availability != "retired" for s in f.subjects}
    if profile.fields and not set(profile.fields) & have:
        near = nearest_fields(profile.fields, have)
        return Verdict(
            kind="consider-else",
            headline=f"Consider something else: no program in this catalog is about {fields}.",
            lines=(f"Nearest fields with programs here: {', '.join(near)}.",) if near else (),
        )
    return Verdict(
        kind="consider-else",
        headline="Consider something else: no program here is left to rank for what you asked.",
        lines=(f"{len(context.excluded)} programs were left out (see below).",),
    )


def build_verdict(
    rows: Sequence[ProgramResult], profile: Profile, context: Context, today: dt.date | None = None
) -> Verdict:
    """Go, not yet, or consider something else, with the reasons from the data."""
    today = today or dt.date.today()
    if not rows:
        return _nothing_ranked(profile, context)
    options = [option(r, profile, context) for r in rows[:LOOK]]
    small_all = [o for o in options if o.standing == "small"]
    for pool in pools(options, profile):
        go = [o for o in pool if o.standing == "go"]
        check = [o for o in pool if o.standing == "check"]
        if not go and check and (rival := stated_rival(check[0], small_all, context, today)) is not None:
            return _not_yet([rival, *(o for o in small_all if o is not rival)], profile, context, today)
        if go or check:
            return _go(go, check, profile, context, today)
        small = [o for o in pool if o.standing == "small"]
        if small:
            return _not_yet(small, profile, context, today)
    return _consider(options, profile, context, today)
