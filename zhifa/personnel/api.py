"""HTTP API of the personnel app, mounted at /api/v1/personnel/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["personnel"])
