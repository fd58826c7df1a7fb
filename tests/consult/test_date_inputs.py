"""The consultation forms' date inputs (<input type="date">) carry ISO dates whatever the language: a
browser drops any other value, so the leader instruction's date, filled in with today, showed empty in
Chinese (the localised "2027/03/01")."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from consult.forms import InstructionForm, ResearchForm
from tests.consult import builders as b


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_date_inputs_render_iso_dates_in_every_language(org, language):
    with translation.override(language):
        instruction = InstructionForm(committee=org.county, initial={"instructed_on": dt.date(2027, 3, 1)})
        research = ResearchForm(committee=org.county, initial={"start_date": dt.date(2027, 2, 22)})
        assert 'type="date"' in str(instruction["instructed_on"])
        assert 'value="2027-03-01"' in str(instruction["instructed_on"])
        assert 'value="2027-02-22"' in str(research["start_date"])


def test_the_outcome_page_fills_the_instruction_date_with_today_as_an_iso_date(org):
    outcome = b.sent(org)
    client = Client()
    client.force_login(org.staff)
    response = client.get(reverse("consult:outcome", args=[outcome.pk]))
    today = response.context["today"]
    assert f'name="instructed_on" value="{today.isoformat()}"' in response.content.decode()
