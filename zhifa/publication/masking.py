"""Masking of personal data in decisions before they reach the public portal (R-1.2-15).

Pure functions, no database: the services call :func:`mask_text` on the public text fields,
show the masks to the legal reviewer for confirmation, and call :func:`find_unmasked` as the
last guard before anything is published.

What is masked (kinds in :data:`KIND_LABELS`), and what stays:

* **Names** (``name``) of the natural persons the case knows (``person_names``), every
  occurrence — also inside an individual business's trade name, because the name identifies the
  person (the business keeps its credit code). ``张三`` → ``张某某``, ``欧阳修`` → ``欧阳某某``
  (:func:`mask_person_name`).
* **Names after a party label**: 当事人 / 被处罚人 / 被申请人 / 申请人 / 委托代理人 / 代理人 /
  证人 / 经营者 / 举报人 / 投诉人 (optionally followed by 姓名 or 名称 and a bracketed
  qualifier such as ``（个体）``) or 姓名, then ``：`` or ``:``, then 2–4 Chinese characters and a
  delimiter (``，。；、`` space, bracket, end of text). The value is kept when it is an enterprise
  (three or more characters ending in 公司 厂 店 超市 中心 合作社 部 馆 行 站 社 院 所 局 场 铺
  厅 …; two characters are always a person), when it is already masked (contains 某) or a
  placeholder (不详, 无 …), and after 法定代表人姓名 / 负责人姓名: the legal representative or
  person in charge of an enterprise is public registration information and stays, as does
  anything after ``法定代表人：`` / ``负责人：`` (not a label here).
* **ID numbers** (``id_number``): an 18-character run of 17 digits + digit/X that is not part of
  a longer digit run is masked — unless it is not a valid 公民身份号码 (GB 11643) but is a
  valid 统一社会信用代码 (GB 32100), which stays. One random string in 31 passes the credit
  code's check character, so a credit code that also looks like an ID (a province code, then a
  birth date in 1900–2099 in digits 7–14) is masked all the same; real all-digit credit codes
  start with a registry code such as 91/92/93 and stay (even when their check digit happens to
  pass GB 11643 too). A valid ID written 6-8-4 with spaces or hyphens is masked too, and a
  15-digit run whose digits 7–12 are a 19YYMMDD date (old ID).
  Masked form: the 6-digit region, then ``*`` (``140821************``).
* **Mobile numbers** (``mobile``): ``1[3-9]`` + 9 digits, also ``138-1234-5678`` /
  ``138 1234 5678`` and with a ``+86`` / ``0086`` / ``86`` prefix, not part of a longer digit
  run → ``138****5678`` (separators and prefix kept).
* **Landlines** (``phone``) after a phone label (电话, 联系电话, 固定电话, 座机, 联系方式,
  传真, Tel): ``0359-1234567``, ``(0359)1234567``, ``03594021234`` → ``0359-*******`` (the
  area code stays; 010 and 02x are three digits, others four).
* **Bank accounts** (``bank_account``): a 16-, 17- or 19-digit run, four groups of four
  digits separated by spaces (plus 1–3 more), or 8–30 digits after 账号 / 帐号 / 账户 / 银行卡号 /
  卡号 … → every digit but the last four becomes ``*`` (``**** **** **** 1234``).
* **Home addresses** (``address``): the text after 住址 / 家庭住址 / 现住址 / 户籍地(址) /
  户籍所在地 / 居住地(址) / 现住 / 住所(地) up to the next ``，,。；;、``, space, newline or closing
  bracket (at most 60 characters), and every occurrence of the given ``addresses``: the
  administrative prefix stays (province, city, county/district, then the first 镇/乡/街道)
  and the rest becomes ``****`` (``山西省临猗县猗氏镇****``). Without a colon the label must be
  followed by such a prefix (so prose like “在其住所内” is left alone). 住所 / 住所地 are an
  enterprise's registered address — public — when the nearest party label before them names
  an enterprise or a 统一社会信用代码 comes between; they stay then.
* **Reviewer's terms** (``term``): every occurrence of each of ``extra_terms`` → ``***``.

Enterprise names, credit codes, amounts (``12000元``), dates, case numbers
(``临猗市监罚〔2026〕12号``) and 法定代表人 stay: no pattern above matches a digit that is
part of a longer number.

Matches never overlap: the longest wins (ties: the reviewer's terms, a labelled bank account,
ID, mobile, landline, bank account, address, name). When a longer match cuts into an ID or
mobile number, the digits left over are starred as well, and a last pass stars anything
:func:`find_unmasked` would still report, so ``find_unmasked(mask_text(t).text) == []`` for
every ``t``. Full-width digits (``１３８…``) are read as digits. Masking masked text changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from zhifa.core.identifiers import id_number_error, uscc_error

KIND_LABELS: dict[str, str] = {
    "name": "姓名",
    "id_number": "身份证号码",
    "mobile": "手机号码",
    "phone": "固定电话",
    "bank_account": "银行账号",
    "address": "住址",
    "term": "补充脱敏词",
}


@dataclass(frozen=True)
class Mask:
    kind: str  # a key of KIND_LABELS
    original: str
    masked: str
    start: int  # offsets in the ORIGINAL text
    end: int


@dataclass(frozen=True)
class MaskResult:
    text: str  # the masked text
    masks: tuple[Mask, ...]  # in order of position

    def as_json(self) -> list[dict]:
        """[{kind, original, masked, start, end}, …] for a JSONField."""
        return [asdict(m) for m in self.masks]


# ---------------------------------------------------------------------------------------------
# Names

# Two-character surnames (复姓) in common use; a name starting with one keeps both characters.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "南宫",
        "独孤",
        "西门",
        "万俟",
        "闻人",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
        "太叔",
        "申屠",
        "仲孙",
        "赫连",
        "呼延",
        "百里",
        "东郭",
        "南门",
        "羊舌",
        "微生",
        "梁丘",
        "左丘",
        "第五",
        "公羊",
        "谷梁",
        "拓跋",
        "完颜",
        "耶律",
        "司空",
        "司寇",
        "鲜于",
        "闾丘",
        "子车",
        "亓官",
        "巫马",
        "乐正",
        "壤驷",
        "公良",
        "漆雕",
        "段干",
        "东门",
        "西门",
        "归海",
        "呼延",
        "慕容",
    ]
)
_MASKED_MARK = "某"


def mask_person_name(name: str) -> str:
    """张三 / 张三丰 → 张某某, 欧阳修 → 欧阳某某 (R-1.2-15).

    A compound surname keeps both characters when the name is longer than two; any other name
    (minority names with ·, Latin names) keeps its first character only: ``John Smith`` →
    ``J某某``. A masked name stays as it is (``张某某`` → ``张某某``).
    """
    name = (name or "").strip()
    if not name:
        return ""
    surname = name[:2] if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else name[0]
    return surname + _MASKED_MARK * 2


# ---------------------------------------------------------------------------------------------
# Text normalisation: one character for one, so offsets agree with the original.

_FOLD = {ord("Ｘ"): "X", ord("ｘ"): "x", ord("＋"): "+", ord("－"): "-", ord("\u3000"): " "}


def _fold(text: str) -> str:
    """Full-width (and other Unicode) digits to ASCII, one character for one."""
    if text.isascii():
        return text
    out = []
    for c in text:
        if c.isdecimal() and not c.isascii():
            out.append(str(unicodedata.decimal(c)))
        else:
            out.append(_FOLD.get(ord(c), c))
    return "".join(out)


def _star_digits(s: str, keep_head: int = 0, keep_tail: int = 0) -> str:
    """Replace the digits (and X) of ``s`` with '*', keeping the first ``keep_head`` and last
    ``keep_tail`` of them; separators stay."""
    folded = _fold(s)
    positions = [i for i, c in enumerate(folded) if c.isdigit() or c in "Xx"]
    hidden = set(positions[keep_head : len(positions) - keep_tail if keep_tail else None])
    return "".join("*" if i in hidden else c for i, c in enumerate(s))


# ---------------------------------------------------------------------------------------------
# ID and mobile numbers: what must never be published (shared by mask_text and find_unmasked)

_ID18 = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
_ID18_GROUPED = re.compile(r"(?<![0-9])[0-9]{6}[ -][0-9]{8}[ -][0-9]{3}[0-9Xx](?![0-9])")
_MOBILE = re.compile(
    r"(?<![0-9])(?P<prefix>(?:\+86|0086|86)[ -]?)?(?P<number>1[3-9][0-9](?:[ -]?[0-9]{4}){2})(?![0-9])"
)


# First two digits of a 公民身份号码: the province-level region (GB/T 2260; 81–83 for the
# residence permits of Hong Kong, Macao and Taiwan residents).
_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)


def _looks_like_id(number: str) -> bool:
    """A province code, then (after the county) a birth date: a mistyped ID number."""
    if number[:2] not in _PROVINCES:
        return False
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= int(number[6:10]) < 2100


def _id18_is_exposed(number: str) -> bool:
    """An 18-character run to mask: anything that is not a valid credit code, and a valid credit
    code that looks like an ID (one random string in 31 passes the credit code's check
    character, so that check alone would let a mistyped ID through). A valid ID number always
    looks like one; a run that passes the ID check digit with no province code or a birth year
    outside 1900–2099 but is a valid credit code (911408210105305999) is a credit code."""
    return uscc_error(number) is not None or _looks_like_id(number)


def _hard_spans(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every ID or mobile number that must not be published."""
    spans: list[tuple[int, int, str]] = []
    for m in _ID18.finditer(folded):
        if _id18_is_exposed(m.group()):
            spans.append((m.start(), m.end(), "id_number"))
    for m in _ID18_GROUPED.finditer(folded):
        if id_number_error(re.sub(r"[ -]", "", m.group())) is None:
            spans.append((m.start(), m.end(), "id_number"))
    for m in _MOBILE.finditer(folded):
        spans.append((m.start(), m.end(), "mobile"))
    return spans


