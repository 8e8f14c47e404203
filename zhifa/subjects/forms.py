"""Forms of the directory pages: filters, an entity, a flag, an import upload.

The forms check what they can (shape of the codes, with the expected check character); the
services check again and have the last word (``DomainError`` shown on the field).
"""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.accounts.models import Organisation, User
from zhifa.subjects.codes import id_number_problem, normalise_code, uscc_problem
from zhifa.subjects.constants import EntityCategory, EntityFlag, EntityStatus
from zhifa.subjects.permissions import editable_township
from zhifa.subjects.selectors import FLAG_FILTERS, EntityFilters, townships


class DateInput(forms.DateInput):
    input_type = "date"


class EntityFilterForm(forms.Form):
    q = forms.CharField(label="名称或代码", required=False, max_length=100)
    township: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label="乡镇", queryset=Organisation.objects.none(), required=False, empty_label="全部乡镇"
    )
    category = forms.ChoiceField(
        label="类别", required=False, choices=[("", "全部类别"), *EntityCategory.choices]
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *EntityStatus.choices]
    )
    flag = forms.ChoiceField(
        label="标记", required=False, choices=[("", "不限"), *FLAG_FILTERS.items()]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships()  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs["placeholder"] = "名称、统一社会信用代码"
        self.fields["q"].widget.input_type = "search"  # type: ignore[attr-defined]

    def filters(self) -> EntityFilters:
        if not self.is_bound or not self.is_valid():
            return EntityFilters()
        data = self.cleaned_data
        return EntityFilters(
            q=data["q"],
            township_id=data["township"].pk if data["township"] else None,
            category=data["category"],
            status=data["status"],
            flag=data["flag"],
        )


class EntityForm(forms.Form):
    name = forms.CharField(label="名称（姓名）", max_length=200)
    category = forms.ChoiceField(label="类别", choices=EntityCategory.choices)
    uscc = forms.CharField(
        label="统一社会信用代码",
        required=False,
        max_length=40,
        help_text="18位，组织和个体工商户必填；自然人不填。",
    )
    id_number = forms.CharField(
        label="身份证号", required=False, max_length=40, help_text="仅自然人填写，18位。"
    )
    legal_representative = forms.CharField(label="法定代表人", required=False, max_length=50)
    person_in_charge = forms.CharField(label="负责人", required=False, max_length=50)
    address = forms.CharField(label="地址", required=False, max_length=200)
    township: forms.ModelChoiceField = forms.ModelChoiceField(  # type: ignore[type-arg]
        label="所在乡镇",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="（县域内，不属于某一乡镇）",
    )
    industry = forms.CharField(label="行业", required=False, max_length=50)
    qualification = forms.CharField(label="资质等级", required=False, max_length=100)
    phone = forms.CharField(label="联系电话", required=False, max_length=30)
    status = forms.ChoiceField(label="登记状态", choices=EntityStatus.choices)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        town = editable_township(user)
        qs = townships()
        if town is not None:
            qs = qs.filter(pk=town.pk)
            self.fields["township"].empty_label = None  # type: ignore[attr-defined]
            self.fields["township"].required = True
        self.fields["township"].queryset = qs  # type: ignore[attr-defined]
        for name in ("uscc", "id_number"):
            self.fields[name].widget.attrs.update(
                {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        natural = data.get("category") == EntityCategory.NATURAL_PERSON
        code = normalise_code(data.get("uscc"))
        number = normalise_code(data.get("id_number"))
        if natural:
            if not number:
                self.add_error("id_number", "自然人请填写身份证号。")
            elif problem := id_number_problem(number):
                self.add_error("id_number", problem)
            if code:
                self.add_error("uscc", "自然人不填写统一社会信用代码。")
        else:
            if not code:
                self.add_error("uscc", "请填写18位统一社会信用代码（自然人请将类别选为“自然人”）。")
            elif problem := uscc_problem(code):
                self.add_error("uscc", problem)
            if number:
                self.add_error("id_number", "只有自然人填写身份证号。")
        data["uscc"], data["id_number"] = code, number
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("category") == EntityCategory.NATURAL_PERSON:
            data.pop("uscc", None)
        else:
            data.pop("id_number", None)
        return data


FLAG_ACTIONS = (("on", "标记"), ("off", "取消标记"))


class FlagForm(forms.Form):
    flag = forms.ChoiceField(label="标记", choices=EntityFlag.choices)
    action = forms.ChoiceField(label="操作", choices=FLAG_ACTIONS)
    listed_on = forms.DateField(
        label="列入异常名录日期",
        required=False,
        widget=DateInput,
        help_text="仅“列入经营异常名录”需要，不填为今天。",
    )
    note = forms.CharField(label="说明（依据）", required=False, max_length=200)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="名录文件（.xlsx 或 .csv）",
        help_text="第一行为列名：名称、统一社会信用代码（自然人为身份证号）必填，其余列可选。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv,text/csv"
