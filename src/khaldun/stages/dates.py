"""Dates: explicit and relative expressions resolved against the publication date.

We resolve what dateparser cannot ("earlier in the day", "in the last 24 hours", weekdays as the
latest such day on or before publication) ourselves, and never infer a date after publication.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..rules.engine import load_pack

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
# full names, three-letter abbreviations and "sept"
MONTHS = {**{m: i for i, m in enumerate(MONTH_NAMES, 1)}, **{m[:3]: i for i, m in enumerate(MONTH_NAMES, 1)}, "sept": 9}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
# the patterns are declared in rules/packs/dates.toml; this module is their engine
DATES = load_pack("dates")
DAY_MONTH_RULE, MONTH_DAY_RULE, ISO_RULE = (DATES.by_id(f"when.{n}.v1") for n in ("day_month", "month_day", "iso"))
WEEKDAY_RULE = DATES.by_id("when.weekday.v1")
WEEKDAY = WEEKDAY_RULE.regex
IN_MONTH_RULE = DATES.by_id("when.in_month.v1")
LAST_MONTH_RULE = DATES.by_id("when.last_month.v1")
MONTH_ONLY = int(IN_MONTH_RULE.sets["precision"])  # a DateMention's precision when only its month is known
POST_DATE = DATES.by_id("chk.post_date.v1").regex  # the signature before an embedded post's date
FUTURE_BEFORE = DATES.by_id("chk.to_come.v1").regex
# the relative expressions: days from publication and precision (1 day, 2 week)
RELATIVE = [(r, int(r.sets["days"]), int(r.sets["precision"])) for r in DATES.group("relative")]


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets within the string searched
    end: int
    date: dt.date
    precision: int  # 1 day, 2 week, 3 month (ACLED's time_precision)
    rule: str = ""  # the id of the rule that read it (rules/packs/dates.toml)


def parse_publication_date(value: str) -> dt.date | None:
    """A publication date as given in metadata: ISO first, then dateparser (English only)."""
    value = value.strip()
    m = re.match(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    try:
        import dateparser

        parsed = dateparser.parse(value, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    except Exception:  # dateparser raises assorted errors on odd strings; treat all as "no date"
        return None
    return parsed.date() if parsed else None


# "in December 2014", "Dec. 6, 2014": a month the text itself places in a year
MONTH_YEAR = DATES.by_id("when.month_year.v1").regex


def stated_months(text: str) -> tuple[tuple[int, int], ...]:
    """The (year, month) pairs an article states outright, which place its bare "Dec. 6" in their year."""
    out = []
    for m in MONTH_YEAR.finditer(text):
        month = MONTHS.get(m.group("month").lower().rstrip("."))
        if month:
            out.append((int(m.group("year")), month))
    return tuple(dict.fromkeys(out))


def _infer_year(month: int, day: int, published: dt.date | None, stated: tuple[tuple[int, int], ...] = ()) -> dt.date | None:
    if published is None:
        return None
    # a story published long after its events ("in December 2014 ... the Dec. 6 shooting", told in 2016): a bare
    # day in or beside a month the text places in an earlier year is in that year
    for year, stated_month in stated:
        if year < published.year and abs((month - stated_month + 6) % 12 - 6) <= 1:
            target = year + (1 if month - stated_month < -6 else -1 if month - stated_month > 6 else 0)
            try:
                return dt.date(target, month, day)
            except ValueError:
                return None
    for year in (published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def _to_come(text: str, start: int) -> bool:
    """Whether the day at ``start`` is told as one to come ("a vigil is planned for Thursday")."""
    return FUTURE_BEFORE.search(text[max(0, start - 60) : start]) is not None


def _explicit(text: str, published: dt.date | None, stated: tuple[tuple[int, int], ...] = (),
              reference: dt.date | None = None) -> list[DateMention]:
    found: list[DateMention] = []
    for rule in (DAY_MONTH_RULE, MONTH_DAY_RULE, ISO_RULE):
        for m in rule.regex.finditer(text):
            month_text = m.group("month")
            month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
            day = int(m.group("day"))
            if not month or not 1 <= day <= 31:
                continue
            if month_text == "May" and rule is MONTH_DAY_RULE and m.start() > 0 and text[m.start() - 1] not in " (,":
                continue
            year = m.group("year")
            try:
                date = dt.date(int(year), month, day) if year else _infer_year(month, day, published or reference, stated)
            except ValueError:
                continue
            if date is None or (published and date > published + dt.timedelta(days=1)):
                continue
            if not year and _to_come(text, m.start()):
                continue  # "faces up to 21 years when he is sentenced Dec. 2": a day to come, not last year's
            if any(f.start <= m.start() < f.end for f in found):
                continue
            found.append(DateMention(m.start(), m.end(), date, 1, rule.id))
    return found


def latest_post_date(text: str) -> dt.date | None:
    """The latest day an embedded post was sent ("— Kalvor Monitor (@kalvormon) March 4, 2025"): a page whose
    publication date is unknown came out no earlier, and near it, which places its bare "3 March" in a year. (Any
    day written with its year would not do: "since the invasion on Feb. 24, 2022" says nothing of when a page
    came out.)"""
    days = [d.date for d in _explicit(text, None) if POST_DATE.search(text[max(0, d.start - 40) : d.start])]
    return max(days) if days else None


def _month_of(m: re.Match, published: dt.date | None, reference: dt.date | None) -> dt.date | None:
    """The 15th of the month an "in August" names: its year as written, else the latest such month before the
    publication's (a page of unknown date: on or before the month of the latest day it writes out)."""
    month = MONTHS.get(m.group("month").lower().rstrip("."))
    if not month:
        return None
    if m.group("year"):
        day = dt.date(int(m.group("year")), month, 15)
        return None if published and (day.year, day.month) > (published.year, published.month) else day
    if published is not None:
        if month == published.month:
            return None  # this month's, most likely: its 15th may lie after publication, and the day is unknown
        year = published.year if month < published.month else published.year - 1
    elif reference is not None:
        year = reference.year if month <= reference.month else reference.year - 1
    else:
        return None
    return dt.date(year, month, 15)


