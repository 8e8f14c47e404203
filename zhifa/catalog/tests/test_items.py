"""The item catalogue: proposals, the adjustment workflow, the catalogue on a date, R-1.8-04."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import Workbook

from zhifa.catalog.constants import ChangeKind, ChangeTrigger, ItemType, VersionStatus
from zhifa.catalog.models import EnforcementItem, EnforcementType, ItemVersion
from zhifa.catalog.selectors.items import (
    item_in_force_for,
    items_in_force,
    proposals_visible,
    review_queue_counts,
    version_diff,
)
from zhifa.catalog.services.items import (
    item_catalogue_import,
    item_propose,
    item_require_in_catalogue,
    item_version_approve,
    item_version_publish,
    item_version_review,
    item_version_withdraw,
)
from zhifa.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from zhifa.ledger.models import LedgerEntry

D = dt.date


def elements(**over):  # type: ignore[no-untyped-def]
    base = {
        "name": "对违法建设的处罚",
        "item_type": ItemType.PENALTY,
        "enforcement_type": EnforcementType.objects.get(code="township"),
        "legal_basis": "《中华人民共和国城乡规划法》第六十五条",
        "implementing_subject": "乡镇人民政府",
        "conditions": "",
        "procedure": "立案、调查、告知、决定",
        "time_limit": "立案之日起九十日内",
        "time_limit_basis": "",
        "remedies": "行政复议或行政诉讼",
    }
    base.update(over)
    return base


def publish_item(org, proposer, jb, *, on=None, code="", **over) -> ItemVersion:  # type: ignore[no-untyped-def]
    """Walk an add proposal through the whole flow and publish it on ``on``."""
    v = item_propose(
        organisation=org,
        actor=proposer,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        code=code,
        elements=elements(**over),
    )
    v = item_version_review(version=v, actor=jb, passed=True)
    v = item_version_approve(version=v, actor=jb, document_number="临政函〔2025〕1号")
    return item_version_publish(version=v, actor=jb, effective_from=on or D(2025, 1, 6))


def test_r_1_8_06_full_flow_proposed_reviewed_approved_published(county, people):
    """R-1.8-06: proposed → jb_reviewed → gov_approved → published, each with a ledger entry."""
    v = item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(),
    )
    assert v.status == VersionStatus.PROPOSED and v.number == 1
    assert v.item.organisation == county.town_a and not v.item.is_in_force
    v = item_version_review(version=v, actor=people.supervisor, passed=True, opinion="同意")
    assert v.status == VersionStatus.JB_REVIEWED
    v = item_version_approve(version=v, actor=people.leader, document_number="临政函〔2025〕3号")
    assert v.status == VersionStatus.GOV_APPROVED and v.approval_document == "临政函〔2025〕3号"
    v = item_version_publish(version=v, actor=people.supervisor, effective_from=D(2025, 3, 1))
    item = EnforcementItem.objects.get(pk=v.item_id)
    assert v.status == VersionStatus.PUBLISHED and v.effective_from == D(2025, 3, 1)
    assert item.current_version == v and item.is_in_force
    actions = list(
        LedgerEntry.objects.filter(action__startswith="catalog.item.").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "catalog.item.proposed",
        "catalog.item.reviewed",
        "catalog.item.approved",
        "catalog.item.published",
    ]


def test_r_1_8_06_steps_cannot_be_skipped(county, people):
    """R-1.8-06: no publication before approval, no approval before review."""
    v = item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(),
    )
    with pytest.raises(TransitionNotAllowed):
        item_version_publish(version=v, actor=people.supervisor)
    with pytest.raises(TransitionNotAllowed):
        item_version_approve(version=v, actor=people.supervisor, document_number="x")
    v = item_version_review(version=v, actor=people.supervisor, passed=True)
    with pytest.raises(TransitionNotAllowed):
        item_version_review(version=v, actor=people.supervisor, passed=True)
    with pytest.raises(DomainError) as exc:
        item_version_approve(version=v, actor=people.supervisor, document_number="  ")
    assert exc.value.field == "document_number"


def test_r_1_8_01_only_the_justice_bureau_reviews_and_publishes(county, people):
    """R-1.8-01: the JB manages the catalogue; a unit head cannot review or publish."""
    v = item_propose(
        organisation=county.dept,
        actor=people.head,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(enforcement_type=EnforcementType.objects.get(code="market")),
    )
    for actor in (people.head, people.reviewer, people.leader, people.officer_a):
        with pytest.raises(PermissionDenied):
            item_version_review(version=v, actor=actor, passed=True)
    v = item_version_review(version=v, actor=people.supervisor, passed=True)
    with pytest.raises(PermissionDenied):
        item_version_approve(version=v, actor=people.head, document_number="x")
    v = item_version_approve(version=v, actor=people.supervisor, document_number="临政函1号")
    for actor in (people.head, people.leader):
        with pytest.raises(PermissionDenied):
            item_version_publish(version=v, actor=actor)


def test_who_may_propose_for_which_unit(county, people):
    """A township's head proposes for its township, not for another; an officer does not."""
    with pytest.raises(PermissionDenied):
        item_propose(
            organisation=county.town_b,
            actor=people.town_head,
            change_kind=ChangeKind.ADD,
            change_trigger=ChangeTrigger.INITIAL,
            elements=elements(),
        )
    with pytest.raises(PermissionDenied):
        item_propose(
            organisation=county.town_a,
            actor=people.officer_a,
            change_kind=ChangeKind.ADD,
            change_trigger=ChangeTrigger.INITIAL,
            elements=elements(),
        )
    # the team proposes into its township's catalogue; the JB may propose for anyone
    v = item_propose(
        organisation=county.team_a,
        actor=people.supervisor,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(),
    )
    assert v.item.organisation == county.town_a
    with pytest.raises(DomainError):
        item_propose(
            organisation=county.police,
            actor=people.supervisor,
            change_kind=ChangeKind.ADD,
            change_trigger=ChangeTrigger.INITIAL,
            elements=elements(),
        )


