"""HTTP API of the personnel app, mounted at /api/v1/personnel/: the officers area at its root, the training area
under /training/."""

from __future__ import annotations

from ninja import Router

from zhifa.personnel.api_officers import router as officers_router
from zhifa.personnel.api_training import router as training_router

router = Router()
router.add_router("", officers_router)
router.add_router("/training/", training_router)
