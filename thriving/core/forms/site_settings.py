"""The security settings an administrator can change."""

from django import forms

from thriving.core.forms.govuk import Form


class SiteSettingsForm(Form):
    require_two_factor = forms.BooleanField(
        label="Require every member of staff to use an authenticator app",
        required=False,
        help_text=(
            "Anyone without an authenticator app set up will be asked to set one up before they can "
            "carry on, including you."
        ),
    )
