"""Numbers as people type them: "$2,000", "2.000 €", "1,5", "2k", "two thousand", "a year and a half".

The separator rule (docs/answers.md): a comma or dot followed by exactly three digits, and no more
digits, groups thousands, as does a space before exactly three digits ("2 000"); any other comma
or dot is the decimal mark. ",000" is a problem; money under $100 read from "1,5" or "2,0000" is
asked back. Digits are 0-9 only.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from typing import NamedTuple

from mmeval.person.reading import (
    Reading,
    not_stated,
    number_text,
    out_of_bounds,
    plain,
    problem,
    says,
    too_low,
    unsure,
)

_SMALL = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
SMALL = {w: n for n, w in enumerate(f"{_SMALL} sixteen seventeen eighteen nineteen".split())}
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
TENS = {w: n for n, w in zip(range(20, 100, 10), _TENS.split(), strict=True)}
SCALES = {"hundred": 100.0, "thousand": 1e3, "k": 1e3, "grand": 1e3, "million": 1e6, "mil": 1e6, "mn": 1e6}

# Unit words: (what they measure, how many of the reader's unit one is)
UNITS: dict[str, tuple[str, float]] = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "hs"), ("hours", 1.0)),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), ("hours", 1 / 60)),
    **dict.fromkeys(("m", "mo", "mos", "mon", "mth", "mths", "month", "months"), ("months", 1.0)),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), ("months", 12.0)),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), ("months", 12 / 52)),
    **dict.fromkeys(("d", "day", "days"), ("months", 12 / 365)),
}
# Money: symbols and words, by the currency's name. Only US dollars are budgets today.
USD = "US dollars"
CURRENCIES: dict[str, str] = {
    **dict.fromkeys(("$", "usd", "dollar", "dollars", "bucks"), USD),
    **dict.fromkeys(("€", "eur", "euro", "euros"), "euros"),
    **dict.fromkeys(("£", "gbp", "pound", "pounds", "quid"), "pounds"),
    **dict.fromkeys(("¥", "jpy", "yen"), "yen"),
    **dict.fromkeys(("₹", "inr", "rupee", "rupees", "rs"), "rupees"),
    **dict.fromkeys(("cny", "rmb", "yuan"), "yuan"),
    **dict.fromkeys(("chf", "franc", "francs"), "Swiss francs"),
    **dict.fromkeys(("peso", "pesos", "mxn"), "pesos"),
    **dict.fromkeys(("₩", "krw", "won"), "won"),
    **dict.fromkeys(("kr", "sek", "nok", "dkk", "kronor", "krona", "krone", "kroner"), "kronor"),
    **{"cad": "Canadian dollars", "aud": "Australian dollars", "nzd": "New Zealand dollars"},
    **{"hkd": "Hong Kong dollars", "sgd": "Singapore dollars", "zar": "rand", "brl": "reais"},
}
# A word glued before "$", or before "dollars": "C$", "AU$", "canadian dollars"
DOLLAR_PREFIXES = {
    **dict.fromkeys(("us", "american"), USD),
    **dict.fromkeys(("c", "ca", "can", "canadian"), "Canadian dollars"),
    **dict.fromkeys(("a", "au", "aus", "australian"), "Australian dollars"),
    **dict.fromkeys(("nz", "kiwi"), "New Zealand dollars"),
    **dict.fromkeys(("hk",), "Hong Kong dollars"),
    **dict.fromkeys(("s", "sg", "singapore"), "Singapore dollars"),
    **dict.fromkeys(("r", "mx", "mex"), "reais or pesos"),
}
RANGE_MARKS = frozenset(("-", "to", "or", "till", "until", "through", "thru", "/", "~", "between"))
TOKEN = re.compile(
    r"(?P<num>[0-9]{1,3}(?: [0-9]{3})+(?![0-9])|[0-9]+(?:[.,][0-9]+)*|[.,][0-9]+)"  # "2 000", "1,5", ".5"
    r"|(?P<word>[a-z]+)|(?P<sym>\S)"
)


class Tok(NamedTuple):
    kind: str  # "num", "word" or "sym"
    text: str
    value: float = 0.0
    glued: bool = False  # no space before it: the "h" of "5h", the "2" of "$2"


class Quantity(NamedTuple):
    value: float
    unit: str  # a key of UNITS or CURRENCIES, or ""
    negative: bool
    joined: str  # to the quantity before it: "" (first), "and", or "range" ("5-6", "5 to 6")


def decimal(text: str) -> float | None:
    """A number in digits under the separator rule: "2,000" -> 2000, "1,5" -> 1.5; None if malformed."""
    text = text.replace(" ", "")  # "2 000": a space between digit groups
    runs = re.split(r"([.,])", "0" + text if text[0] in ".," else text)
    whole, fraction = runs[0], ""
    for i in range(1, len(runs), 2):
        part = runs[i + 1]
        if fraction:
            return None  # a comma or dot after the decimal mark: "1.5.3"
        if len(part) == 3 and whole != "0":
            whole += part  # thousands: "2,000", "2.000", "1,234,567"
        else:
            fraction = part  # the decimal mark: "1,5", "1.25", "0.500"
    return float(f"{whole}.{fraction or 0}")


def normal(text: str) -> str:
    """Lower case, one kind of dash, no apostrophes; "twenty-five" as "twenty five"."""
    text = re.sub("[\u2010-\u2015\u2212]", "-", text.lower()).replace("'", "").replace("\u2019", "")
    return re.sub(r"(?<=ty)-(?=[a-z])", " ", text)  # only after a tens word: "years-in 6" is a range


def tokens(text: str, scales: dict[str, float] = SCALES) -> list[Tok]:
    """Numbers (digits or words, with their scale: "2k", "two thousand"), words and symbols."""
    raw: list[Tok] = []
    end = -1
    for m in TOKEN.finditer(normal(text)):
        kind = m.lastgroup or "sym"
        value = decimal(m.group()) if kind == "num" else 0.0
        if value is None:
            kind = "bad"  # "1.5.3": not a number, and not to be skipped either
        raw.append(Tok(kind, m.group(), value or 0.0, m.start() == end))
        end = m.end()
    out: list[Tok] = []
    i = 0
    while i < len(raw):
        tok = raw[i]
        if tok.kind == "word" and (found := _word_number(raw, i)) is not None:
            tok, i = found[0]._replace(glued=tok.glued), found[1]
        else:
            i += 1
        out.append(tok)
    return _scaled(out, scales)


def _word_number(toks: list[Tok], i: int) -> tuple[Tok, int] | None:
    """A number in words at toks[i], and where it ends: "two thousand five hundred", "one and a
    half", "half a" (year), "a" (before a unit or scale: "a year", "a thousand")."""

    def word(j: int) -> str:
        return toks[j].text if j < len(toks) and toks[j].kind == "word" else ""

    first, after = word(i), word(i + 1)
    if first in ("a", "an"):
        if after == "half":
            return Tok("num", "half", 0.5), i + 2
        wanted = after in UNITS or after in CURRENCIES or after in SCALES
        return (Tok("num", first, 1.0), i + 1) if wanted else None
    if first == "half":
        return Tok("num", "half", 0.5), i + 1 + (after in ("a", "an"))
    total = current = 0.0
    last, j = "", i
    while w := word(j):
        if w in SMALL and (last in ("", "hundred", "scale", "and") or (last == "tens" and 0 < SMALL[w] < 10)):
            current, last = current + SMALL[w], "small"
        elif w in TENS and last in ("", "hundred", "scale", "and"):
            current, last = current + TENS[w], "tens"
        elif w == "hundred" and last in ("small", "tens"):
            current, last = current * 100, "hundred"
        elif w in ("thousand", "million") and last in ("small", "tens", "hundred"):
            total, current, last = total + current * SCALES[w], 0.0, "scale"
        elif w == "and" and last in ("hundred", "scale") and (word(j + 1) in SMALL or word(j + 1) in TENS):
            last = "and"
        elif w == "and" and last and (word(j + 1) == "half" or (word(j + 1), word(j + 2)) == ("a", "half")):
            j += 2 if word(j + 1) == "half" else 3
            current += 0.5
            break
        else:
            break
        j += 1
    return (Tok("num", " ".join(t.text for t in toks[i:j]), total + current), j) if j > i else None


