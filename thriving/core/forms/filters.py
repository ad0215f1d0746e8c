"""The GET form that narrows a list, shared by the organisation, user and audit lists."""

from typing import Any

from thriving.core.forms.govuk import Form


class FilterForm(Form):
    """A GET form that narrows a list. Every field is optional, so none is marked so."""

    use_required_attribute = False
    mark_optional = False
    field_template = "includes/filter_field.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.template_name = self.field_template


def choices(empty: str, options: list) -> list:
    """The options of a select, after a first, empty one (such as "Any sector")."""
    return [("", empty), *options]
