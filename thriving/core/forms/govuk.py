"""GOV.UK Design System markup for Django forms: every form renders its fields, hints and
errors the GOV.UK way, and pages show an error summary that links to each wrong field.

A field that need not be filled in is marked "(optional)" once, by the templates
(`field.marked_optional`): a label that already says so is not marked again, and a form whose
every field is optional (a filter) sets `mark_optional = False`. Checkboxes with grouped choices
(`GroupedCheckboxes`) render as one fieldset per group inside the field's own."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.FileInput: "govuk-file-upload",
}


class GovukRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose choices are grouped, `[(group, [(value, label), ...]), ...]`: each group
    is a fieldset with the group as its legend (as the needs under their top-level need)."""


@dataclass
class CheckboxGroup:
    label: str
    options: list[dict[str, Any]]


class GovukBoundField(BoundField):
    @property
    def marked_optional(self) -> bool:
        """Whether the label should say "(optional)": the field need not be filled in, the form
        marks optional fields, and the label does not already say so."""
        return (
            not self.field.required
            and getattr(self.form, "mark_optional", True)
            and "(optional)" not in str(self.label).lower()
        )

    @property
    def checkbox_groups(self) -> list[CheckboxGroup]:
        """The options of grouped checkboxes by group, each with its name, value, label, id and
        whether it is checked."""
        widget = self.field.widget
        attrs = {"id": self.auto_id} if self.auto_id else {}
        value = widget.format_value(self.value())
        return [
            CheckboxGroup(label=str(group or ""), options=options)
            for group, options, _ in widget.optgroups(self.html_name, value, attrs)  # type: ignore[attr-defined]
        ]


def widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, GroupedCheckboxes):
        return "checkbox_groups"
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it is checked first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


class GovukFormMixin:
    """Adds the GOV.UK classes to widgets, marks fields in error, and gives every field a kind
    the field template renders from."""

    fields: dict[str, forms.Field]
    bound_field_class: type[BoundField] | None = GovukBoundField
    mark_optional = True  # a filter, whose every field is optional, says False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            widget = field.widget
            kind = widget_kind(widget)
            field.govuk_kind = kind  # type: ignore[attr-defined]
            if kind in {"radios", "checkboxes", "checkbox_groups", "checkbox", "hidden"}:
                continue
            css = "govuk-input"
            for cls, name in WIDGET_CLASSES.items():
                if isinstance(widget, cls):
                    css = name
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{css} {existing}".strip()
        self.describe_fields()


    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.describe_fields()

    def describe_fields(self) -> None:
        """Point each input at its hint and error message, and mark inputs in error."""
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            if field.govuk_kind not in {"input", "textarea", "select", "file"}:  # type: ignore[attr-defined]
                continue
            # Computed as BoundField.auto_id does, without caching a BoundField before labels are final.
            auto_id = self.auto_id % self.add_prefix(name) if "%s" in str(self.auto_id) else name  # type: ignore[attr-defined]
            widget = field.widget
            described = []
            if field.help_text:
                described.append(f"{auto_id}-hint")
            if name in errors:
                described.append(f"{auto_id}-error")
                base = widget.attrs.get("class", "").split()
                error_class = base[0] + "--error" if base else ""
                if error_class and error_class not in base:
                    widget.attrs["class"] = " ".join([*base, error_class])
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
            else:
                widget.attrs.pop("aria-describedby", None)


class Form(GovukFormMixin, forms.Form):
    pass


class ModelForm(GovukFormMixin, forms.ModelForm):
    pass