def test_r_1_5_15_time_limit_may_not_be_empty(county, people):
    """R-1.5-15: every item carries a time limit."""
    with pytest.raises(DomainError) as exc:
        item_propose(
            organisation=county.town_a,
            actor=people.town_head,
            change_kind=ChangeKind.ADD,
            change_trigger=ChangeTrigger.INITIAL,
            elements=elements(time_limit="   "),
        )
    assert exc.value.field == "time_limit" and "R-1.5-15" in exc.value.message
    assert not ItemVersion.objects.exists() and not EnforcementItem.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("legal_basis", ""), ("implementing_subject", ""), ("item_type", "bribe")],
)
def test_r_1_8_02_r_1_8_03_elements_and_the_ten_types(county, people, field, value):
    """R-1.8-02 elements are required; R-1.8-03 only the ten item types are accepted."""
    with pytest.raises(DomainError) as exc:
        item_propose(
            organisation=county.town_a,
            actor=people.town_head,
            change_kind=ChangeKind.ADD,
            change_trigger=ChangeTrigger.INITIAL,
            elements=elements(**{field: value}),
        )
    assert exc.value.field == field
    assert len(ItemType.values) == 10


def test_r_1_8_05_trigger_recorded_and_required(county, people):
    """R-1.8-05: every version records why the catalogue is adjusted."""
    with pytest.raises(DomainError) as exc:
        item_propose(
            organisation=county.town_a,
            actor=people.town_head,
            change_kind=ChangeKind.ADD,
            change_trigger="because",
            elements=elements(),
        )
    assert exc.value.field == "change_trigger"
    v = publish_item(county.town_a, people.town_head, people.supervisor)
    change = item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        item=v.item,
        change_kind=ChangeKind.CHANGE,
        change_trigger=ChangeTrigger.LAW_CHANGED,
        change_reason="《城乡规划法》修正",
        elements=elements(time_limit="立案之日起六十日内"),
    )
    assert change.change_trigger == ChangeTrigger.LAW_CHANGED
    entry = LedgerEntry.objects.filter(action="catalog.item.proposed").last()
    assert entry is not None and '"trigger":"law_changed"' in entry.payload


