"""Filter forms offer what a user can pick from, not every row of a province: the sectors, sessions and
units of the user's own (top) committees and of the committee picked (members.selectors.near_committee_ids)."""

import pytest
from django.urls import reverse

from members.models import HandlingUnit, Sector
from tests.factories import HandlingUnitFactory, SectorFactory
from tests.proposals import builders

pytestmark = pytest.mark.django_db


def _options(form, name):
    return set(form.fields[name].queryset.values_list("pk", flat=True))


def test_overview_offers_the_city_and_the_picked_county(client, org):
    county_unit = HandlingUnit.objects.get(name="南谯区教育局")
    city_unit = HandlingUnitFactory(committee=org.city, name="滁州市教育局")
    other_unit = HandlingUnitFactory(committee=org.other_county, name="来安县教育局")
    p = builders.handling(org)
    client.force_login(org.city_staff)

    form = client.get(reverse("proposals:overview")).context["form"]
    assert city_unit.pk in _options(form, "unit")
    assert county_unit.pk not in _options(form, "unit") and other_unit.pk not in _options(form, "unit")
    assert {org.city.pk, org.county.pk, org.other_county.pk} <= _options(form, "committee")

    response = client.get(reverse("proposals:overview"), {"committee": org.county.pk, "unit": county_unit.pk})
    form = response.context["form"]
    assert {city_unit.pk, county_unit.pk} <= _options(form, "unit") and other_unit.pk not in _options(form, "unit")
    assert p.session_id in _options(form, "session")
    assert [row["pk"] for row in response.context["page"]] == [p.pk]


def test_a_committee_outside_the_subtree_is_refused(client, org):
    client.force_login(org.staff)  # the county's staff
    form = client.get(reverse("proposals:overview"), {"committee": org.other_county.pk}).context["form"]
    assert org.other_county.pk not in _options(form, "committee")
    assert "committee" in form.errors


def test_member_list_sectors_of_the_picked_committee_only(client, org):
    city_sector = SectorFactory(committee=org.city, name="经济界")
    county_sector = SectorFactory(committee=org.county, name="教育界")
    far_sector = SectorFactory(committee=org.other_county, name="医药卫生界")
    client.force_login(org.city_staff)
    form = client.get(reverse("members:list")).context["form"]
    assert _options(form, "sector") == set(Sector.objects.filter(committee=org.city).values_list("pk", flat=True))
    form = client.get(reverse("members:list"), {"committee": org.county.pk}).context["form"]
    assert {city_sector.pk, county_sector.pk} <= _options(form, "sector") and far_sector.pk not in _options(form, "sector")


def test_options_read_as_values_are_labelled_as_the_rows_are(client, org):
    # Options of fields with `label_fields` are read as values (portal.forms.ModelChoiceField): each label is
    # what str() of the row gives, in the queryset's order, for the overview's and the member list's filters.
    builders.handling(org)
    SectorFactory(committee=org.city, name="教育界")
    client.force_login(org.city_staff)
    forms = [client.get(reverse(name), {"committee": org.county.pk}).context["form"]
             for name in ("proposals:overview", "members:list")]
    checked = 0
    for form in forms:
        for name, field in form.fields.items():
            if getattr(field, "label_fields", None):
                options = [(getattr(v, "value", v), label) for v, label in field.choices][1:]
                assert options == [(row.pk, str(row)) for row in field.queryset.all()], name
                checked += bool(options)
    assert checked >= 6  # committees, categories, units, sessions; committees, sectors
