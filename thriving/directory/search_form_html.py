"""The search form's fields written in one pass: the same HTML as the GOV.UK field templates
(`forms/govuk_form.html`, `forms/govuk_field.html`, `forms/govuk_errors.html`) and Django's widget
templates give for the kinds of field the search form has (text inputs, selects, single
checkboxes), without a template per field and per widget. The search page is the busiest page
there is; `tests/test_search_form_html.py` holds this to the templates' output, bound or not,
with errors or not."""

from django import forms
from django.forms.boundfield import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ERROR = '<p id="{}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</p>'


def _attrs(attrs: dict) -> SafeString:
    """As Django's `attrs.html`: in order, False left out, True as a bare name."""
    return format_html_join(
        "", "{}",
        ((format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
         for name, value in attrs.items() if value is not False),
    )


def _errors(field: BoundField) -> SafeString:
    return format_html_join("", ERROR, ((field.auto_id, error) for error in field.errors))


def _widget(field: BoundField) -> SafeString:
    widget = field.field.widget
    if not isinstance(widget, forms.TextInput) or type(widget).template_name != forms.TextInput.template_name:
        # A select writes itself (`forms.QuickSelect`); anything else as Django would (escaped, safe).
        return field.as_widget()
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = "" if context["value"] is None else format_html(' value="{}"', context["value"])
    return format_html('<input type="{}" name="{}"{}{}>', context["type"], context["name"], value,
                       _attrs(context["attrs"]))


def _group(field: BoundField) -> SafeString:
    group = "govuk-form-group govuk-form-group--error" if field.errors else "govuk-form-group"
    hint = (
        format_html('<div id="{}-hint" class="govuk-hint">{}</div>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    if field.field.govuk_kind == "checkbox":  # type: ignore[attr-defined]
        hinted = format_html(' aria-describedby="{}-hint"', field.auto_id) if field.help_text else ""
        checkbox_hint = (
            format_html('<div id="{}-hint" class="govuk-hint govuk-checkboxes__hint">{}</div>', field.auto_id,
                        field.help_text)
            if field.help_text
            else ""
        )
        return format_html(
            '<div class="{}">\n  {}\n\n  <div class="govuk-checkboxes" data-module="govuk-checkboxes">\n'
            '    <div class="govuk-checkboxes__item">\n'
            '      <input class="govuk-checkboxes__input" id="{}" name="{}" type="checkbox" value="on"{}{}>\n'
            '      <label class="govuk-label govuk-checkboxes__label" for="{}">{}</label>\n'
            "      {}\n    </div>\n  </div>\n</div>",
            group, _errors(field), field.auto_id, field.html_name,
            " checked" if field.value() else "", hinted, field.auto_id, field.label, checkbox_hint,
        )
    optional = " (optional)" if field.marked_optional else ""  # type: ignore[attr-defined]
    return format_html(
        '<div class="{}">\n  <label class="govuk-label govuk-label--s" for="{}">{}{}</label>\n'
        "  {}\n  {}\n\n  {}\n</div>",
        group, field.auto_id, field.label, optional, hint, _errors(field), _widget(field),
    )


KINDS = {"input", "select", "checkbox"}


def can_write(form: forms.Form) -> bool:
    """Whether every field is of a kind written here (otherwise the templates render the form)."""
    return not form.hidden_fields() and all(
        field.govuk_kind in KINDS for field in form.fields.values()  # type: ignore[attr-defined]
    )


def form_html(form: forms.Form) -> SafeString:
    return format_html_join("", "{}", ((_group(field),) for field in form.visible_fields()))