def find_unmasked(text: str) -> list[str]:
    """The last guard before publication (R-1.2-15): every full 18-character ID number (any
    17 digits + digit/X run, not part of a longer digit run, that is not a valid credit code or
    looks like an ID; a valid ID written 6-8-4) and every mobile number still in ``text``, in
    order of position. An empty list means safe; ``find_unmasked(mask_text(t).text) == []``."""
    folded = _fold(text or "")
    return [text[s:e] for s, e, _ in sorted(_hard_spans(folded))]


# ---------------------------------------------------------------------------------------------
# Candidates


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    kind: str
    masked: str
    priority: int  # lower wins a tie in length


# Tie-break order for matches of the same length.
_PRIORITY = {
    "term": 0,
    "bank_labelled": 1,
    "id_number": 2,
    "mobile": 3,
    "phone": 4,
    "bank_account": 5,
    "address": 6,
    "name": 7,
}

_DELIM = r"，,。；;、\s（()）\[\]【】"
_ENTERPRISE_SUFFIXES = [
    "公司",
    "厂",
    "店",
    "超市",
    "中心",
    "合作社",
    "部",
    "馆",
    "行",
    "站",
    "社",
    "院",
    "所",
    "局",
    "场",
    "铺",
    "厅",
    "商行",
    "经营部",
    "门市",
    "诊所",
    "药房",
    "酒家",
    "餐厅",
    "工作室",
    "加工坊",
]
_NOT_A_NAME = frozenset(["不详", "未知", "无", "见附件", "同上", "本人", "暂无", "空", "略"])

