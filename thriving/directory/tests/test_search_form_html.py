"""The search form written in one pass (`search_form_html`) is the HTML the GOV.UK field
templates write, whatever was asked: nothing, good criteria, bad ones, values to escape; and
the search page shows it."""

import pytest

from thriving.directory import search_form_html
from thriving.directory.forms import SearchForm
from thriving.directory.tests.test_search import URL

ASKED = [
    None,
    {},
    {"q": "food"},
    {"q": "food", "postcode": "DE7 8QA", "distance": "3", "open_now": "on", "free": "on"},
    {"postcode": "ZZ", "distance": "abc"},
    {"postcode": "ZZ9 9ZZ", "distance": "0"},
    {"distance": "500", "need": "no-such-need", "locality": "nowhere"},
    {"q": 'a <b> "quoted" & \'odd\' word', "postcode": "<script>"},
    {"q": "x" * 300},
    {"free": "on", "locality": "cotmanhay"},
]


@pytest.mark.parametrize("asked", ASKED)
def test_the_form_written_in_one_pass_is_what_the_templates_write(asked, cotmanhay, taxonomy):
    form = SearchForm(asked)
    if asked is not None:
        form.is_valid()
    assert search_form_html.can_write(form)  # written in one pass, not through the templates
    by_templates = form.render(template_name=form.template_name)
    assert "govuk-form-group" in by_templates
    assert str(form) == by_templates
    assert f"{form}" == by_templates


def test_a_need_chosen_is_selected_in_both(cotmanhay, taxonomy):
    need = next(iter(taxonomy.values()))
    form = SearchForm({"need": str(need.uuid)})
    assert form.is_valid()
    assert f'<option value="{need.uuid}" selected>' in str(form)
    assert str(form) == form.render(template_name=form.template_name)


def test_the_search_page_shows_the_form_with_its_errors(client, cotmanhay):
    response = client.get(URL, {"postcode": "ZZ", "q": "<b>"})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<label class="govuk-label govuk-label--s" for="id_postcode">Postcode (optional)</label>' in html
    assert 'id="id_postcode-error"' in html
    assert 'value="&lt;b&gt;"' in html
    assert "<b>" not in html.split("<main", 1)[1]
