from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm

from zhifa.accounts.constants import Role
from zhifa.accounts.models import ApiToken, Organisation, User, UserRole
from zhifa.accounts.services import ROLE_GUARDS, user_set_roles
from zhifa.core.errors import DomainError


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code")
    readonly_fields = ("path",)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # units are deactivated, never deleted


class UserRoleInline(admin.TabularInline):
    """Roles are shown here but changed only through the "角色" field of the form, which calls
    ``user_set_roles`` so the role guards apply (e.g. R-1.10-05: no enforcement role before the
    induction assessment is passed)."""

    model = UserRole
    extra = 0
    can_delete = False
    readonly_fields = ("role",)

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class UserAdminChangeForm(UserChangeForm):
    role_choices = forms.MultipleChoiceField(
        label="角色",
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="通过角色服务保存：授予执法人员角色须已建立执法人员档案并通过入职培训考核。",
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["role_choices"].initial = sorted(self.instance.role_set)

    def clean_role_choices(self) -> list[str]:
        """Refuse here, with the guard's reason, what ``user_set_roles`` would refuse."""
        wanted = list(self.cleaned_data.get("role_choices") or [])
        added = frozenset(wanted) - (self.instance.role_set if self.instance.pk else frozenset())
        if added:
            try:
                for guard in ROLE_GUARDS:
                    guard(self.instance, added)
            except DomainError as exc:
                raise forms.ValidationError(exc.message) from exc
        return wanted


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "organisation", "is_active", "last_login")
    list_filter = ("is_active", "organisation__kind", "roles__role")
    search_fields = ("username", "full_name", "phone")
    inlines = (UserRoleInline,)
    form = UserAdminChangeForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "organisation", "post", "phone", "email")}),
        ("权限", {"fields": ("role_choices", "is_active", "is_staff", "is_superuser")}),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "organisation", "password1", "password2")}),
    )

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        if "role_choices" not in form.cleaned_data:
            return
        wanted = set(form.cleaned_data["role_choices"])
        if wanted == set(form.instance.role_set):
            return
        try:
            user_set_roles(actor=request.user, user=form.instance, roles=wanted)
        except DomainError as exc:
            messages.error(request, f"角色未修改：{exc.message}")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "created_at", "last_used_at")