_NAME_AFTER_LABEL = re.compile(
    r"(?P<label>(?:当事人|被处罚人|被申请人|申请人|委托代理人|代理人|证人|经营者|举报人|投诉人)"
    r"(?:姓名|名称)?|姓名)"
    r"(?:[（(][^）)\n]{1,12}[）)])?\s*[：:]\s*"
    rf"(?P<name>[\u4e00-\u9fff·]{{2,4}})(?=[{_DELIM}]|$)"
)
_PUBLIC_PERSON_BEFORE = ("法定代表人", "负责人", "代表人")

_PHONE = re.compile(
    r"(?:联系电话|固定电话|电话号码|办公电话|家庭电话|电话|座机|联系方式|传真|Tel|TEL|tel)"
    r"\s*[：:]?\s*"
    r"(?<![0-9])(?P<number>(?P<area>[(（]0[0-9]{2,3}[)）]\s*|0[0-9]{2,3}[ -]?)[0-9]{7,8}(?:-[0-9]{1,4})?)"
    r"(?![0-9])"
)
_BANK_PLAIN = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{16,17}|[0-9]{19})(?![0-9A-Za-z])")
_BANK_GROUPED = re.compile(r"(?<![0-9])[0-9]{4}(?: [0-9]{4}){3}(?: [0-9]{1,3})?(?![0-9])")
_BANK_LABELLED = re.compile(
    r"(?:银行账号|银行卡号|银行帐号|开户账号|收款账号|账号|帐号|账户|帐户|卡号)\s*[：:]?\s*"
    r"(?<![0-9])(?P<number>[0-9](?:[0-9 ]{6,34})[0-9])(?![0-9])"
)
_OLD_ID15 = re.compile(r"(?<![0-9A-Za-z])[0-9]{15}(?![0-9A-Za-z])")