def _scaled(toks: list[Tok], scales: dict[str, float]) -> list[Tok]:
    """Digits times a scale word after them ("2k", "1.5 million"), and "1 and a half" as 1.5."""
    out: list[Tok] = []
    for tok in toks:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "num" and tok.kind == "word" and tok.text in scales:
            out[-1] = prev._replace(value=prev.value * scales[tok.text], text=f"{prev.text}{tok.text}")
        elif (
            tok.kind == "num"
            and tok.text == "half"
            and len(out) >= 2
            and out[-1].text == "and"
            and out[-2].kind == "num"
            and out[-2].text != "half"
        ):
            out.pop()
            out[-1] = out[-1]._replace(value=out[-1].value + 0.5)
        else:
            out.append(tok)
    return out


def quantities(toks: list[Tok]) -> list[Quantity]:
    """The numbers in toks, each with the unit after it, its sign and how it joins the one before."""
    out: list[Quantity] = []
    since: list[str] = []  # the words and symbols since the last number
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind != "num":
            since.append(tok.text)
            i += 1
            continue
        value, unit, i = tok.value, "", i + 1
        if i < len(toks) and toks[i].kind != "num" and (toks[i].text in UNITS or toks[i].text in CURRENCIES):
            unit, i = toks[i].text, i + 1
            if toks[i : i + 2] and [t.text for t in toks[i : i + 2]] == ["and", "half"] and unit in UNITS:
                value, i = value + 0.5, i + 2  # "a year and a half"
        negative = not out and bool({"-", "minus", "negative"} & set(since[-2:]))
        joined = "" if not out else "range" if RANGE_MARKS & set(since) else "and"
        out.append(Quantity(value, unit, negative, joined))
        since = []
    if len(out) > 1 and out[1].joined == "and" and "between" in " ".join(t.text for t in toks):
        out[1] = out[1]._replace(joined="range")  # "between 5 and 6"
    return out


