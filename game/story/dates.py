"""Dates the way the game's readers say them: '21 August 1968', never 1968-08-21.

The one place every front end and export (TUI, plain mode, handouts, transcripts) takes its dates from.
"""

from __future__ import annotations

import datetime as dt
import time


def long_date(day: dt.date) -> str:
    """1968-08-21 → '21 August 1968'."""
    return f"{day.day} {day:%B} {day.year}"


def short_date(day: dt.date) -> str:
    """1968-08-21 → '21 Aug 1968'."""
    return f"{day.day} {day:%b} {day.year}"


def weekday_date(day: dt.date) -> str:
    """1968-08-21 → 'Wednesday, 21 August 1968'."""
    return f"{day:%A}, {long_date(day)}"


def date_range(start: dt.date, end: dt.date, *, short: bool = False) -> str:
    """A single day, or a range said as briefly as it reads well: '20–21 August 1968'."""
    fmt = short_date if short else long_date
    if start == end:
        return fmt(start)
    month = "%b" if short else "%B"
    if start.year == end.year and start.month == end.month:
        return f"{start.day}–{end.day} {end:{month}} {end.year}"
    if start.year == end.year:
        return f"{start.day} {start:{month}} – {end.day} {end:{month}} {end.year}"
    return f"{fmt(start)} – {fmt(end)}"


def from_iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def saved_when(timestamp: float, now: float | None = None) -> str:
    """When a save was made, in the player's local time: 'today 14:03', 'yesterday 09:12', '3 Nov 2025 14:03'."""
    if timestamp <= 0:
        return "unknown time"
    now = time.time() if now is None else now
    moment = dt.datetime.fromtimestamp(timestamp)
    today = dt.datetime.fromtimestamp(now).date()
    clock = f"{moment:%H:%M}"
    if moment.date() == today:
        return f"today {clock}"
    if moment.date() == today - dt.timedelta(days=1):
        return f"yesterday {clock}"
    return f"{short_date(moment.date())} {clock}"