_ADDRESS_LABELLED = re.compile(
    r"(?P<label>家庭住址|现住址|住址|户籍地址|户籍所在地|户籍地|居住地址|经常居住地|现居住地|居住地"
    r"|现住|住所地|住所)"
    r"\s*(?P<colon>[：:])?\s*"
    rf"(?P<value>[^{_DELIM}]{{2,60}})"
)
_PARTY_LABEL = re.compile(
    r"(?:当事人|被处罚人|被申请人|申请人|经营者)(?:姓名|名称)?(?:[（(][^）)\n]{1,12}[）)])?\s*[：:]\s*"
    rf"(?P<value>[^{_DELIM}]{{1,60}})"
)

# The administrative prefix of an address: province, city, county/district, township — each
# optional, each a short name without the suffix characters of the levels below it.
_UNIT = r"[^\W\d_省市州盟县区旗镇乡村路街号巷组栋楼室*]"
_ADDRESS_PREFIX = re.compile(
    rf"(?:{_UNIT}{{1,8}}?(?:省|自治区))?"
    rf"(?:{_UNIT}{{1,8}}?(?:自治州|市|州|盟|地区))?"
    rf"(?:{_UNIT}{{1,8}}?(?:自治县|县|区|市|旗))?"
    rf"(?:{_UNIT}{{1,8}}?(?:镇|乡|街道))?"
)
_ADDRESS_MARK = "****"


def _address_prefix(address: str) -> str:
    m = _ADDRESS_PREFIX.match(address)
    return m.group() if m else ""


def mask_address(address: str) -> str:
    """山西省临猗县猗氏镇东街村12号 → 山西省临猗县猗氏镇**** (R-1.2-15): the administrative
    prefix stays, the rest is hidden. An address that is only a prefix (or already masked) is
    returned as it is."""
    prefix = _address_prefix(address)
    rest = address[len(prefix) :]
    if not rest.strip("*"):
        return address
    return prefix + _ADDRESS_MARK


def _is_enterprise(value: str) -> bool:
    return value.endswith(tuple(_ENTERPRISE_SUFFIXES))


def _occurrences(text: str, needle: str) -> Iterable[int]:
    i = text.find(needle)
    while i >= 0:
        yield i
        i = text.find(needle, i + 1)


def _mask_mobile(original: str, folded: str) -> str:
    m = _MOBILE.fullmatch(folded)
    prefix_len = len(m.group("prefix") or "") if m else 0
    head, number = original[:prefix_len], original[prefix_len:]
    # 3 digits stay, 4 hidden, 4 stay
    return head + _star_digits(number, keep_head=3, keep_tail=4)


