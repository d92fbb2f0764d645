"""RELEVANCE: how far a program is in the person's fields (career change: the field to move into;
upskill: the field they work in). docs/scoring.md, "2. Relevance"."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mmeval.vocabulary import near


def matched(primary: str, secondary: Iterable[str], fields: Iterable[str]) -> list[str]:
    """The person's fields a program's secondary subjects cover, where its primary subject is
    next to that field (vocabulary.FIELD_GROUPS)."""
    return sorted({f for f in fields if f in set(secondary) and near(primary, f)})


def relevance_points(primary: str, secondary: Iterable[str], fields: Iterable[str]) -> tuple[float, str]:
    """100 when a chosen field is the primary subject; 50 when it is a secondary subject and the
    primary subject is next to it; else 0; and why."""
    wanted = list(fields)
    if primary in wanted:
        return 100.0, f"primary subject {primary}"
    if both := matched(primary, secondary, wanted):
        return 50.0, f"secondary subject {', '.join(both)}, next to its primary subject {primary}"
    return 0.0, "none of your fields"


def tier(subjects: Sequence[str], fields: Iterable[str]) -> int | None:
    """0 when the program is about one of the fields (its primary subject, or the person named
    none); 1 when it covers one next to its primary subject; None when it is outside them."""
    wanted = list(fields)
    if not wanted or subjects[0] in wanted:
        return 0
    return 1 if matched(subjects[0], subjects[1:], wanted) else None


def in_field(subjects: Sequence[str], fields: Iterable[str]) -> bool:
    """Whether a program (its primary subject first) is in the person's fields; every program
    is when the person named none."""
    return tier(subjects, fields) is not None
