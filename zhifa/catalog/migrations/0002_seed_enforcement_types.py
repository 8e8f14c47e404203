"""Data migration: the standard enforcement types (zhifa.catalog.enforcement_types)."""

from django.db import migrations

TYPES = (
    ("market", "市场监管"),
    ("natural_resources", "自然资源"),
    ("ecology", "生态环境"),
    ("transport", "交通运输"),
    ("agriculture", "农业农村"),
    ("culture_tourism", "文化市场和旅游"),
    ("health", "卫生健康"),
    ("emergency", "应急管理"),
    ("housing", "住房和城乡建设"),
    ("water", "水利"),
    ("urban", "城市管理"),
    ("labour", "人力资源和社会保障"),
    ("township", "乡镇综合行政执法"),
)


def seed(apps, schema_editor):
    EnforcementType = apps.get_model("catalog", "EnforcementType")
    for order, (code, name) in enumerate(TYPES, start=1):
        EnforcementType.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