def find_dates(text: str, published: dt.date | None, stated: tuple[tuple[int, int], ...] = (),
               reference: dt.date | None = None) -> list[DateMention]:
    """Every date expression in ``text`` that resolves to a day (or to a month, precision 3), in text order;
    ``stated``: the (year, month) pairs the whole article states (``stated_months``); ``reference``: where the
    publication date is unknown, a day the page came out no earlier than (``latest_post_date``), which gives a
    bare day or month its year and nothing else."""
    found = _explicit(text, published, stated, reference)
    for m in IN_MONTH_RULE.regex.finditer(text):
        if any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
            continue
        month_day = _month_of(m, published, reference)
        if month_day is not None:
            found.append(DateMention(m.start(), m.end(), month_day, MONTH_ONLY, IN_MONTH_RULE.id))
    if published is not None:
        for m in LAST_MONTH_RULE.regex.finditer(text):
            if not any(f.start <= m.start() < f.end for f in found):
                before = published.replace(day=1) - dt.timedelta(days=1)
                found.append(DateMention(m.start(), m.end(), before.replace(day=15), MONTH_ONLY, LAST_MONTH_RULE.id))
    if published is not None:
        for m in WEEKDAY.finditer(text):
            if any(f.start <= m.start() < f.end for f in found):
                continue
            if (m.group("last") or "").lower() in ("since", "by", "until", "from"):
                continue
            if _to_come(text, m.start()):
                continue  # "a vigil is planned for Thursday": a day to come, not the day anything happened
            target = WEEKDAYS[m.group("weekday").lower()]
            back = (published.weekday() - target) % 7
            if (m.group("last") or "").lower() == "last" and back == 0:
                back = 7
            found.append(DateMention(m.start(), m.end(), published - dt.timedelta(days=back), 1, WEEKDAY_RULE.id))
        for rule, days, precision in RELATIVE:
            for m in rule.regex.finditer(text):
                if any(f.start <= m.start() < f.end for f in found):
                    continue
                found.append(DateMention(m.start(), m.end(), published + dt.timedelta(days=days), precision, rule.id))
    found.sort(key=lambda d: d.start)
    return found


SINCE = DATES.by_id("when.since.v1").regex


def find_since(text: str, published: dt.date | None) -> dt.date | None:
    """The start of a cumulative count: "since October 7", "starting on 7 October 2023"."""
    m = SINCE.search(text)
    if not m:
        return None
    dates = _explicit(m.group(0), published)
    return dates[0].date if dates else None