def test_only_one_open_proposal_per_item(county, people):
    v = publish_item(county.town_a, people.town_head, people.supervisor)
    item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        item=v.item,
        change_kind=ChangeKind.CHANGE,
        change_trigger=ChangeTrigger.OTHER,
        elements=elements(name="对违法建设行为的处罚"),
    )
    with pytest.raises(DomainError) as exc:
        item_propose(
            organisation=county.town_a,
            actor=people.town_head,
            item=v.item,
            change_kind=ChangeKind.DELETE,
            change_trigger=ChangeTrigger.OTHER,
        )
    assert exc.value.code == "open_proposal_exists"


def test_r_1_8_06_catalogue_on_a_date_change_and_delete_versions(county, people):
    """R-1.8-06: publication ends the previous version; a delete version takes the item out."""
    jb = people.supervisor
    v1 = publish_item(county.town_a, people.town_head, jb, on=D(2025, 1, 6))
    item = v1.item
    v2 = item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        item=item,
        change_kind=ChangeKind.CHANGE,
        change_trigger=ChangeTrigger.LAW_CHANGED,
        elements=elements(name="对未取得建设工程规划许可证进行建设的处罚"),
    )
    v2 = item_version_review(version=v2, actor=jb, passed=True)
    v2 = item_version_approve(version=v2, actor=jb, document_number="临政函〔2025〕9号")
    v2 = item_version_publish(version=v2, actor=jb, effective_from=D(2025, 6, 1))
    v1.refresh_from_db()
    assert v1.effective_to == D(2025, 6, 1)
    assert [v.pk for v in items_in_force(organisation=county.town_a, on_date=D(2025, 5, 31))] == [
        v1.pk
    ]
    assert [v.pk for v in items_in_force(organisation=county.town_a, on_date=D(2025, 6, 1))] == [
        v2.pk
    ]
    assert not items_in_force(organisation=county.town_a, on_date=D(2025, 1, 5)).exists()
    d = item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        item=item,
        change_kind=ChangeKind.DELETE,
        change_trigger=ChangeTrigger.ITEM_SET_BY_PROCEDURE,
    )
    assert d.name == v2.name and d.time_limit == v2.time_limit
    d = item_version_review(version=d, actor=jb, passed=True)
    d = item_version_approve(version=d, actor=jb, document_number="临政函〔2025〕12号")
    with pytest.raises(DomainError):
        item_version_publish(version=d, actor=jb, effective_from=D(2025, 5, 1))
    item_version_publish(version=d, actor=jb, effective_from=D(2025, 9, 1))
    item.refresh_from_db()
    assert not item.is_in_force and item.current_version_id == d.pk
    assert not items_in_force(organisation=county.town_a, on_date=D(2025, 9, 1)).exists()
    assert items_in_force(organisation=county.town_a, on_date=D(2025, 8, 31)).count() == 1
    assert ItemVersion.objects.filter(item=item).count() == 3  # nothing deleted
    # filters
    assert items_in_force(on_date=D(2025, 7, 1), item_type=ItemType.PENALTY).count() == 1
    assert not items_in_force(on_date=D(2025, 7, 1), item_type=ItemType.PERMIT).exists()
    assert items_in_force(on_date=D(2025, 7, 1), enforcement_type="township").count() == 1
    assert not items_in_force(on_date=D(2025, 7, 1), enforcement_type="market").exists()


