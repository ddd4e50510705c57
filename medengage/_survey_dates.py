"""
The day a survey closed, as analysts hold it: a date, an ISO date as text,
or a datetime or pandas Timestamp at midnight.
"""

from __future__ import annotations

import datetime as dt
import re

from medengage.errors import ValidationError


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_FORMS = (
    "give a datetime.date, an ISO date as text like '2024-10-31', or a "
    "datetime or pandas Timestamp at midnight"
)


def survey_date(value: object) -> dt.date:
    """
    The day *value* stands for.

    Raises:
        ValidationError: At the path ``date``, saying what to write
            instead, if *value* is none of the forms taken, an ISO date that
            is not a day of the calendar, or a time of day other than
            midnight.
    """
    if isinstance(value, dt.datetime):
        return _midnight(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if _ISO_DAY.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise _refused(f"{value!r} is not a day of the calendar") from None
        raise _refused(f"{value!r} is not an ISO date (YYYY-MM-DD)")
    raise _refused(f"{value!r} is not a date")


def _midnight(moment: dt.datetime) -> dt.date:
    try:
        day = moment.date()
        at = moment.time()
    except ValueError:
        # pandas.NaT is a datetime with neither a day nor a time.
        raise _refused(f"{moment!r} is not a date") from None
    if at != dt.time() or getattr(moment, "nanosecond", False):
        raise ValidationError.single(
            "date",
            f"{moment!r} is at {at.isoformat()}, not midnight: give the day "
            f"the survey closed, like {day.isoformat()!r}",
        )
    return day


def _refused(what: str) -> ValidationError:
    return ValidationError.single("date", f"{what}: {_FORMS}")
