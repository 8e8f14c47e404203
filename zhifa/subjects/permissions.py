"""Who may read and who may change the market-entity directory.

The directory is the county's shared pool of inspection targets (R-1.1-02), so reading is not
scoped by unit; changing is. There is **no public page**: the directory holds personal data
(names of representatives, ID numbers of natural persons, phone numbers), and the rules do not
require it to be published, so nothing of it is shown without a login.
"""

from __future__ import annotations

from zhifa.accounts.constants import OrganisationKind, Role
from zhifa.accounts.models import Organisation, User
from zhifa.subjects.models import MarketEntity

# Units whose staff read the directory: the enforcing units, the Justice Bureau and its
# judicial offices, the county government. Outside bodies (police, procuratorate, court,
# discipline organ) and "other" units see nothing.
READER_KINDS = frozenset(
    {
        OrganisationKind.COUNTY_GOVERNMENT,
        OrganisationKind.JUSTICE_BUREAU,
        OrganisationKind.JUDICIAL_OFFICE,
        OrganisationKind.COUNTY_ENFORCEMENT_DEPT,
        OrganisationKind.TOWNSHIP_GOVERNMENT,
        OrganisationKind.TOWNSHIP_TEAM,
        OrganisationKind.ENFORCEMENT_UNIT,
    }
)
EDITOR_ROLES = (Role.OFFICER, Role.UNIT_HEAD)
JB_EDITOR_ROLES = (Role.SUPERVISOR, Role.SYSADMIN)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_read_directory(user: User) -> bool:
    """Every active staff member of an enforcing unit, the Justice Bureau (and its judicial
    offices) or the county government; county-wide roles wherever they sit. Not outside bodies."""
    if not _active(user):
        return False
    if user.is_superuser or user.is_county_wide:
        return True
    org = user.organisation
    return org is not None and org.kind in READER_KINDS


def user_township(user: User) -> Organisation | None:
    """The township government a township user works for (the team's parent), else None."""
    org = user.organisation
    while org is not None:
        if org.kind == OrganisationKind.TOWNSHIP_GOVERNMENT:
            return org
        if org.kind not in (OrganisationKind.TOWNSHIP_TEAM, OrganisationKind.ENFORCEMENT_UNIT):
            return None
        org = org.parent
    return None


def _county_level_editor(user: User) -> bool:
    """A county department's officer or head (or a body inside a department), or the Justice
    Bureau's supervisors and administrators, or a superuser."""
    if user.is_superuser:
        return True
    if user.has_role(*JB_EDITOR_ROLES):
        return True
    org = user.organisation
    if org is None or not user.has_role(*EDITOR_ROLES):
        return False
    if org.kind == OrganisationKind.COUNTY_ENFORCEMENT_DEPT:
        return True
    if org.kind == OrganisationKind.ENFORCEMENT_UNIT:
        parent = org.parent
        return parent is not None and parent.kind == OrganisationKind.COUNTY_ENFORCEMENT_DEPT
    return False


def can_edit_directory(user: User) -> bool:
    """Whether the user may add entities (and import) at all; see :func:`can_edit_entity`."""
    if not _active(user):
        return False
    if _county_level_editor(user):
        return True
    return user.has_role(*EDITOR_ROLES) and user_township(user) is not None


def editable_township(user: User) -> Organisation | None:
    """For a township editor, the only township whose entities they may change; None means
    any township (county-level editors)."""
    if _county_level_editor(user):
        return None
    return user_township(user)


def can_edit_entity(user: User, entity: MarketEntity) -> bool:
    """Who may change an entity (its fields, flags, status):

    - officers and unit heads of a county enforcement department (or of a body inside one):
      any entity, the department inspects across the county;
    - Justice Bureau supervisors and system administrators: any entity;
    - officers and unit heads of a township government or its comprehensive enforcement team:
      the entities of that township only (not those of another township, nor those without a
      township);
    - everyone else (legal reviewers, archivists, county leaders, outside bodies): nobody.
    """
    if not can_edit_directory(user):
        return False
    town = editable_township(user)
    return town is None or entity.township_id == town.pk


def can_see_id_numbers(user: User, entity: MarketEntity) -> bool:
    """A natural person's full ID number is shown to those who may edit the entity (the unit
    responsible for it, the county departments, the Justice Bureau); everyone else sees it
    masked (region and last character)."""
    return can_edit_entity(user, entity)


def id_number_visibility(user: User) -> IdNumberVisibility:
    """One decision per request for many rows (lists, exports): who sees which ID numbers."""
    return IdNumberVisibility(
        editor=can_edit_directory(user),
        township_id=(town.pk if (town := editable_township(user)) is not None else None)
        if can_edit_directory(user)
        else None,
    )


class IdNumberVisibility:
    """``visible(entity_township_id)``: the rule of :func:`can_see_id_numbers` without queries."""

    def __init__(self, *, editor: bool, township_id: int | None) -> None:
        self.editor = editor
        self.township_id = township_id

    def visible(self, township_id: int | None) -> bool:
        return self.editor and (self.township_id is None or township_id == self.township_id)
