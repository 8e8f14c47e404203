"""HTTP API of the records app, mounted at /api/v1/records/: records and their files
(api_records), resumable uploads (api_uploads), release requests and checks (api_access).

Errors are structured like every other router: ``{"code", "message", "field"}`` with 4xx.
"""

from ninja import Router

from zhifa.records import api_access, api_records, api_uploads

router = Router(tags=["records"])
router.add_router("", api_records.router)
router.add_router("", api_uploads.router)
router.add_router("", api_access.router)
