"""The admin of every proposals model opens for staff and is scoped to their subtree; drafts stay private."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

# The similar-proposal index and the full-text search rows are derived data (written by the services,
# rebuilt by index_proposals): no admin.
DERIVED = ("proposals.models.similarity", "proposals.models.search")
MODELS = [m for m in apps.get_app_config("proposals").get_models() if m.__module__ not in DERIVED]


def test_every_proposals_model_has_an_admin():
    assert all(m in admin.site._registry for m in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_opens_for_county_staff(pw, client, model):
    pw.replied()
    client.force_login(pw.o.staff)
    response = client.get(reverse(f"admin:proposals_{model._meta.model_name}_changelist"))
    assert response.status_code == 200


def test_admin_scoped_and_drafts_hidden(pw, client):
    submitted = pw.submitted(title="已提交的提案")
    pw.draft(title="委员的草稿")
    far = pw.submitted(user=pw.o.far_member_user, title="来安县的提案", session=None)
    client.force_login(pw.o.staff)
    text = client.get(reverse("admin:proposals_proposal_changelist")).content.decode()
    assert submitted.title in text
    assert "委员的草稿" not in text and far.title not in text
    assert client.get(reverse("admin:proposals_proposal_change", args=[far.pk])).status_code == 302
