"""The directory in the admin site: every change goes to the audit trail (AuditedAdmin)."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from thriving.core.admin import AuditedAdmin, admin_site
from thriving.directory.models import (
    Location,
    Platform,
    ProblemReport,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
    Taxonomy,
    TaxonomyTerm,
)
from thriving.directory.queries import needs


class DirectoryAdmin(AuditedAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class NeedsAdmin(DirectoryAdmin):
    """Changes to the taxonomy reach the cached snapshot of needs."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        needs.forget()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        needs.forget()


@admin.register(Taxonomy, site=admin_site)
class TaxonomyAdmin(NeedsAdmin):
    list_display = ["name", "version", "updated_at"]
    search_fields = ["name"]


@admin.register(TaxonomyTerm, site=admin_site)
class TaxonomyTermAdmin(NeedsAdmin):
    list_display = ["name", "code", "parent", "taxonomy"]
    list_filter = ["taxonomy"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Location, site=admin_site)
class LocationAdmin(DirectoryAdmin):
    list_display = ["name", "postcode", "locality", "organisation", "is_space_and_place"]
    list_filter = ["is_space_and_place", "locality"]
    search_fields = ["name", "postcode", "address_1"]
    autocomplete_fields = ["organisation", "locality"]
    show_full_result_count = False


class ServiceAtLocationInline(admin.TabularInline):
    model = ServiceAtLocation
    extra = 0
    autocomplete_fields = ["location"]


class ScheduleInline(admin.TabularInline):
    model = Schedule
    fk_name = "service"
    extra = 0
    exclude = ["location", "service_at_location"]


@admin.register(Service, site=admin_site)
class ServiceAdmin(DirectoryAdmin):
    list_display = ["name", "organisation", "status", "last_checked", "version"]
    list_filter = ["status", "is_free"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["localities", "needs"]
    readonly_fields = ["version", "created_by"]
    inlines = [ServiceAtLocationInline, ScheduleInline]
    show_full_result_count = False


@admin.register(Schedule, site=admin_site)
class ScheduleAdmin(DirectoryAdmin):
    list_display = ["__str__", "service", "location", "freq"]
    list_select_related = ["service", "location"]
    raw_id_fields = ["service", "location", "service_at_location"]


@admin.register(Platform, site=admin_site)
class PlatformAdmin(DirectoryAdmin):
    list_display = ["name", "coordinator"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["coordinator"]
    filter_horizontal = ["members", "needs", "localities"]


@admin.register(ServiceChange, site=admin_site)
class ServiceChangeAdmin(admin.ModelAdmin):
    """Read-only here: changes are approved or rejected on the editors' pages, where the checks are."""

    list_display = ["__str__", "organisation", "status", "proposed_at", "decided_at"]
    list_filter = ["status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProblemReport, site=admin_site)
class ProblemReportAdmin(DirectoryAdmin):
    list_display = ["service", "status", "created_at", "resolved_at"]
    list_filter = ["status"]
    raw_id_fields = ["service"]
    readonly_fields = ["resolved_by"]