def _mask_landline(original: str, area: str) -> str:
    """0359-1234567 / (0359)1234567 → the area code and separator stay, the rest is starred;
    03594021234 → 0359-*******."""
    if area.isdigit():  # written in one run: split the area code off
        area_len = 3 if area.startswith(("010", "02")) else 4
        return original[:area_len] + "-" + _star_digits(original[area_len:])
    return original[: len(area)] + _star_digits(original[len(area) :])


def _old_id_date_ok(number: str) -> bool:
    try:
        dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return True


def _enterprise_context(folded: str, pos: int) -> bool:
    """For 住所: does the nearest party label before ``pos`` name an enterprise, or does a
    统一社会信用代码 come between it and ``pos``?"""
    last = None
    for m in _PARTY_LABEL.finditer(folded, 0, pos):
        last = m
    if last is None:
        return "统一社会信用代码" in folded[max(0, pos - 80) : pos]
    return _is_enterprise(last.group("value")) or "统一社会信用代码" in folded[last.end() : pos]


def _candidates(
    text: str,
    folded: str,
    person_names: Iterable[str],
    addresses: Iterable[str],
    extra_terms: Iterable[str],
) -> list[_Candidate]:
    out: list[_Candidate] = []

    def add(start: int, end: int, kind: str, masked: str, priority_kind: str | None = None) -> None:
        if end > start and masked != text[start:end]:
            out.append(_Candidate(start, end, kind, masked, _PRIORITY[priority_kind or kind]))

    # ID and mobile numbers
    for start, end, kind in _hard_spans(folded):
        original = text[start:end]
        if kind == "id_number":
            add(start, end, kind, _star_digits(original, keep_head=6))
        else:
            add(start, end, kind, _mask_mobile(original, folded[start:end]))
    for m in _OLD_ID15.finditer(folded):
        if _old_id_date_ok(m.group()):
            add(m.start(), m.end(), "id_number", _star_digits(text[m.start() : m.end()], 6))

    # Landlines after a phone label
    for m in _PHONE.finditer(folded):
        s, e = m.start("number"), m.end("number")
        add(s, e, "phone", _mask_landline(text[s:e], m.group("area")))

    # Bank accounts
    for m in _BANK_PLAIN.finditer(folded):
        add(
            m.start(), m.end(), "bank_account", _star_digits(text[m.start() : m.end()], keep_tail=4)
        )
    for m in _BANK_GROUPED.finditer(folded):
        add(m.start(), m.end(), "bank_account", _star_digits(text[m.start() : m.end()], 0, 4))
    for m in _BANK_LABELLED.finditer(folded):
        s, e = m.start("number"), m.end("number")
        add(s, e, "bank_account", _star_digits(text[s:e], keep_tail=4), "bank_labelled")

    # Addresses
    for m in _ADDRESS_LABELLED.finditer(folded):
        value = m.group("value")
        if not m.group("colon") and not _address_prefix(value):
            continue  # prose such as 在其住所内
        if m.group("label").startswith("住所") and _enterprise_context(folded, m.start()):
            continue  # an enterprise's registered address is public
        s, e = m.start("value"), m.end("value")
        add(s, e, "address", mask_address(text[s:e]))
    for address in {a.strip() for a in addresses if a and len(a.strip()) >= 2}:
        masked_address = mask_address(address)
        for i in _occurrences(text, address):
            add(i, i + len(address), "address", masked_address)

    # Names
    for name in {n.strip() for n in person_names if n and len(n.strip()) >= 2}:
        if _MASKED_MARK in name:
            continue
        masked_name = mask_person_name(name)
        for i in _occurrences(text, name):
            add(i, i + len(name), "name", masked_name)
    for m in _NAME_AFTER_LABEL.finditer(folded):
        name = m.group("name")
        if _MASKED_MARK in name or name in _NOT_A_NAME:
            continue
        if len(name) >= 3 and _is_enterprise(name):
            continue
        if m.group("label") == "姓名" and folded.endswith(_PUBLIC_PERSON_BEFORE, 0, m.start()):
            continue  # 法定代表人姓名：— public registration information
        add(
            m.start("name"),
            m.end("name"),
            "name",
            mask_person_name(text[m.start("name") : m.end("name")]),
        )

    # The reviewer's terms
    for term in {t.strip() for t in extra_terms if t and t.strip()}:
        for i in _occurrences(text, term):
            add(i, i + len(term), "term", "***")
    return out


