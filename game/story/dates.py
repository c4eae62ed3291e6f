"""Dates the way the game's readers say them: '21 August 1968' in English, '21. srpna 1968' in Czech.

The one place every front end and export (TUI, plain mode, handouts, transcripts) takes its dates from.
English is written here, so its output never depends on a library's data; every other language is
Babel's (CLDR's) long, medium and full formats, so Slovak or any language Babel knows needs no code.
The caller says the language (the exports pass the interface's, :func:`game.i18n.interface.language`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from functools import cache

ENGLISH = "en"


def long_date(day: dt.date, lang: str = ENGLISH) -> str:
    """1968-08-21 → '21 August 1968' ('21. srpna 1968' in Czech)."""
    locale = _babel_locale(lang)
    if locale is None:
        return f"{day.day} {day:%B} {day.year}"
    from babel.dates import format_date

    return format_date(day, "long", locale=locale)


def short_date(day: dt.date, lang: str = ENGLISH) -> str:
    """1968-08-21 → '21 Aug 1968' ('21. 8. 1968' in Czech)."""
    locale = _babel_locale(lang)
    if locale is None:
        return f"{day.day} {day:%b} {day.year}"
    from babel.dates import format_date

    return format_date(day, "medium", locale=locale)


def weekday_date(day: dt.date, lang: str = ENGLISH) -> str:
    """1968-08-21 → 'Wednesday, 21 August 1968' ('středa 21. srpna 1968' in Czech)."""
    locale = _babel_locale(lang)
    if locale is None:
        return f"{day:%A}, {long_date(day)}"
    from babel.dates import format_date

    return format_date(day, "full", locale=locale)


def date_range(start: dt.date, end: dt.date, *, short: bool = False, lang: str = ENGLISH) -> str:
    """A single day, or a range said as briefly as it reads well: '20–21 August 1968' ('20.–21. srpna 1968')."""
    locale = _babel_locale(lang)
    if locale is not None:
        return _range_in(start, end, short=short, locale=locale)
    fmt = short_date if short else long_date
    if start == end:
        return fmt(start)
    month = "%b" if short else "%B"
    if start.year == end.year and start.month == end.month:
        return f"{start.day}–{end.day} {end:{month}} {end.year}"
    if start.year == end.year:
        return f"{start.day} {start:{month}} – {end.day} {end:{month}} {end.year}"
    return f"{fmt(start)} – {fmt(end)}"


def _range_in(start: dt.date, end: dt.date, *, short: bool, locale: str) -> str:
    """A range in a language Babel formats.

    Where the language writes the day first ('21. srpna 1968'), the range shares the month and year
    as in English ('20.–21. srpna 1968', '20. srpna – 1. září 1968'); CLDR's own interval formats give
    Czech numbers only ('20.–21. 8. 1968'), which is the short form. Other languages get CLDR's intervals.
    """
    from babel.dates import format_date, format_interval, format_skeleton

    width = "medium" if short else "long"
    if start == end:
        return format_date(start, width, locale=locale)
    if short or not _day_first(locale):
        return format_interval(start, end, "yMMMd" if short else "yMMMMd", locale=locale)
    last = format_date(end, "long", locale=locale)
    if start.year == end.year and start.month == end.month:
        return f"{format_skeleton('d', start, locale=locale)}–{last}"
    if start.year == end.year:
        return f"{format_skeleton('MMMMd', start, locale=locale)} – {last}"
    return f"{format_date(start, 'long', locale=locale)} – {last}"


@cache
def _babel_locale(lang: str) -> str | None:
    """The language for Babel, or None for English (ours) and for a code Babel does not know (English too)."""
    if not lang or lang == ENGLISH or lang.startswith(f"{ENGLISH}_"):
        return None
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    return lang


@cache
def _day_first(locale: str) -> bool:
    from babel import Locale

    return Locale.parse(locale).date_formats["long"].pattern.lstrip().startswith("d")


def from_iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def saved_when(
    timestamp: float, now: float | None = None, lang: str = ENGLISH, words: Callable[[str], str] | None = None
) -> str:
    """When a save was made, in the player's local time: 'today 14:03', 'yesterday 09:12', '3 Nov 2025 14:03'.

    In another language ('dnes 14:03', 'včera 09:12', '3. 11. 2025 14:03') the caller passes the
    interface's gettext as ``words`` (the story layer imports no translation code) and the date is
    Babel's; English imports neither.
    """
    _ = words or _as_written  # named _ so that the interface's extractor finds the words below
    if timestamp <= 0:
        return _("unknown time")
    now = time.time() if now is None else now
    moment = dt.datetime.fromtimestamp(timestamp)
    today = dt.datetime.fromtimestamp(now).date()
    clock = f"{moment:%H:%M}"
    if moment.date() == today:
        return _("today {clock}").format(clock=clock)
    if moment.date() == today - dt.timedelta(days=1):
        return _("yesterday {clock}").format(clock=clock)
    return _("{date} {clock}").format(date=short_date(moment.date(), lang), clock=clock)


def _as_written(message: str) -> str:
    return message
