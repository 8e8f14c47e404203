"""Organisation kinds and user roles (names from ../shared/spec/glossary.md)."""

from django.db import models


class OrganisationKind(models.TextChoices):
    COUNTY_GOVERNMENT = "county_government", "县人民政府"
    JUSTICE_BUREAU = "justice_bureau", "县司法局"
    JUDICIAL_OFFICE = "judicial_office", "司法所"
    COUNTY_ENFORCEMENT_DEPT = "county_enforcement_dept", "县直行政执法部门"
    TOWNSHIP_GOVERNMENT = "township_government", "乡镇人民政府"
    TOWNSHIP_TEAM = "township_team", "乡镇综合行政执法队"
    ENFORCEMENT_UNIT = "enforcement_unit", "执法机构（内设）"
    PUBLIC_SECURITY = "public_security", "公安机关"
    PROCURATORATE = "procuratorate", "人民检察院"
    COURT = "court", "人民法院"
    DISCIPLINE_ORGAN = "discipline_organ", "纪检监察机关"
    OTHER = "other", "其他单位"


# Kinds that enforce the law themselves (enforcement subjects and their bodies).
ENFORCING_KINDS = frozenset(
    {
        OrganisationKind.COUNTY_ENFORCEMENT_DEPT,
        OrganisationKind.TOWNSHIP_GOVERNMENT,
        OrganisationKind.TOWNSHIP_TEAM,
        OrganisationKind.ENFORCEMENT_UNIT,
    }
)
# Outside bodies Zhifa exchanges with; they see only what is sent to them.
OUTSIDE_KINDS = frozenset(
    {
        OrganisationKind.PUBLIC_SECURITY,
        OrganisationKind.PROCURATORATE,
        OrganisationKind.COURT,
        OrganisationKind.DISCIPLINE_ORGAN,
    }
)


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核人员"
    UNIT_HEAD = "unit_head", "单位负责人"
    ARCHIVIST = "archivist", "档案管理员"
    SUPERVISOR = "supervisor", "司法局执法监督人员"
    COUNTY_LEADER = "county_leader", "县领导"
    SYSADMIN = "sysadmin", "系统管理员"


# Roles whose scope is the whole county, whatever organisation they belong to.
COUNTY_WIDE_ROLES = frozenset({Role.SUPERVISOR, Role.COUNTY_LEADER, Role.SYSADMIN})
