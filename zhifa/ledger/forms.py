from __future__ import annotations

from django import forms

from zhifa.ledger.selectors import LedgerFilters


class LedgerFilterForm(forms.Form):
    action = forms.CharField(label="操作", required=False, max_length=100)
    subject_type = forms.CharField(label="对象类型", required=False, max_length=100)
    subject_id = forms.CharField(label="对象 ID", required=False, max_length=64)
    actor = forms.CharField(label="操作人", required=False, max_length=50)
    actor_id = forms.IntegerField(label="操作人 ID", required=False, min_value=1)
    date_from = forms.DateField(label="起始日期", required=False)
    date_to = forms.DateField(label="截止日期", required=False)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data

    def filters(self) -> LedgerFilters:
        """The filters from a valid form (an invalid form filters nothing it could not read)."""
        d = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return LedgerFilters(
            action=(d.get("action") or "").strip(),
            subject_type=(d.get("subject_type") or "").strip().lower(),
            subject_id=(d.get("subject_id") or "").strip(),
            actor=(d.get("actor") or "").strip(),
            actor_id=d.get("actor_id"),
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
        )
