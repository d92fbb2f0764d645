"""PATHWAYS: every credit pathway of a program, and the MicroMasters vs master's vs MBA view."""

from __future__ import annotations

from mmeval.decision.bounds import cost_bounds
from mmeval.money import amount, bounds_text, to_usd
from mmeval.money import dated as _usd
from mmeval.planning.records import DegreeOption, PathwayReport, PathwayView
from mmeval.program.effort import span
from mmeval.program.schema import Pathway, Program

KIND_LABELS = {"master": "master's", "mba": "MBA", "other": "other degree", "admission": "admission route"}
CREDENTIALS = {
    "micromasters": ("This MicroMasters", "MicroMasters program certificate; not a degree"),
    "mastertrack": ("This MasterTrack", "MasterTrack certificate; not a degree"),
    "microcredential": ("This microcredential", "microcredential; not a degree"),
    "graduate-certificate": ("This graduate certificate", "graduate certificate; not a degree"),
    "other": ("This program", "not a degree"),
}
PATHWAY_CAVEAT = (
    "Credit usually counts only at the listed institution, only after you are admitted there,"
    " and is not guaranteed."
)
UNKNOWN = "unknown"


def _view(p: Pathway) -> PathwayView:
    share, basis = p.credit_fraction, p.fraction_basis
    if share is None and p.credit_amount and p.degree_credits:
        share = min(1.0, p.credit_amount / p.degree_credits)
        basis = f"computed: {p.credit_amount:g} of {p.degree_credits:g} credits"
    elif share is not None and basis is None:
        basis = "stated"
    left = None
    if p.credit_amount is not None and p.degree_credits is not None and p.degree_credits >= p.credit_amount:
        left = p.degree_credits - p.credit_amount
    # a pathway read back from the catalog cache is plain data: the model validates it again
    stated = p.plain_data() if hasattr(p, "plain_data") else p
    return PathwayView(pathway=stated, share=share, share_basis=basis, remaining_credits=left)


def _facts(v: PathwayView) -> int:
    """How many degree facts a pathway states: the side-by-side shows the best-documented one."""
    p = v.pathway
    stated = (p.degree_cost_usd, p.remaining_cost_usd, p.degree_months_min or p.degree_duration)
    return sum(x is not None for x in (*stated, p.delivery, p.remaining, v.share, p.degree))


def _program_option(program: Program) -> DegreeOption:
    label, credential = CREDENTIALS[program.credential]
    t = program.time
    total = cost_bounds(program)
    cost = UNKNOWN if total is None else bounds_text(total)
    months = span(t.months_min, t.months_max, "months") if t else None
    hours = span(t.hours_min, t.hours_max, "h/week") if t else None
    time = ", ".join(x for x in (months, hours) if x) or UNKNOWN
    if months is None and hours is not None:
        time = f"length not stated; {hours}"
    pacing = t.pacing if t and t.pacing else "pacing not stated"
    return DegreeOption(
        label=label,
        institution=program.university,
        cost=cost,
        time=time,
        flexibility=f"online ({program.platform}); {pacing}",
        credential=credential,
        credit="n/a",
        remaining="n/a",
    )


def _pathway_option(kind: str, views: list[PathwayView], program: Program) -> DegreeOption:
    label = {"master": "Master's", "mba": "MBA"}[kind]
    found = [(i, v) for i, v in enumerate(views) if v.pathway.kind == kind]
    if not found:
        return DegreeOption(
            label=label,
            cost=UNKNOWN,
            time=UNKNOWN,
            flexibility=UNKNOWN,
            credential=UNKNOWN,
            credit=UNKNOWN,
            remaining=UNKNOWN,
        )
    i, v = max(found, key=lambda f: (_facts(f[1]), -f[0]))
    p = v.pathway
    costs = []
    if p.degree_cost_usd is not None:
        costs.append(f"whole degree {_usd(p.degree_cost_usd, p.degree_cost_as_of)}")
    if p.remaining_cost_usd is not None:
        costs.append(f"after the credit {_usd(p.remaining_cost_usd, p.remaining_cost_as_of)}")
        total = cost_bounds(program)
        usd = to_usd(total.low, total.currency) if total is not None else None
        if usd is not None:
            more = "" if total is not None and total.high == total.low else " or more"
            costs.append(f"this program + the rest {amount(usd[0] + p.remaining_cost_usd)}{more} (computed)")
    credit = UNKNOWN
    if v.share is not None:
        credit = f"{v.share:.0%} of the degree"
    elif p.credit_amount is not None:
        credit = f"{p.credit_amount:g} {p.credit_unit or 'credits'}"
    remaining = p.remaining or UNKNOWN
    if p.remaining is None and v.remaining_credits is not None:
        remaining = f"{v.remaining_credits:g} {p.degree_credits_unit or 'credits'} (computed)"
    return DegreeOption(
        label=label,
        institution=p.institution,
        pathway_index=i,
        cost="; ".join(costs) or UNKNOWN,
        time=p.degree_duration or span(p.degree_months_min, p.degree_months_max, "months") or UNKNOWN,
        flexibility=p.delivery or UNKNOWN,
        credential=p.degree or f"{KIND_LABELS[kind]} (degree name not stated)",
        credit=credit,
        remaining=remaining,
    )


def pathway_report(program: Program) -> PathwayReport:
    """Every credit pathway with its share and what remains, and a side-by-side with the degrees."""
    views = [_view(p) for p in program.pathways or ()]
    status = "unknown" if program.pathways is None else "listed" if views else "none"
    options = (_program_option(program), *(_pathway_option(k, views, program) for k in ("master", "mba")))
    how = "shares only from stated credits; the best-documented pathway of each kind is compared"
    return PathwayReport(
        program_id=program.id,
        program_name=program.name,
        university=program.university,
        reviewed=program.reviewed,
        status=status,
        pathways=tuple(views),
        options=options,
        caveat=PATHWAY_CAVEAT,
        assumptions=f"figures as the catalog states them (entry reviewed {program.reviewed}); {how}.",
    )
