"""Story projects and their signifiers in the admin site, for administrators, until the project
set-up pages come: every change goes to the audit trail (AuditedAdmin). Stories themselves are not
in the admin: their words and consent belong to their tellers."""

from django.contrib import admin

from thriving.core.admin import AuditedAdmin, admin_site
from thriving.stories.models import Signifier, StoryProject


class SignifierInline(admin.TabularInline):
    model = Signifier
    extra = 1
    fields = ("position", "kind", "key", "prompt", "labels", "options", "allow_many", "required")


@admin.register(StoryProject, site=admin_site)
class StoryProjectAdmin(AuditedAdmin):
    list_display = ("title", "locality", "team", "status", "opens_on", "closes_on")
    list_filter = ("status", "locality")
    search_fields = ("title", "question")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("gatherers", "coders")
    autocomplete_fields = ()
    inlines = [SignifierInline]
    exclude = ("created_by",)
