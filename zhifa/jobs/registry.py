"""Which functions the worker may run: ``@job`` for queued jobs, ``@periodic`` for scans.

Each app registers its own in ``zhifa/<app>/jobs.py``::

    from django.conf import settings

    from zhifa.jobs.registry import job, periodic


    @job("documents.render")
    def render(*, document_id: int) -> None: ...


    @periodic("deadlines.scan", every_seconds=settings.ZHIFA_WORKER_SCAN_SECONDS)
    def scan() -> None: ...

Those modules are imported by :func:`autodiscover` (like ``admin.autodiscover``), which the
worker, ``job_enqueue`` and the admin call before they look a name up. The decorators return
the function unchanged, so it can still be called directly (tests, management commands).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

from zhifa.jobs.constants import DEFAULT_MAX_ATTEMPTS

F = TypeVar("F", bound=Callable[..., Any])

NAME_MAX_LENGTH = 100


@dataclass(frozen=True)
class JobSpec:
    name: str
    func: Callable[..., Any]
    max_attempts: int


@dataclass(frozen=True)
class PeriodicSpec:
    name: str
    func: Callable[[], Any]
    every_seconds: int


_jobs: dict[str, JobSpec] = {}
_periodics: dict[str, PeriodicSpec] = {}
_discovered = False
_lock = threading.Lock()


def _check_name(name: str) -> None:
    if not name or len(name) > NAME_MAX_LENGTH or name != name.strip():
        raise ImproperlyConfigured(f"invalid job name {name!r} (1–{NAME_MAX_LENGTH} characters)")


def _same_function(a: Callable[..., Any], b: Callable[..., Any]) -> bool:
    # A module imported twice (autoreload, tests) registers an equal but distinct function.
    return (a.__module__, a.__qualname__) == (b.__module__, b.__qualname__)


def job(name: str, *, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> Callable[[F], F]:
    """Register ``func(**args)`` as the queued job ``name`` (enqueue it with ``job_enqueue``).

    ``max_attempts`` is how many times the worker tries it before marking it failed.
    """
    _check_name(name)
    if max_attempts < 1:
        raise ImproperlyConfigured(f"job {name!r}: max_attempts must be at least 1")

    def decorator(func: F) -> F:
        existing = _jobs.get(name)
        if existing is not None and not _same_function(existing.func, func):
            raise ImproperlyConfigured(
                f"job {name!r} is registered twice: {existing.func.__module__}."
                f"{existing.func.__qualname__} and {func.__module__}.{func.__qualname__}"
            )
        _jobs[name] = JobSpec(name=name, func=func, max_attempts=max_attempts)
        return func

    return decorator


def periodic(name: str, *, every_seconds: int) -> Callable[[F], F]:
    """Register ``func()`` to run once per ``every_seconds`` across all workers.

    Slots are aligned on local (Asia/Shanghai) time, so ``every_seconds=86400`` runs once per
    local day, on the worker's first pass after midnight. A slot missed while no worker ran is
    not replayed: write the function to catch up on everything due as of now.
    """
    _check_name(name)
    if every_seconds < 1:
        raise ImproperlyConfigured(f"periodic job {name!r}: every_seconds must be at least 1")

    def decorator(func: F) -> F:
        existing = _periodics.get(name)
        if existing is not None and not _same_function(existing.func, func):
            raise ImproperlyConfigured(
                f"periodic job {name!r} is registered twice: {existing.func.__module__}."
                f"{existing.func.__qualname__} and {func.__module__}.{func.__qualname__}"
            )
        _periodics[name] = PeriodicSpec(name=name, func=func, every_seconds=int(every_seconds))
        return func

    return decorator


def autodiscover() -> None:
    """Import ``zhifa.<app>.jobs`` for every installed Zhifa app (once per process)."""
    global _discovered
    if _discovered:
        return
    with _lock:
        if _discovered:
            return
        for app_config in apps.get_app_configs():
            if not app_config.name.startswith("zhifa."):
                continue
            if module_has_submodule(app_config.module, "jobs"):
                import_module(f"{app_config.name}.jobs")
        _discovered = True


def job_spec(name: str) -> JobSpec | None:
    autodiscover()
    return _jobs.get(name)


def job_specs() -> list[JobSpec]:
    autodiscover()
    return [_jobs[n] for n in sorted(_jobs)]


def periodic_specs() -> list[PeriodicSpec]:
    autodiscover()
    return [_periodics[n] for n in sorted(_periodics)]


def unregister(name: str) -> None:
    """Forget a job or periodic registration (tests)."""
    _jobs.pop(name, None)
    _periodics.pop(name, None)


def snapshot() -> tuple[dict[str, JobSpec], dict[str, PeriodicSpec]]:
    """The registrations as they are now, to be restored by :func:`restore` (tests)."""
    autodiscover()
    return dict(_jobs), dict(_periodics)


def restore(state: tuple[dict[str, JobSpec], dict[str, PeriodicSpec]]) -> None:
    _jobs.clear()
    _jobs.update(state[0])
    _periodics.clear()
    _periodics.update(state[1])
