"""Forms of correction requests (R-1.2-18) and disclosure applications (R-1.2-16).

Portal forms: every field has a maximum length; the phone and the optional ID number are
validated; evidence files are checked by their bytes (PDF, JPEG, PNG magic numbers), never by
their name or the browser's content type. Staff forms: the handling steps.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from zhifa.accounts.models import Organisation
from zhifa.core.identifiers import id_number_error, uscc_error
from zhifa.publication import throttle
from zhifa.publication.constants import DisclosureAnswer, PublicationStatus
from zhifa.publication.models import Publication
from zhifa.publication.services.requests import (
    EVIDENCE_TYPES_TEXT,
    MAX_FILES,
    addressable_organisations,
    max_upload_bytes,
    sniff_evidence_type,
)

MOBILE = re.compile(r"1[3-9][0-9]{9}")
LANDLINE = re.compile(r"(0[0-9]{2,3}-?)?[2-9][0-9]{6,7}(-[0-9]{1,6})?")
TEXT_MAX = 4000


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        items = [d for d in data if d] if isinstance(data, list | tuple) else [data] if data else []
        if not items:
            single(None, initial)  # raises "required" when required
            return []
        return [single(d, initial) for d in items]


def _size_text(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def check_evidence(files: list[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """(file, sniffed content type) for each file, or a ValidationError saying, in Chinese, which
    file is refused and why: too many, too big, or not a PDF/JPEG/PNG by its bytes."""
    if len(files) > MAX_FILES:
        raise forms.ValidationError(f"最多上传 {MAX_FILES} 个文件，请删减后重新选择。")
    limit = max_upload_bytes()
    errors: list[str] = []
    checked: list[tuple[UploadedFile, str]] = []
    for f in files:
        name = (f.name or "未命名文件")[:100]
        if f.size is None or f.size > limit:
            errors.append(f"文件“{name}”超过 {_size_text(limit)}，请压缩或拆分后上传。")
            continue
        if f.size == 0:
            errors.append(f"文件“{name}”是空文件。")
            continue
        f.seek(0)
        head = f.read(16)
        f.seek(0)
        content_type = sniff_evidence_type(head)
        if content_type is None:
            errors.append(
                f"文件“{name}”不是 {EVIDENCE_TYPES_TEXT} 格式（按文件内容识别，与文件名无关），"
                "不能上传。请提交 PDF 文件或 JPG、PNG 图片。"
            )
            continue
        checked.append((f, content_type))
    if errors:
        raise forms.ValidationError(errors)
    return checked


def _clean_phone(value: str) -> str:
    phone = re.sub(r"[\s()（）]", "", value or "")
    if not (MOBILE.fullmatch(phone) or LANDLINE.fullmatch(phone)):
        raise forms.ValidationError("请填写有效的手机号码（11位）或固定电话（如 0359-1234567）。")
    return phone


class PortalRequestForm(forms.Form):
    """What both portal forms share: the requester, the spam guards, the files."""

    REQUESTER_CHOICES = (("person", "公民（个人）"), ("organisation", "法人或其他组织"))

    requester_type = forms.ChoiceField(
        label="申请人类型", choices=REQUESTER_CHOICES, initial="person", widget=forms.RadioSelect
    )
    requester_name = forms.CharField(label="姓名或名称", max_length=100)
    requester_id_number = forms.CharField(
        label="证件号码（选填）",
        max_length=18,
        required=False,
        help_text="公民身份号码（18位）或统一社会信用代码（18位）。",
    )
    requester_phone = forms.CharField(label="联系电话", max_length=20)
    requester_email = forms.EmailField(
        label="电子邮箱（选填）",
        max_length=254,
        required=False,
        help_text="填写后，办理结果将同时发送到该邮箱。",
    )
    evidence = MultipleFileField(
        label="证据材料",
        required=False,
        help_text=f"最多 {MAX_FILES} 个文件，每个不超过 10 MB，仅限 {EVIDENCE_TYPES_TEXT}。",
    )
    homepage = forms.CharField(  # the honeypot (throttle.HONEYPOT_FIELD): hidden from people
        label="请勿填写此项",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_token = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = (
            f"最多 {MAX_FILES} 个文件，每个不超过 {_size_text(max_upload_bytes())}，"
            f"仅限 {EVIDENCE_TYPES_TEXT}。"
        )
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = addressable_organisations()  # type: ignore[attr-defined]

    @property
    def is_organisation(self) -> bool:
        return self.cleaned_data.get("requester_type") == "organisation"

    def clean_requester_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("requester_phone", ""))

    def clean_evidence(self) -> list[tuple[UploadedFile, str]]:
        return check_evidence(self.cleaned_data.get("evidence") or [])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        number = (data.get("requester_id_number") or "").strip().upper()
        if number:
            error = uscc_error(number) if self.is_organisation else id_number_error(number)
            if error:
                self.add_error("requester_id_number", error)
            data["requester_id_number"] = number
        return data

    def public_fields(self) -> list[forms.BoundField]:
        hidden = {throttle.HONEYPOT_FIELD, throttle.TOKEN_FIELD}
        return [f for f in self if f.name not in hidden]


class CorrectionForm(PortalRequestForm):
    """R-1.2-18 / R-1.12-07: a correction of published information, with evidence."""

    publication = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    published_where = forms.CharField(
        label="信息公示位置",
        max_length=200,
        required=False,
        help_text="未从公示页面进入时填写：在哪个网站、栏目或何时公示的哪条信息。",
    )
    organisation = forms.ModelChoiceField(
        label="受理单位",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="请选择公示该信息的单位",
        help_text="从公示页面进入的，自动由公示单位受理。",
    )
    inaccurate = forms.CharField(
        label="不准确的内容",
        max_length=TEXT_MAX,
        widget=_textarea(),
        help_text="请写明哪些信息不准确。",
    )
    should_be = forms.CharField(
        label="应更正为", max_length=TEXT_MAX, widget=_textarea(), help_text="正确的内容及理由。"
    )

    field_order = (
        "publication",
        "published_where",
        "organisation",
        "inaccurate",
        "should_be",
        "evidence",
        "requester_type",
        "requester_name",
        "requester_id_number",
        "requester_phone",
        "requester_email",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].label = "证据材料（必须上传）"

    def clean_publication(self) -> Publication | None:
        pk = self.cleaned_data.get("publication")
        if not pk:
            return None
        publication = (
            Publication.objects.filter(pk=pk, status=PublicationStatus.PUBLISHED)
            .select_related("organisation")
            .first()
        )
        if publication is None:
            raise forms.ValidationError(
                "所选公示信息不存在或已不再公开，请在“信息公示位置”中说明。"
            )
        return publication

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("publication"):
            if not data.get("organisation") and "organisation" not in self.errors:
                self.add_error("organisation", "请选择公示该信息的单位。")
            if not (data.get("published_where") or "").strip():
                self.add_error("published_where", "请说明需要更正的信息公示在哪里。")
        if "evidence" not in self.errors and not data.get("evidence"):
            self.add_error(
                "evidence",
                "申请更正须提供证据材料（有证据证明公开的信息不准确），"
                f"请至少上传一个文件（{EVIDENCE_TYPES_TEXT}）。",
            )
        return data


class DisclosureForm(PortalRequestForm):
    """R-1.2-16: an application for government information (《政府信息公开条例》)."""

    organisation = forms.ModelChoiceField(
        label="申请公开的行政机关", queryset=Organisation.objects.none(), empty_label="请选择"
    )
    subject = forms.CharField(label="所需信息的名称", max_length=200)
    content = forms.CharField(
        label="所需信息的内容描述",
        max_length=TEXT_MAX,
        widget=_textarea(5),
        help_text="请尽量写明文件名称、文号或其他便于查找的特征。",
    )
    requester_address = forms.CharField(
        label="通信地址",
        max_length=200,
        required=False,
        help_text="通信地址和电子邮箱至少填写一项，用于送达答复。",
    )

    field_order = (
        "organisation",
        "subject",
        "content",
        "evidence",
        "requester_type",
        "requester_name",
        "requester_id_number",
        "requester_phone",
        "requester_address",
        "requester_email",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].label = "相关材料（选填）"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            not (data.get("requester_address") or "").strip()
            and not data.get("requester_email")
            and "requester_email" not in self.errors
        ):
            self.add_error("requester_address", "请填写通信地址或电子邮箱，以便送达答复。")
        return data


class TrackForm(forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "如 GZ-ABCD2345EFGH"}),
    )


# --- staff ------------------------------------------------------------------------------------


class ForwardForm(forms.Form):
    forwarded_to = forms.ModelChoiceField(
        label="转送单位", queryset=Organisation.objects.none(), empty_label="请选择主管部门"
    )
    reply = forms.CharField(
        label="告知申请人的内容",
        max_length=TEXT_MAX,
        required=False,
        widget=_textarea(3),
        help_text="不填写则自动写明“已转送某单位办理”。",
    )

    def __init__(self, *args: Any, current: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Organisation.objects.filter(is_active=True).order_by("kind", "sort_order", "id")
        if current is not None:
            qs = qs.exclude(pk=current.pk)
        self.fields["forwarded_to"].queryset = qs  # type: ignore[attr-defined]


class ReferForm(forms.Form):
    competent_body = forms.CharField(label="主管部门", max_length=200)
    reply = forms.CharField(
        label="告知申请人的内容", max_length=TEXT_MAX, required=False, widget=_textarea(3)
    )


class RejectForm(forms.Form):
    reply = forms.CharField(label="理由", max_length=TEXT_MAX, widget=_textarea(3))


class AnswerForm(forms.Form):
    disclosure_answer = forms.ChoiceField(
        label="答复类型", choices=[c for c in DisclosureAnswer.choices if c[0]]
    )
    reply = forms.CharField(label="答复内容", max_length=TEXT_MAX, widget=_textarea(4))


class CorrectionChangeForm(forms.Form):
    """Start the update of the publication for a correction found true (R-1.2-18)."""

    publication = forms.ModelChoiceField(
        label="需要更正的公示信息", queryset=Publication.objects.none(), required=False
    )
    reason = forms.CharField(
        label="更正说明（将在公示页面显示）", max_length=TEXT_MAX, widget=_textarea(3)
    )
    target_name = forms.CharField(
        label="更正后的执法对象（不变则不填）", max_length=200, required=False
    )
    conclusion = forms.CharField(
        label="更正后的执法结论（不变则不填）",
        max_length=20000,
        required=False,
        widget=_textarea(4),
    )

    def __init__(
        self,
        *args: Any,
        organisation: Organisation | None = None,
        fixed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if fixed:
            del self.fields["publication"]
        else:
            self.fields["publication"].required = True
            self.fields["publication"].queryset = Publication.objects.filter(  # type: ignore[attr-defined]
                organisation=organisation, status=PublicationStatus.PUBLISHED
            ).order_by("-decision_date", "-id")
