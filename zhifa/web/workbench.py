"""Panels on the workbench home page. Apps add a panel function to PANEL_PROVIDERS.

A provider takes the user and returns a Panel or None (nothing to show for that user).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module


@dataclass
class PanelRow:
    label: str
    value: str | int
    url: str = ""
    tone: str = ""  # "", "ok", "warn", "danger", "muted"
    note: str = ""  # a second, smaller line under the label


@dataclass
class Panel:
    title: str
    rows: list[PanelRow] = field(default_factory=list)
    url: str = ""
    empty_text: str = "暂无事项"


# Dotted paths of provider functions, in display order.
PANEL_PROVIDERS: tuple[str, ...] = (
    "zhifa.deadlines.workbench.deadline_panel",
    "zhifa.catalog.workbench.catalogue_panel",
    "zhifa.personnel.workbench.training_panel",
    "zhifa.cases.workbench.case_panel",
    "zhifa.records.workbench.records_panel",
    "zhifa.publication.workbench.publication_panel",
)


def _load(path: str) -> Callable:  # type: ignore[type-arg]
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)


def workbench_panels(user) -> list[Panel]:  # type: ignore[no-untyped-def]
    panels = []
    for path in PANEL_PROVIDERS:
        panel = _load(path)(user)
        if panel is not None:
            panels.append(panel)
    return panels