def currencies(toks: list[Tok]) -> set[str]:
    """The currencies toks name: "$" and "dollars" are US dollars, but not "C$" or "canadian dollars"."""
    found: set[str] = set()
    for k, tok in enumerate(toks):
        name = CURRENCIES.get(tok.text) if tok.kind != "num" else None
        before = toks[k - 1] if k else None
        if name == USD and before is not None and before.kind == "word" and (tok.glued or tok.text != "$"):
            name = DOLLAR_PREFIXES.get(before.text, name)
        if name:
            found.add(name)
    return found


# "5 hours a week", "5 h/week", "2 hours a day": the period an amount is per, and hours a week per hour
PER = re.compile(
    r"(?:\b(?:a|an|per|each|every)\s+|/\s*)(week|wk|w|day|d|night|evening|month|mo|year|yr"
    r"|course|class|semester|term)s?\b|\b(weekly|daily|nightly|monthly|yearly|annually)\b"
)
PER_WEEK = {"w": 1.0, "d": 7.0, "n": 7.0, "e": 7.0, "m": 12 / 52, "y": 1 / 52, "a": 1 / 52}
NO_BUDGET = ("no limit", "none", "no budget", "unlimited", "no max", "no maximum", "no cap",
             "employer pays", "company pays", "work pays", "employer will pay", "company will pay",
             "paid by my employer", "paid by my company", "sponsored", "doesnt matter")  # fmt: skip
