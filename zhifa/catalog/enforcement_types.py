"""The enforcement types (执法类型) seeded on every install; the Justice Bureau edits them later.

The fields follow the areas of comprehensive administrative enforcement reform (market regulation
and the other ten fields) plus township comprehensive enforcement (system 1.8).
"""

from __future__ import annotations

STANDARD_ENFORCEMENT_TYPES: tuple[tuple[str, str], ...] = (
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
