"""URLs of the officers area of the personnel app (names in the `personnel:` namespace)."""

from django.urls import path

from zhifa.personnel.views import certificates as c
from zhifa.personnel.views import officers as o

urlpatterns: list = [
    # staff pages
    path("officers/", o.officer_list, name="officer_list"),
    path("officers/new/", o.officer_create_view, name="officer_create"),
    path("officers/<int:officer_id>/", o.officer_detail, name="officer_detail"),
    path("officers/<int:officer_id>/edit/", o.officer_edit, name="officer_edit"),
    path(
        "officers/<int:officer_id>/deactivate/",
        o.officer_deactivate_view,
        name="officer_deactivate",
    ),
    path("officers/<int:officer_id>/apply/", c.certificate_apply_view, name="certificate_apply"),
    path("certificates/<int:certificate_id>/card/", c.certificate_card, name="certificate_card"),
    path(
        "certificates/<int:certificate_id>/<slug:action>/",
        c.certificate_act,
        name="certificate_act",
    ),
    path("annual-reviews/", c.annual_reviews, name="annual_reviews"),
    path(
        "annual-reviews/<int:review_id>/<slug:decision>/",
        c.annual_review_act,
        name="annual_review_act",
    ),
    path("equivalents/", c.equivalent_list, name="equivalent_list"),
    path("equivalents/new/", c.equivalent_create, name="equivalent_create"),
    path(
        "equivalents/<int:equivalent_id>/<slug:decision>/",
        c.equivalent_act,
        name="equivalent_act",
    ),
    path("certificate-file/", c.management_file_view, name="management_file"),
    path("certificate-file/export.xlsx", c.management_file_export, name="management_file_export"),
    path("certificate-file/submit/", c.management_file_submit_view, name="management_file_submit"),
    path(
        "certificate-file/filings/<int:filing_id>/<slug:decision>/",
        c.management_file_act,
        name="management_file_act",
    ),
    # public pages (no login)
    path("verify/", c.public_verify_lookup, name="public_verify_lookup"),
    path("verify/<str:number>/", c.public_verify, name="public_verify"),
    path("public/officers/", c.public_officer_list_view, name="public_officer_list"),
]
