"""``zhifa jobs …`` for operators, and the admin's retry action."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from zhifa.jobs.constants import JobStatus
from zhifa.jobs.models import Job
from zhifa.jobs.registry import job, periodic
from zhifa.jobs.services import job_claim, job_enqueue, job_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing() -> Job:
    @job("test.fail", max_attempts=1)
    def fail(*, reason: str) -> None:
        raise RuntimeError(reason)

    queued = job_enqueue(name="test.fail", args={"reason": "printer offline"})
    job_run(job_claim(worker_id="w"), worker_id="w")
    queued.refresh_from_db()
    assert queued.status == JobStatus.FAILED
    return queued


def run(*args: str) -> str:
    out = StringIO()
    call_command("jobs", *args, stdout=out)
    return out.getvalue()


def test_jobs_list_shows_status_attempts_and_the_last_error_line(failing: Job) -> None:
    out = run("list", "--status", "failed")
    assert f"{failing.pk}" in out and "test.fail" in out and "1/1" in out
    assert "RuntimeError: printer offline" in out
    assert run("list", "--status", "done").strip() == "no jobs"


def test_jobs_retry_queues_a_failed_job_again(failing: Job) -> None:
    assert "queued again" in run("retry", str(failing.pk))
    failing.refresh_from_db()
    assert failing.status == JobStatus.QUEUED


@pytest.mark.parametrize(
    "args",
    [
        ("retry", "999999"),
        ("enqueue", "test.unknown"),
        ("enqueue", "test.fail", "--args", "{not json"),
        ("enqueue", "test.fail", "--args", "[1, 2]"),
        ("list", "--limit", "0"),
        ("prune", "--keep-days", "-1"),
    ],
)
def test_jobs_command_refuses_bad_input_with_exit_code_2(failing: Job, args: tuple[str]) -> None:
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert exc.value.returncode == 2


def test_jobs_retry_of_a_job_that_did_not_fail_exits_2(failing: Job) -> None:
    run("retry", str(failing.pk))
    with pytest.raises(CommandError, match="只有失败的任务可以重试") as exc:
        run("retry", str(failing.pk))
    assert exc.value.returncode == 2


def test_jobs_enqueue_and_periodic_listing() -> None:
    @job("test.hello")
    def hello(*, who: str) -> None: ...

    @periodic("test.tick", every_seconds=60)
    def tick() -> None: ...

    assert "queued" in run("enqueue", "test.hello", "--args", '{"who": "县司法局"}')
    assert Job.objects.get().args == {"who": "县司法局"}
    assert "test.tick" in run("periodic") and "every 60s" in run("periodic")
    call_command("worker", "--once")
    assert " ok" in run("periodic")
    assert "row(s) deleted" in run("prune")


def test_admin_lists_jobs_and_retries_failed_ones(admin_client, failing: Job) -> None:
    url = reverse("admin:jobs_job_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(reverse("admin:jobs_periodicrun_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:jobs_job_change", args=[failing.pk])).status_code == 200
    response = admin_client.post(
        url, {"action": "retry", "_selected_action": [failing.pk]}, follow=True
    )
    assert response.status_code == 200
    failing.refresh_from_db()
    assert failing.status == JobStatus.QUEUED
    assert admin_client.get(reverse("admin:jobs_job_add")).status_code == 403
