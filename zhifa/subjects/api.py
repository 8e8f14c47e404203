"""HTTP API of the subjects app, mounted at /api/v1/subjects/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["subjects"])
