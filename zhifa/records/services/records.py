"""Writes of the records themselves: who may add records to a case, and the moment a record's
first original file is stored (R-1.3-13, R-1.3-14).

Registering records, interruptions (R-1.3-11) and the written explanations in place of a
mandatory AV record (R-1.3-07) live here too.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.cases.models import Case
from zhifa.cases.services.common import is_handler, is_head_of
from zhifa.core import clock
from zhifa.deadlines.services import obligation_fulfil_for
from zhifa.ledger.services import ledger_append
from zhifa.records.constants import RecordStatus
from zhifa.records.models import Record

# R-1.3-13: stored within 2 WD of completion; R-1.3-14: within 2 WD of the return to the unit.
STORAGE_RULES = ("R-1.3-13", "R-1.3-14")


def can_manage_case_records(user: User, case: Case) -> bool:
    """The case's current handlers and the unit's heads register records and upload files."""
    if not (user.is_authenticated and user.is_active):
        return False
    return is_handler(case, user) or is_head_of(user, case.organisation)


def can_add_records(user: User, record: Record) -> bool:
    """Files are added to a record by whoever may manage the case's records, or, for a record
    without a case, by its registrant and the unit's heads."""
    if not (user.is_authenticated and user.is_active):
        return False
    if record.case_id is not None:
        return can_manage_case_records(user, record.case)
    return record.created_by_id == user.pk or is_head_of(user, record.organisation)


@transaction.atomic
def record_mark_stored(
    *, record: Record, actor: User | None, at: dt.datetime | None = None
) -> Record:
    """R-1.3-13, R-1.3-14: the record's first original file is stored — the record is STORED and
    its storage time limit fulfilled (on time or late: the deadline engine records which).
    Later files of the same record change nothing here."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    if record.status == RecordStatus.STORED:
        return record
    at = at or clock.now()
    record.status = RecordStatus.STORED
    record.stored_at = at
    record.save(update_fields=["status", "stored_at"])
    for rule_id in STORAGE_RULES:
        obligation_fulfil_for(subject=record, rule_id=rule_id, actor=actor, at=at)
    ledger_append(
        actor=actor,
        action="records.record.stored",
        subject=record,
        payload={"record": record.pk, "stored_at": at},
    )
    return record
