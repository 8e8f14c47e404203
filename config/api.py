"""The HTTP API under /api/v1/ (django-ninja). Session auth for the browser, tokens for machines.

Every app contributes a ``router`` in its ``api.py``. Domain errors become structured 4xx answers:
``{"code": "...", "message": "...", "field": null}``.
"""

from __future__ import annotations

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from zhifa.accounts.api import router as accounts_router
from zhifa.accounts.auth import api_auth
from zhifa.cases.api import router as cases_router
from zhifa.catalog.api import router as catalog_router
from zhifa.core.errors import DomainError
from zhifa.deadlines.api import router as deadlines_router
from zhifa.documents.api import router as documents_router
from zhifa.inbox.api import router as inbox_router
from zhifa.law.api import router as law_router
from zhifa.ledger.api import router as ledger_router
from zhifa.legal_review.api import router as legal_review_router
from zhifa.personnel.api import router as personnel_router
from zhifa.publication.api import router as publication_router
from zhifa.records.api import router as records_router
from zhifa.subjects.api import router as subjects_router
from zhifa.workdays.api import router as workdays_router

api = NinjaAPI(
    title="Zhifa API",
    version="1",
    description="临猗县综合行政执法平台 API",
    urls_namespace="api",
    auth=api_auth,
)

api.add_router("/accounts/", accounts_router)
api.add_router("/inbox/", inbox_router)
api.add_router("/workdays/", workdays_router)
api.add_router("/law/", law_router)
api.add_router("/deadlines/", deadlines_router)
api.add_router("/ledger/", ledger_router)
api.add_router("/documents/", documents_router)
api.add_router("/catalog/", catalog_router)
api.add_router("/personnel/", personnel_router)
api.add_router("/subjects/", subjects_router)
api.add_router("/cases/", cases_router)
api.add_router("/records/", records_router)
api.add_router("/legal-review/", legal_review_router)
api.add_router("/publication/", publication_router)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status_code)


@api.exception_handler(OverflowError)
def on_overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    return _out_of_range(request)


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    return _out_of_range(request)


def _out_of_range(request: HttpRequest) -> HttpResponse:
    """A number the database cannot hold is the client's mistake: 400, not 500."""
    return api.create_response(
        request,
        {"code": "out_of_range", "message": "请求中的数值超出允许范围。", "field": None},
        status=400,
    )


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": "invalid", "message": "请求参数有误。", "field": None, "errors": exc.errors},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": "unauthorized", "message": "请先登录或提供有效的 API 令牌。", "field": None},
        status=401,
    )
