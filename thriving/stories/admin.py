"""Story projects and their signifiers in the admin site, for administrators (the pages at
/stories/projects/new/ and a project's signifiers are the usual way): every change goes to the
audit trail (AuditedAdmin). A signifier's labels and options are checked by kind with the same
check as the signifier pages (`forms.signifiers.check_signifier`). Stories themselves are not in
the admin: their words and consent belong to their tellers."""

from typing import Any

from django import forms
from django.contrib import admin

from thriving.core.admin import AuditedAdmin, admin_site
from thriving.stories.forms.signifiers import check_signifier
from thriving.stories.models import Signifier, StoryProject


class SignifierAdminForm(forms.ModelForm):
    class Meta:
        model = Signifier
        fields = ("position", "kind", "key", "prompt", "labels", "options", "allow_many", "required")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "kind" in data:
            labels, options = data.get("labels") or [], data.get("options") or []
            for name, messages in check_signifier(data["kind"], labels, options).items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return data


class SignifierInline(admin.TabularInline):
    model = Signifier
    form = SignifierAdminForm
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
