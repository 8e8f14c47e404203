"""Signal receivers: the deadline engine follows the working-day calendar."""

from __future__ import annotations

from typing import Any


def recompute_on_schedule_loaded(sender: Any, *, year: int, **kwargs: Any) -> None:
    """A year's holiday schedule was loaded or replaced (``zhifa.workdays.signals``): recompute
    the provisional due dates in the same transaction, so they commit with the schedule."""
    from zhifa.deadlines.services import obligation_recompute_provisional

    obligation_recompute_provisional()