def test_r_1_8_06_rejection_and_withdrawal(county, people):
    jb = people.supervisor
    v = item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(),
    )
    with pytest.raises(DomainError):
        item_version_review(version=v, actor=jb, passed=False, opinion="")
    v = item_version_review(version=v, actor=jb, passed=False, opinion="设立依据不准确")
    assert v.status == VersionStatus.REJECTED and v.closed_reason == "设立依据不准确"
    with pytest.raises(TransitionNotAllowed):
        item_version_withdraw(version=v, actor=people.town_head, reason="x")
    # a new proposal for the same item is allowed once the first is closed
    v2 = item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        item=v.item,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(legal_basis="《城乡规划法》第六十五条"),
    )
    assert v2.number == 2
    with pytest.raises(PermissionDenied):
        item_version_withdraw(version=v2, actor=people.head, reason="x")
    with pytest.raises(DomainError):
        item_version_withdraw(version=v2, actor=people.town_head, reason="")
    v2 = item_version_withdraw(version=v2, actor=people.town_head, reason="重新梳理")
    assert v2.status == VersionStatus.WITHDRAWN
    # the government may refuse a reviewed proposal
    v3 = item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        item=v.item,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(),
    )
    v3 = item_version_review(version=v3, actor=jb, passed=True)
    with pytest.raises(DomainError):
        item_version_approve(version=v3, actor=people.leader, approved=False)
    v3 = item_version_approve(version=v3, actor=people.leader, approved=False, opinion="暂缓")
    assert v3.status == VersionStatus.REJECTED


def test_r_1_8_06_locally_authorised_items_skip_review_and_approval(county, people):
    """R-1.8-06: 地方法规法定授权事项 are outside the adjustment flow: published directly."""
    v = item_propose(
        organisation=county.dept,
        actor=people.head,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        locally_authorised=True,
        elements=elements(enforcement_type=EnforcementType.objects.get(code="market")),
    )
    with pytest.raises(TransitionNotAllowed):
        item_version_review(version=v, actor=people.supervisor, passed=True)
    v = item_version_publish(version=v, actor=people.supervisor, effective_from=D(2025, 2, 1))
    assert v.status == VersionStatus.PUBLISHED and v.reviewed_at is None


def test_r_1_8_04_a_township_may_not_act_outside_its_catalogue(county, people):
    """R-1.8-04: item_require_in_catalogue refuses items outside the unit's catalogue on a date."""
    jb = people.supervisor
    v = publish_item(county.town_a, people.town_head, jb, on=D(2025, 3, 1))
    item = v.item
    # the team acts under its township's catalogue
    item_require_in_catalogue(organisation=county.team_a, item=item, on_date=D(2025, 3, 1))
    assert item_in_force_for(organisation=county.town_a, item=item, on_date=D(2025, 4, 1))
    with pytest.raises(DomainError) as exc:
        item_require_in_catalogue(organisation=county.team_a, item=item, on_date=D(2025, 2, 28))
    assert exc.value.code == "item_not_in_catalogue" and "R-1.8-04" in exc.value.message
    with pytest.raises(DomainError):  # another township's item
        item_require_in_catalogue(organisation=county.team_b, item=item, on_date=D(2025, 4, 1))
    # an item still under review is not in the catalogue
    pending = item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(name="对擅自设置户外广告的处罚"),
    )
    with time_machine.travel(dt.datetime(2025, 5, 1, 9, tzinfo=dt.UTC), tick=False):
        with pytest.raises(DomainError):
            item_require_in_catalogue(organisation=county.team_a, item=pending.item)
        item_require_in_catalogue(organisation=county.team_a, item=item)


def test_proposals_are_scoped_and_counted(county, people):
    item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(),
    )
    item_propose(
        organisation=county.dept,
        actor=people.head,
        change_kind=ChangeKind.ADD,
        change_trigger=ChangeTrigger.INITIAL,
        elements=elements(enforcement_type=EnforcementType.objects.get(code="market")),
    )
    assert proposals_visible(user=people.supervisor).count() == 2
    assert proposals_visible(user=people.officer_a).count() == 1  # the team sees its township's
    assert proposals_visible(user=people.officer_b).count() == 0
    assert proposals_visible(user=people.head).count() == 1
    assert review_queue_counts(user=people.supervisor)[VersionStatus.PROPOSED] == 2


