"""Pure rendering functions: fill a DOCX template (docxtpl) and turn a DOCX into a PDF.

- :func:`render_template_bytes` / :func:`render_docx`: a DOCX template and a context → DOCX bytes.
  Templates are Jinja inside Word (``{{ party_name }}``, ``{% for %}``, ``{%tr for %}`` …), run in
  Jinja's sandbox (staff upload templates; a template cannot reach Python internals) with
  autoescaping (``&`` or ``<`` in a party's name cannot break the document). A placeholder with no
  value renders empty. A line break in a value starts a new paragraph with the same formatting.
  Filters: ``cn_date`` (2025年3月5日) and ``rmb_upper`` (人民币大写: 伍仟元整).
- :func:`docx_to_pdf`: DOCX bytes → PDF bytes, laid out by :mod:`zhifa.documents.pdf_layout`
  with the vendored Chinese font; needs nothing but Python.
- :func:`inspect_template`: checks that bytes are a DOCX and a valid template, and lists its
  placeholders. Problems raise :class:`TemplateProblem` with a Chinese message.

These functions touch neither the database nor storage; services call them.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from docxtpl import DocxTemplate
from jinja2 import ChainableUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from zhifa.documents.docx_model import read_docx
from zhifa.documents.pdf_layout import layout_pages, render_pdf

if TYPE_CHECKING:
    from zhifa.documents.models import DocumentTemplateVersion

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TemplateProblem(Exception):
    """A template or its rendering failed; ``message`` says what, in Chinese."""

    def __init__(self, message: str, *, code: str = "template_invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- Jinja ----------------------------------------------------------------------------------


def cn_date(value: Any) -> str:
    """A date as official documents write it: 2025年3月5日. Accepts dates and ISO strings."""
    if value is None or value == "" or isinstance(value, ChainableUndefined):
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ["", "拾", "佰", "仟"]
_BIG = ["", "万", "亿", "万亿"]


def rmb_upper(value: Any) -> str:
    """An amount of money in capital Chinese numerals: 5000 → 伍仟元整, 1234.5 → 壹仟贰佰叁拾肆元伍角."""
    if value is None or value == "" or isinstance(value, ChainableUndefined):
        return ""
    try:
        amount = decimal.Decimal(str(value)).quantize(
            decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP
        )
    except (decimal.InvalidOperation, ValueError):
        return str(value)
    if amount < 0:
        return "负" + rmb_upper(-amount)
    cents = int(amount * 100)
    yuan, jiao, fen = cents // 100, (cents // 10) % 10, cents % 10
    out = ""
    if yuan:
        groups: list[int] = []
        n = yuan
        while n:
            groups.append(n % 10000)
            n //= 10000
        zero_pending = False
        for gi in range(len(groups) - 1, -1, -1):
            g = groups[gi]
            if g == 0:
                zero_pending = bool(out)
                continue
            text = ""
            inner_zero = False
            for pos in range(3, -1, -1):
                d = (g // 10**pos) % 10
                if d == 0:
                    inner_zero = bool(text) or bool(out)
                    continue
                if inner_zero or (zero_pending and not text):
                    text += "零"
                text += _DIGITS[d] + _UNITS[pos]
                inner_zero = False
                zero_pending = False
            out += text + _BIG[gi]
        out += "元"
    if not jiao and not fen:
        return (out or "零元") + "整"
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif out:
        out += "零"
    if fen:
        out += _DIGITS[fen] + "分"
    return out


def jinja_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, undefined=ChainableUndefined)
    env.filters["cn_date"] = cn_date
    env.filters["rmb_upper"] = rmb_upper
    return env


# --- context ---------------------------------------------------------------------------------


def normalise_context(context: dict[str, Any]) -> dict[str, Any]:
    """The context as JSON values (what is stored is exactly what was rendered).

    Dates become ISO strings (use ``|cn_date``), decimals strings; control characters that XML
    cannot hold are dropped; ``\\r\\n`` becomes ``\\n``.
    """
    if not isinstance(context, dict):
        raise TemplateProblem("文书数据必须是“名称: 值”形式的对象。", code="context_invalid")
    try:
        data = json.loads(json.dumps(context, cls=DjangoJSONEncoder, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise TemplateProblem(f"文书数据无法保存为 JSON：{exc}", code="context_invalid") from exc

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {str(k): clean(v) for k, v in value.items()}
        return value

    return clean(data)


def _paragraphs(value: Any) -> Any:
    """Line breaks in values start new paragraphs (docxtpl's ``\\a``), keeping the formatting."""
    if isinstance(value, str):
        return value.replace("\n", "\a")
    if isinstance(value, list):
        return [_paragraphs(v) for v in value]
    if isinstance(value, dict):
        return {k: _paragraphs(v) for k, v in value.items()}
    return value


# --- templates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateInfo:
    variables: list[str]


def _open_docx(data: bytes) -> DocxTemplate:
    if not data:
        raise TemplateProblem("上传的文件是空的，请选择 Word 文档（.docx）。", code="not_docx")
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateProblem(
            f"模板文件过大（{len(data) // 1024} KB），上限为 {MAX_TEMPLATE_BYTES // 1024 // 1024} MB。"
            "请删除模板中的大图片后重新上传。",
            code="too_large",
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise TemplateProblem(
            "这是旧版 Word 文档（.doc），系统只接受 .docx。请在 Word 或 WPS 中“另存为”.docx 后重新上传。",
            code="not_docx",
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateProblem(
            "上传的文件不是有效的 Word 文档（.docx）。请在 Word 或 WPS 中另存为 .docx 后重新上传。",
            code="not_docx",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "word/document.xml" not in zf.namelist():
                raise TemplateProblem(
                    "上传的压缩文件不是 Word 文档（缺少 word/document.xml）。请上传 .docx 文件。",
                    code="not_docx",
                )
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except TemplateProblem:
        raise
    except Exception as exc:  # python-docx raises many types for a damaged package
        raise TemplateProblem(
            f"无法读取该 Word 文档（{type(exc).__name__}: {exc}）。请在 Word 或 WPS 中打开并另存为 .docx 后重新上传。",
            code="not_docx",
        ) from exc
    return tpl


def _syntax_message(exc: TemplateSyntaxError, near: str = "", where: str = "") -> str:
    if not near:
        context = getattr(exc, "docx_context", None)
        if context:
            near = " ".join(t.strip() for t in context if t and t.strip())
    near_text = f"，出错位置附近的文字：“{near[:80]}”" if near else ""
    return (
        f"{where}模板中的占位符写法有误：{exc.message}{near_text}。"
        "请检查 {{ 变量 }} 与 {% 标签 %} 是否成对、括号和引号是否完整、变量名是否只含字母数字和下划线。"
    )


def _check_syntax(tpl: DocxTemplate, env: SandboxedEnvironment) -> None:
    """Compile the Jinja of the body, headers and footers; name the paragraph with an error."""
    parts = [("", tpl.patch_xml(tpl.get_xml()))]
    for uri, label in ((tpl.HEADER_URI, "页眉中"), (tpl.FOOTER_URI, "页脚中")):
        for _, part in tpl.get_headers_footers(uri):
            parts.append((label, tpl.patch_xml(tpl.get_part_xml(part))))
    for where, xml in parts:
        # One paragraph per line, as docxtpl renders it, so the error's line is its paragraph.
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        try:
            env.from_string(xml)
        except TemplateSyntaxError as exc:
            lines = xml.splitlines()
            line = lines[exc.lineno - 1] if exc.lineno and 0 < exc.lineno <= len(lines) else ""
            near = re.sub(r"<[^>]+>", "", line).strip()
            raise TemplateProblem(
                _syntax_message(exc, near, where), code="template_syntax"
            ) from exc


def inspect_template(data: bytes) -> TemplateInfo:
    """Check DOCX bytes are a usable template: a DOCX, valid Jinja, renderable, convertible to PDF."""
    tpl = _open_docx(data)
    env = jinja_env()
    _check_syntax(tpl, env)
    try:
        variables = tpl.get_undeclared_template_variables(env)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(_syntax_message(exc), code="template_syntax") from exc
    except TemplateError as exc:
        raise TemplateProblem(f"模板无法解析：{exc}", code="template_syntax") from exc
    # A trial render with no data finds what parsing cannot (broken XML, runtime errors).
    rendered = render_template_bytes(data, {})
    try:
        layout_pages(read_docx(rendered))  # the layout, without the slow font embedding
    except Exception as exc:  # the layout must not fail later, at the worst moment
        raise TemplateProblem(
            f"模板可以填写，但无法排版为 PDF（{type(exc).__name__}: {exc}）。请简化模板中的复杂对象（文本框、图表）后重新上传。",
            code="template_layout",
        ) from exc
    return TemplateInfo(variables=sorted(variables))


def render_template_bytes(template: bytes, context: dict[str, Any]) -> bytes:
    """Fill the DOCX template ``template`` with ``context`` and return the DOCX bytes."""
    tpl = _open_docx(template)
    data = _paragraphs(normalise_context(context))
    try:
        tpl.render(data, jinja_env=jinja_env(), autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(_syntax_message(exc), code="template_syntax") from exc
    except SecurityError as exc:
        raise TemplateProblem(f"模板使用了不允许的写法：{exc}", code="template_unsafe") from exc
    except TemplateError as exc:
        raise TemplateProblem(
            f"填写模板时出错：{exc}。请检查模板中的占位符与提供的数据。", code="template_render"
        ) from exc
    except Exception as exc:  # docxtpl/lxml: e.g. a tag that splits a table row badly
        raise TemplateProblem(
            f"填写模板时出错（{type(exc).__name__}: {exc}）。常见原因：{{%tr %}}、{{%p %}} 标签所在的行或段落不完整。",
            code="template_render",
        ) from exc
    return out.getvalue()


def render_docx(template_version: DocumentTemplateVersion, context: dict[str, Any]) -> bytes:
    """Fill a stored template version with ``context``; returns DOCX bytes."""
    with template_version.docx.open("rb") as fh:
        template = fh.read()
    return render_template_bytes(template, context)


def docx_to_pdf(docx_bytes: bytes, *, title: str = "", author: str = "") -> bytes:
    """Lay a DOCX out as a PDF with the vendored Chinese font. ``ValueError`` if not a DOCX."""
    model = read_docx(docx_bytes)
    return render_pdf(model, title=title, author=author)