# ---------------------------------------------------------------------------------------------
# Resolution


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping, longest first (then by priority, then leftmost)."""
    chosen: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), c.priority, c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _uncovered(start: int, end: int, taken: list[Mask]) -> list[tuple[int, int]]:
    pieces = [(start, end)]
    for o in taken:
        next_pieces = []
        for s, e in pieces:
            if o.end <= s or o.start >= e:
                next_pieces.append((s, e))
                continue
            if s < o.start:
                next_pieces.append((s, o.start))
            if o.end < e:
                next_pieces.append((o.end, e))
        pieces = next_pieces
    return pieces


def _render(text: str, masks: list[Mask]) -> tuple[str, list[tuple[int, int]]]:
    """The masked text and, for each of its characters, (mask index or -1, index in the original
    text or in that mask's masked string)."""
    parts: list[str] = []
    owners: list[tuple[int, int]] = []
    pos = 0
    for k, m in enumerate(masks):
        parts.append(text[pos : m.start])
        owners.extend((-1, i) for i in range(pos, m.start))
        parts.append(m.masked)
        owners.extend((k, j) for j in range(len(m.masked)))
        pos = m.end
    parts.append(text[pos:])
    owners.extend((-1, i) for i in range(pos, len(text)))
    return "".join(parts), owners


def _guard(text: str, masks: list[Mask]) -> list[Mask]:
    """Star whatever find_unmasked would still report in the masked text (a match that only
    appears once a neighbouring part was replaced). Each round hides at least one digit."""
    while True:
        out, owners = _render(text, masks)
        folded_out = _fold(out)
        spans = _hard_spans(folded_out)
        if not spans:
            return masks
        raw: dict[int, str] = {}  # original index → kind
        in_masks: dict[int, set[int]] = {}
        for s, e, kind in spans:
            for p in range(s, e):
                if not (folded_out[p].isdigit() or folded_out[p] in "Xx"):
                    continue
                k, i = owners[p]
                if k < 0:
                    raw[i] = kind
                else:
                    in_masks.setdefault(k, set()).add(i)
        updated = list(masks)
        for k, idx in in_masks.items():
            m = updated[k]
            starred = "".join("*" if j in idx else c for j, c in enumerate(m.masked))
            updated[k] = Mask(m.kind, m.original, starred, m.start, m.end)
        run: list[int] = []
        for i in [*sorted(raw), -2]:  # consecutive starred characters make one mask
            if run and i != run[-1] + 1:
                s, e = run[0], run[-1] + 1
                updated.append(Mask(raw[run[0]], text[s:e], "*" * (e - s), s, e))
                run = []
            run.append(i)
        masks = sorted(updated, key=lambda m: m.start)


def mask_text(
    text: str,
    *,
    person_names: Iterable[str] = (),
    addresses: Iterable[str] = (),
    extra_terms: Iterable[str] = (),
) -> MaskResult:
    """Mask the personal data in ``text`` (R-1.2-15); see the module docstring for the rules.

    ``person_names`` and ``addresses`` are the natural persons' names and home addresses the
    case knows; ``extra_terms`` the legal reviewer's additional words. The masks are returned
    with their offsets in ``text`` for the reviewer's confirmation.
    """
    text = text or ""
    folded = _fold(text)
    chosen = _select(_candidates(text, folded, person_names, addresses, extra_terms))

    # An ID or mobile number cut by a longer match: star the digits left over.
    masks = [Mask(c.kind, text[c.start : c.end], c.masked, c.start, c.end) for c in chosen]
    for start, end, kind in _hard_spans(folded):
        for s, e in _uncovered(start, end, masks):
            starred = _star_digits(text[s:e])
            if starred != text[s:e]:
                masks.append(Mask(kind, text[s:e], starred, s, e))
    masks.sort(key=lambda m: m.start)

    masks = _guard(text, masks)
    out, _ = _render(text, masks)
    return MaskResult(text=out, masks=tuple(masks))
