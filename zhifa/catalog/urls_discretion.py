"""URLs of the discretion area of the catalog app (names in the `catalog:` namespace, prefixed
``discretion_``). Staff pages need a login; ``public/`` pages do not (R-1.5-06)."""

from django.urls import path

from zhifa.catalog.views import discretion as views

urlpatterns = [
    path("", views.benchmark_list, name="discretion_benchmark_list"),
    path("new/", views.benchmark_create_view, name="discretion_benchmark_create"),
    path("import/", views.benchmark_import, name="discretion_benchmark_import"),
    path(
        "import/template.xlsx",
        views.benchmark_import_template_view,
        name="discretion_benchmark_import_template",
    ),
    path("calculator/", views.calculator, name="discretion_calculator"),
    path("<int:pk>/", views.benchmark_detail, name="discretion_benchmark_detail"),
    path("<int:pk>/edit/", views.benchmark_edit, name="discretion_benchmark_edit"),
    path("<int:pk>/publish/", views.benchmark_publish_view, name="discretion_benchmark_publish"),
    path("<int:pk>/repeal/", views.benchmark_repeal_view, name="discretion_benchmark_repeal"),
    path("<int:pk>/revise/", views.benchmark_revise_view, name="discretion_benchmark_revise"),
    path("public/", views.public_list, name="discretion_public_list"),
    path("public/<int:pk>/", views.public_detail, name="discretion_public_detail"),
]
