"""HTTP API of the catalog app, mounted at /api/v1/catalog/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["catalog"])