NO_DEADLINE = ("no deadline", "none", "no rush", "no hurry", "whenever", "any time", "anytime",
               "no limit", "no time limit", "unlimited", "doesnt matter", "no end date")  # fmt: skip


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _start(answer: object, key: str, echo: Callable[[float], str]) -> Reading[float] | str:
    """The reading of an answer that needs no parsing (blank, a number from a profile file, a
    wrong type, a digit mmeval does not read), or the text to parse."""
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return not_stated()
    if isinstance(answer, bool) or not isinstance(answer, int | float | str):
        return problem(f"{_shown(repr(answer))}: expected a number")
    if not isinstance(answer, str):
        try:
            value = float(answer) + 0.0  # -0.0 is 0
        except OverflowError:  # an integer too large for a float
            value = float("inf")
        trouble = out_of_bounds(value, key) if math.isfinite(value) else "must be a finite number"
        return problem(f"{_shown(str(answer))}: {trouble}") if trouble else Reading(value, echo(value))
    if odd := next((c for c in answer if c.isnumeric() and not c.isascii()), None):
        return problem(f"{_shown(answer)}: '{odd}' is not a digit mmeval reads; type numbers with 0-9")
    return answer


def _scan(text: str, scales: dict[str, float] = SCALES) -> list[Quantity] | Reading[float]:
    """The quantities in text, or a problem naming a malformed number ("1.5.3")."""
    toks = tokens(text, scales)
    if bad := [t.text for t in toks if t.kind == "bad"]:
        return problem(f"{_shown(text)}: '{bad[0]}' is not a number (one decimal mark at most)")
    if lead := [t.text for t in toks if t.kind == "num" and re.match(r"[.,][0-9]{3}(?![0-9])", t.text)]:
        return problem(
            f"{_shown(text)}: '{lead[0]}' starts with a separator; write the whole number, e.g. 2,000"
        )
    return quantities(toks)


def _odd_cents(text: str, toks: list[Tok]) -> Reading[float] | None:
    """A problem for an amount of money that reads as an implausible budget only because of its
    decimal mark: "2,0000" ($2, or 20,000?), "1,5" ($1.50, or 1,500?). None when there is none."""
    for tok in toks:
        mark = re.fullmatch(r"([0-9]*)[.,]([0-9]+)", tok.text) if tok.kind == "num" else None
        if mark is None or len(mark.group(2)) in (2, 3) or not 0 < tok.value < 100:
            continue
        if len(mark.group(2)) == 1:
            other = f"{number_text(tok.value * 1000)} or {dollars(tok.value)}"
            return problem(f"{_shown(text)}: which one? {other}? say the whole amount")
        grouped = number_text(float(mark.group(1) + mark.group(2)))
        why = "a comma or dot groups exactly three digits"
        return problem(f"{_shown(text)}: which one? {grouped} or {number_text(tok.value)}? ({why})")
    return None


def _amount(
    text: str, qs: list[Quantity], key: str, measure: str, echo: Callable[[float], str]
) -> Reading[float]:
    """The one amount qs say, in the measure's unit ("1 year 6 months" adds up), within the bounds."""
    shown = _shown(text)
    units = [UNITS.get(q.unit, (measure, 1.0)) if q.unit not in CURRENCIES else ("money", 1.0) for q in qs]
    if any(q.negative for q in qs):
        return problem(f"{shown}: {too_low(key)}")
    if len(qs) > 1 and not (
        all(q.joined == "and" and q.unit for q in qs[1:])
        and qs[0].unit
        and all(u[0] == measure for u in units)
        and all(a[1] > b[1] for a, b in itertools.pairwise(units))
    ):
        return problem(f"{shown}: which one? say a single number, e.g. {number_text(qs[0].value)}")
    if foreign := [q for q, u in zip(qs, units, strict=True) if u[0] != measure]:
        example = {"money": "$2,000", "hours": "5 hours a week", "months": "18 months"}[measure]
        return problem(f"{shown}: '{foreign[0].unit}' is not {measure}; say for example {example}")
    value = sum(q.value * u[1] for q, u in zip(qs, units, strict=True)) + 0.0
    if trouble := out_of_bounds(value, key):
        return problem(f"{shown}: {trouble}")
    return Reading(value, echo(value))


