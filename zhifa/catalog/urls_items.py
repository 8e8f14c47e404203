"""URLs of the items area of the catalog app (names in the `catalog:` namespace).

Staff pages need a login; the pages under ``public/`` are open to everyone.
"""

from django.urls import path

from zhifa.catalog.views import items, lists, subjects

urlpatterns = [
    # the item catalogue
    path("items/", items.catalogue, name="items"),
    path("items/queue/", items.review_queue, name="item_queue"),
    path("items/propose/", items.item_propose_add, name="item_propose"),
    path("items/import/", items.item_import, name="item_import"),
    path("items/import/template.xlsx", items.item_import_template, name="item_import_template"),
    path("items/<int:item_id>/", items.item_detail, name="item_detail"),
    path(
        "items/<int:item_id>/propose/<str:kind>/",
        items.item_propose_change,
        name="item_propose_change",
    ),
    path("versions/<int:version_id>/<str:action>/", items.version_action, name="version_action"),
    # the enforcement-subject directory and the enforcement types
    path("subjects/", subjects.subject_list, name="subjects"),
    path("subjects/<int:subject_id>/", subjects.subject_detail, name="subject_detail"),
    path("subjects/unit/<int:organisation_id>/edit/", subjects.subject_edit, name="subject_edit"),
    path("subjects/<int:subject_id>/<str:action>/", subjects.subject_action, name="subject_action"),
    path("types/", subjects.type_list, name="types"),
    path("types/<int:type_id>/toggle/", subjects.type_toggle, name="type_toggle"),
    # unit lists and filings
    path("lists/", lists.list_index, name="lists"),
    path("lists/<int:organisation_id>/", lists.unit_lists, name="unit_lists"),
    path("lists/<int:organisation_id>/file/", lists.list_file, name="list_file"),
    path("lists/<int:organisation_id>/<str:kind>/add/", lists.entry_add, name="list_entry_add"),
    path("lists/entries/<int:entry_id>/edit/", lists.entry_edit, name="list_entry_edit"),
    path(
        "lists/entries/<int:entry_id>/deactivate/",
        lists.entry_deactivate,
        name="list_entry_deactivate",
    ),
    path("filings/", lists.filing_list, name="filings"),
    path("filings/<int:filing_id>/", lists.filing_detail, name="filing_detail"),
    # public pages (no login)
    path("public/subjects/", subjects.public_subjects, name="public_subjects"),
    path("public/subjects/<int:subject_id>/", subjects.public_subject, name="public_subject"),
    path("public/items/", items.public_catalogue, name="public_catalogue"),
    path("public/items/<int:item_id>/", items.public_item, name="public_item"),
    path("public/changes/", items.public_changes, name="public_changes"),
    path(
        "public/random-inspection/",
        lists.public_random_inspection_index,
        name="public_random_inspection_index",
    ),
    path(
        "public/random-inspection/<int:organisation_id>/",
        lists.public_random_inspection,
        name="public_random_inspection",
    ),
]
