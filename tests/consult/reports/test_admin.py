"""The 社情民意 records in the admin: read-only for everyone (the services are the only writers), scoped to
the viewer's subtree, searchable."""

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import reverse

from consult.models import Bulletin, LevelAdoption, OpinionReport, ReportForward, ReportInstruction, ReportSending
from members.admin_mixins import NoWritesAdminMixin
from tests.consult.reports import builders as b

pytestmark = pytest.mark.django_db
MODELS = [OpinionReport, Bulletin, ReportSending, LevelAdoption, ReportInstruction, ReportForward]


def _url(model, view, *args):
    return reverse(f"admin:consult_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_every_record_is_read_only(client, org, who):
    b.every_record(org)
    client.force_login(getattr(org, who))
    for model in MODELS:
        assert isinstance(admin.site._registry[model], NoWritesAdminMixin), model.__name__
        row = model.objects.order_by("pk").first()
        before = model_to_dict(row)
        assert client.get(_url(model, "changelist")).status_code == 200, model.__name__
        assert client.get(_url(model, "change", row.pk)).status_code == 200, model.__name__
        assert client.get(_url(model, "add")).status_code == 403, model.__name__
        assert client.post(_url(model, "change", row.pk), {"state": "draft", "title": "改"}).status_code == 403
        assert client.post(_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403, model.__name__
        assert model_to_dict(model.objects.get(pk=row.pk)) == before, model.__name__


def test_other_staff_do_not_see_the_countys_reports_and_search_works(client, org):
    report = b.every_record(org)
    client.force_login(org.other_staff)
    assert client.get(_url(OpinionReport, "change", report.pk)).status_code in (302, 403, 404)
    page = client.get(_url(OpinionReport, "changelist")).content.decode()
    assert report.title not in page
    client.force_login(org.staff)
    page = client.get(_url(OpinionReport, "changelist"), {"q": "张委员"}).content.decode()
    assert report.title in page
