"""(filled in by the records work)."""

from ninja import Router

router = Router()
