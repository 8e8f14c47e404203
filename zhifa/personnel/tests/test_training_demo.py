"""The training demo seeds sessions, exams, worklists and obligations on the demo county."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
import time_machine
from faker import Faker

from zhifa.accounts.models import Organisation, User
from zhifa.deadlines.constants import ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.personnel.constants import ExamAttempt, TrainingKind
from zhifa.personnel.demo_training import demo_seed
from zhifa.personnel.models import ExamResult, MakeupRequirement, TrainingSession
from zhifa.personnel.selectors import training as sel
from zhifa.personnel.tests.factories_training import make_certificate, make_officer

TZ = ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=TZ), tick=False)
def test_r_1_11_03_r_1_11_05_demo_seed_on_the_demo_county():
    """R-1.11-03 obligations for both years, R-1.11-05 a make-up awaiting decision."""
    from zhifa.demo.services import demo_county_load

    demo_county_load(entities=20)
    by_code = {o.code: o for o in Organisation.objects.all()}
    supervisor = User.objects.get(username="supervisor")
    # The officers demo runs first in the real load; stand in for it here.
    for code in ("scjg", "yishi-team", "meiyang-team"):
        if code in by_code:
            for _ in range(5):
                make_certificate(make_officer(by_code[code]), applied_by=supervisor)
    demo_seed(rng=random.Random(7), fake=Faker("zh_CN"), by_code=by_code)

    kinds = set(TrainingSession.objects.values_list("kind", flat=True))
    assert kinds == {TrainingKind.ROTATION, TrainingKind.INDUCTION}
    assert list(sel.decision_worklist(user=supervisor))  # failed make-up awaiting decision
    assert ExamResult.objects.filter(attempt=ExamAttempt.MAKEUP, passed=True).exists()
    pending = list(sel.induction_pending(user=supervisor))
    assert any(o.post.startswith("执法队员（新入职）") for o in pending)
    assert MakeupRequirement.objects.filter(completed_at__isnull=True).count() == 1
    rotation = Obligation.objects.filter(rule_id="R-1.11-03")
    assert rotation.filter(state=ObligationState.OVERDUE).exists()  # last year's misses
    assert rotation.filter(state=ObligationState.FULFILLED).exists()
    assert rotation.filter(state__in=[ObligationState.RUNNING, ObligationState.DUE_SOON]).exists()