def dollars(value: float) -> str:
    return f"${number_text(value)}" if value == int(value) else f"${value:,.2f}"


def read_budget(answer: object) -> Reading[float]:
    """The total budget in US dollars: "$2,000", "2k", "two thousand dollars"; "no limit" -> None."""
    if not isinstance(text := _start(answer, "budget_usd", dollars), str):
        return text
    scales = {**SCALES, "m": 1e6}  # "$1.5m"; elsewhere "18m" is months
    if not isinstance(qs := _scan(text, scales), list):
        return qs
    if not qs:
        if unsure(text):
            return not_stated()
        if says(plain(text), NO_BUDGET):
            return Reading(None, "no budget limit")
        if says(plain(text), ("free", "free only", "no money")):
            return Reading(0.0, "$0 (free options only)")
        return problem(f"{_shown(text)}: no amount found; say a number such as $2,000, or 'no limit'")
    if others := sorted(currencies(tokens(text, scales)) - {USD}):
        return problem(
            f"{_shown(text)}: that is in {' and '.join(others)}; mmeval compares budgets in US dollars,"
            " so please give the amount in USD"
        )
    if per := PER.search(normal(text)):
        period = per.group(1) or per.group(2)
        return problem(f"{_shown(text)}: say the whole budget in US dollars, not an amount per {period}")
    if odd := _odd_cents(text, tokens(text, scales)):
        return odd
    return _amount(text, qs, "budget_usd", "money", dollars)


def hours_a_week(value: float) -> str:
    return f"{number_text(value)} {'hour' if value == 1 else 'hours'} a week"


def read_hours(answer: object) -> Reading[float]:
    """Hours a week to study: "5", "5 h/week", "five hours a week", "1,5"; "2 hours a day" is 14."""
    if not isinstance(text := _start(answer, "hours_per_week", hours_a_week), str):
        return text
    said = normal(text)
    per = PER.search(said)
    if not isinstance(qs := _scan(PER.sub(" ", said)), list):
        return qs
    if not qs:
        if unsure(text):
            return not_stated()
        return problem(f"{_shown(text)}: no number of hours found; say a number such as 5 or 5 hours a week")
    factor = PER_WEEK.get((per.group(1) or per.group(2))[0], 0.0) if per else 1.0
    if not factor:
        return problem(f"{_shown(text)}: say hours a week, not per {per.group(1) if per else 'period'}")
    reading = _amount(
        text, [q._replace(value=q.value * factor) for q in qs], "hours_per_week", "hours", hours_a_week
    )
    if factor != 1 and reading.value is not None:
        reading = Reading(reading.value, f"{reading.understood} ({_shown(said)})")
    return reading


def months_text(value: float) -> str:
    return f"{number_text(value)} {'month' if value == 1 else 'months'}"


def read_months(answer: object) -> Reading[float]:
    """Months by which to finish: "18", "1.5 years", "1 year 6 months"; "no deadline" -> None."""
    if not isinstance(text := _start(answer, "months", months_text), str):
        return text
    if not isinstance(qs := _scan(text), list):
        return qs
    if not qs:
        if unsure(text):
            return not_stated()
        if says(plain(text), NO_DEADLINE):
            return Reading(None, "no deadline")
        return problem(f"{_shown(text)}: say how many months from now, e.g. 12 months or 1.5 years")
    if len(qs) == 1 and not qs[0].unit and qs[0].value.is_integer() and 1900 <= qs[0].value <= 2200:
        return problem(f"{_shown(text)}: that looks like a year; say how many months from now, e.g. 12")
    return _amount(text, qs, "months", "months", months_text)
