"""Fixtures for the worker's tests: an empty registry per test, and a thread harness."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from django.db import connection

from zhifa.jobs import registry


@pytest.fixture(autouse=True)
def clean_registry() -> Iterator[None]:
    """Each test sees only the jobs it registers (the apps' real ones are restored after)."""
    saved = registry.snapshot()
    registry.restore(({}, {}))
    yield
    registry.restore(saved)


def run_in_threads(count: int, target: Callable[[int], None], timeout: float = 60) -> None:
    """Start ``count`` threads at the same moment; each gets its own database connection."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def body(index: int) -> None:
        try:
            barrier.wait(timeout=timeout)
            target(index)
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a worker thread hung"
    assert not errors, errors
