from django.contrib import admin
from django.urls import include, path, re_path

from config.api import api
from zhifa.web.views import api_not_found

urlpatterns = [
    path("", include("zhifa.web.urls")),
    path("accounts/", include("zhifa.accounts.urls")),
    path("inbox/", include("zhifa.inbox.urls")),
    path("workdays/", include("zhifa.workdays.urls")),
    path("law/", include("zhifa.law.urls")),
    path("deadlines/", include("zhifa.deadlines.urls")),
    path("ledger/", include("zhifa.ledger.urls")),
    path("documents/", include("zhifa.documents.urls")),
    path("catalog/", include("zhifa.catalog.urls")),
    path("personnel/", include("zhifa.personnel.urls")),
    path("subjects/", include("zhifa.subjects.urls")),
    path("cases/", include("zhifa.cases.urls")),
    path("records/", include("zhifa.records.urls")),
    path("legal-review/", include("zhifa.legal_review.urls")),
    path("publication/", include("zhifa.publication.urls")),
    path("portal/", include("zhifa.publication.urls_portal")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
]

handler400 = "zhifa.web.views.bad_request"
handler403 = "zhifa.web.views.permission_denied"
handler404 = "zhifa.web.views.page_not_found"
handler500 = "zhifa.web.views.server_error"
