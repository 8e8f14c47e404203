"""The counter behind case numbers (一案一号, R-1.9-04): one row per unit, year and kind of act.

Written only by :func:`zhifa.cases.services.numbering.case_number_allocate`; see
docs/adr/0010-case-numbers.md.
"""

from __future__ import annotations

from django.db import models

from zhifa.cases.constants import CASE_NUMBER_MAX_YEAR, CASE_NUMBER_MIN_YEAR
from zhifa.catalog.constants import ItemType


class CaseNumberSequence(models.Model):
    """The last serial handed out for (organisation, year, kind). ``last`` is 0..n: the next
    number is ``last + 1``; a rolled-back allocation leaves ``last`` unchanged (gap-free)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="单位",
        on_delete=models.PROTECT,
        related_name="case_number_sequences",
    )
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("执法行为类型", max_length=20, choices=ItemType.choices)
    last = models.PositiveIntegerField("已用最大序号", default=0)

    class Meta:
        verbose_name = "案件编号序列"
        verbose_name_plural = "案件编号序列"
        ordering = ("organisation_id", "-year", "kind")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "year", "kind"), name="cases_case_number_sequence_key"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=CASE_NUMBER_MIN_YEAR)
                & models.Q(year__lte=CASE_NUMBER_MAX_YEAR),
                name="cases_case_number_sequence_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year} {self.get_kind_display()}: {self.last}"
