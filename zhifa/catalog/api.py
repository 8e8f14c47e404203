"""HTTP API of the catalog app, mounted at /api/v1/catalog/: the items area at its root, the discretion area
under /discretion/."""

from __future__ import annotations

from ninja import Router

from zhifa.catalog.api_discretion import router as discretion_router
from zhifa.catalog.api_items import router as items_router

router = Router()
router.add_router("", items_router)
router.add_router("/discretion/", discretion_router)
