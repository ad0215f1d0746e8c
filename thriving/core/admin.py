"""The administration area, open only to administrators (policy `core.use_admin`)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from thriving.core import audit, policy
from thriving.core.models import AuditEvent, Membership, Organisation, SiteSettings, User
from thriving.places.models import Area, LocalAuthority, Locality, Postcode


class ThrivingAdminSite(admin.AdminSite):
    site_header = "Thriving administration"
    site_title = "Thriving administration"
    index_title = "Administration"

    def has_permission(self, request: HttpRequest) -> bool:
        return policy.can(request.user, "core.use_admin")

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return redirect(f"{reverse('core:sign-in')}?next={reverse('admin:index')}")


admin_site = ThrivingAdminSite(name="admin")


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin site go to the audit trail like changes made anywhere else."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = audit.Action.CHANGED if change else audit.Action.CREATED
        fields = {
            name: str(form.cleaned_data.get(name, ""))[:200] for name in form.changed_data if "password" not in name
        }
        audit.record(
            request.user,
            f"{obj._meta.model_name}.{action}",
            obj,
            action=action,
            purpose="admin site",
            changes=fields,
            subject=getattr(obj, "email", ""),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(
            request.user,
            f"{obj._meta.model_name}.deleted",
            obj,
            action=audit.Action.DELETED,
            purpose="admin site",
            subject=getattr(obj, "email", ""),
        )
        super().delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            audit.record(
                request.user,
                f"{deleted._meta.model_name}.deleted",
                deleted,
                action=audit.Action.DELETED,
                purpose="admin site",
            )
            deleted.delete()
        for instance in instances:
            created = instance.pk is None
            instance.save()
            action = audit.Action.CREATED if created else audit.Action.CHANGED
            audit.record(
                request.user, f"{instance._meta.model_name}.{action}", instance, action=action, purpose="admin site"
            )
        formset.save_m2m()


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation", "locality"]
    exclude = ["created_by"]


@admin.register(User, site=admin_site)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "memberships__role"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "job_title"]}),
        ("Status", {"fields": ["is_active", "last_login"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    readonly_fields = ["last_login"]
    filter_horizontal: list[str] = []
    inlines = [MembershipInline]


@admin.register(Organisation, site=admin_site)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "type", "charity_number", "company_number"]
    list_filter = ["type"]
    search_fields = ["name", "charity_number", "company_number"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["localities"]
    exclude = ["version", "created_by"]


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody changes or deletes the audit trail."""

    list_display = ["at", "actor_label", "action", "event", "object_label", "subject", "purpose"]
    list_filter = ["action"]
    search_fields = ["actor_label", "event", "object_label", "subject", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin_site.register(SiteSettings, AuditedAdmin)


@admin.register(LocalAuthority, site=admin_site)
class LocalAuthorityAdmin(AuditedAdmin):
    list_display = ["name", "code", "county_name"]
    search_fields = ["name", "code"]


@admin.register(Locality, site=admin_site)
class LocalityAdmin(AuditedAdmin):
    list_display = ["name", "local_authority"]
    list_filter = ["local_authority"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    exclude = ["boundary"]


@admin.register(Area, site=admin_site)
class AreaAdmin(AuditedAdmin):
    list_display = ["code", "name", "local_authority", "locality", "imd_decile"]
    list_filter = ["local_authority", "locality"]
    search_fields = ["code", "name"]


@admin.register(Postcode, site=admin_site)
class PostcodeAdmin(AuditedAdmin):
    list_display = ["postcode", "area_code", "local_authority_code"]
    search_fields = ["postcode"]
    show_full_result_count = False
