"""Catalogue models: enforcement types and subjects, the item catalogue, unit lists, benchmarks."""

from zhifa.catalog.models.discretion import Benchmark, BenchmarkCircumstance, BenchmarkTier
from zhifa.catalog.models.items import EnforcementItem, ItemVersion
from zhifa.catalog.models.lists import UnitListEntry, UnitListFiling
from zhifa.catalog.models.reference import EnforcementType
from zhifa.catalog.models.subjects import EnforcementSubject, InternalBody

__all__ = [
    "Benchmark",
    "BenchmarkCircumstance",
    "BenchmarkTier",
    "EnforcementItem",
    "EnforcementSubject",
    "EnforcementType",
    "InternalBody",
    "ItemVersion",
    "UnitListEntry",
    "UnitListFiling",
]
