"""The public answer form: did you get the help you needed? With the protections every public form
shares (a honeypot, a signed time trap; the view adds the rate limit)."""

from django import forms

from thriving.core.forms.govuk import Form
from thriving.core.public_forms import PublicForm
from thriving.frontdoor.feedback.models import ResidentAnswer
from thriving.frontdoor.feedback.services import COMMENT_MAX


class AnswerForm(PublicForm, Form):
    answer = forms.ChoiceField(
        label="Did you get the help you needed?",
        choices=ResidentAnswer.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you got the help you needed"},
    )
    comment = forms.CharField(
        label="Is there anything you would like to tell us? (optional)",
        help_text="For example, what helped or what was missing. Do not include anyone's personal details.",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"What you tell us must be {COMMENT_MAX:,} characters or fewer"},
    )