def test_version_diff_lists_changed_elements(county, people):
    v1 = publish_item(county.town_a, people.town_head, people.supervisor)
    v2 = item_propose(
        organisation=county.town_a,
        actor=people.town_head,
        item=v1.item,
        change_kind=ChangeKind.CHANGE,
        change_trigger=ChangeTrigger.OTHER,
        elements=elements(time_limit="六十日"),
    )
    diff = version_diff(v1, v2)
    assert [d["field"] for d in diff] == ["time_limit"]
    assert diff[0]["old"] == "立案之日起九十日内" and diff[0]["new"] == "六十日"


def _xlsx(rows):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "事项编码",
            "事项名称",
            "事项类型",
            "执法类型",
            "设立依据",
            "实施主体",
            "实施条件",
            "实施程序",
            "办理时限",
            "时限依据",
            "救济途径",
            "地方法规授权",
        ]
    )
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_r_1_8_06_initial_catalogue_import_reports_bad_rows(county, people):
    """Bulk import: valid rows become published INITIAL versions; bad rows are reported by row
    number (R-1.5-15 empty time limit, R-1.8-03 unknown type); a second import adds nothing."""
    ok = [
        "YS-001",
        "对违法建设的处罚",
        "行政处罚",
        "乡镇综合行政执法",
        "《城乡规划法》第65条",
        "猗氏镇人民政府",
        "",
        "",
        "九十日",
        "",
        "复议或诉讼",
        "否",
    ]
    local = [
        "YS-002",
        "对燃放烟花爆竹的处罚",
        "处罚",
        "township",
        "《山西省烟花爆竹安全管理条例》",
        "猗氏镇人民政府",
        "",
        "",
        "当场或七日",
        "",
        "",
        "是",
    ]
    no_limit = [
        "YS-003",
        "对占道经营的处罚",
        "行政处罚",
        "乡镇综合行政执法",
        "《城市市容和环境卫生管理条例》",
        "猗氏镇人民政府",
        "",
        "",
        "",
        "",
        "",
        "否",
    ]
    bad_type = [
        "YS-004",
        "秸秆焚烧",
        "罚没",
        "乡镇综合行政执法",
        "《大气污染防治法》",
        "猗氏镇人民政府",
        "",
        "",
        "九十日",
        "",
        "",
        "否",
    ]
    data = _xlsx([ok, local, no_limit, [None] * 12, bad_type])
    report = item_catalogue_import(
        organisation=county.town_a,
        actor=people.supervisor,
        data=data,
        approval_document="临政发〔2023〕15号",
        effective_from=D(2023, 6, 1),
    )
    assert report.imported == ["YS-001", "YS-002"]
    assert [n for n, _ in report.errors] == [4, 6]
    assert "R-1.5-15" in report.errors[0][1] and "十类" in report.errors[1][1]
    assert items_in_force(organisation=county.town_a, on_date=D(2023, 6, 1)).count() == 2
    v = ItemVersion.objects.get(item__code="YS-001")
    assert v.change_trigger == ChangeTrigger.INITIAL and v.approval_document == "临政发〔2023〕15号"
    assert EnforcementItem.objects.get(code="YS-002").locally_authorised
    again = item_catalogue_import(
        organisation=county.town_a,
        actor=people.supervisor,
        data=data,
        approval_document="临政发〔2023〕15号",
        effective_from=D(2023, 6, 1),
    )
    assert again.imported == [] and EnforcementItem.objects.count() == 2
    with pytest.raises(PermissionDenied):
        item_catalogue_import(
            organisation=county.town_a,
            actor=people.town_head,
            data=data,
            approval_document="x",
            effective_from=D(2023, 6, 1),
        )
    with pytest.raises(DomainError) as exc:
        item_catalogue_import(
            organisation=county.town_a,
            actor=people.supervisor,
            data=b"not a spreadsheet",
            approval_document="x",
            effective_from=D(2023, 6, 1),
        )
    assert exc.value.field == "file"
