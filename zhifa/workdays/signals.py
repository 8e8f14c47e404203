"""Signals of the working-day calendar.

``schedule_loaded``
    Sent by ``zhifa.workdays.services.holiday_schedule_save`` after a year's schedule was
    created or replaced, with ``sender=HolidaySchedule`` and keyword arguments
    ``year`` (int), ``schedule`` (the ``HolidaySchedule``) and ``created`` (bool).

    It is sent *inside* the service's transaction, after the rows are written and this process's
    calendar cache is invalidated, so a receiver already computes with the new schedule and its
    writes commit or roll back together with the schedule. Receivers that want to do slow work
    should queue it with ``transaction.on_commit``. Provisional due dates that touch ``year`` (and
    the days of ``year - 1``/``year + 1`` a notice may declare) should be recomputed.
"""

from __future__ import annotations

from django.dispatch import Signal

schedule_loaded = Signal()
