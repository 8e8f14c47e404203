"""HTTP API of the training area of the personnel app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["personnel"])
