from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from zhifa.accounts.models import ApiToken, Organisation, User, UserRole


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code")
    readonly_fields = ("path",)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # units are deactivated, never deleted


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "organisation", "is_active", "last_login")
    list_filter = ("is_active", "organisation__kind", "roles__role")
    search_fields = ("username", "full_name", "phone")
    inlines = (UserRoleInline,)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "organisation", "post", "phone", "email")}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "organisation", "password1", "password2")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "created_at", "last_used_at")
