"""Bounded work per request: every text has a maximum length (model, form, serializer, API schema), and
an over-long text or body is refused with a 400/413 and a Chinese message, changing nothing.

The first tests walk the code, so an app added later cannot forget a limit: every TextField, every
form CharField, every writable text in an API request body (read from the OpenAPI schema).
"""

import importlib
import json
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.test import APIClient

from portal import limits
from proposals.models import Proposal, Reply, ReplyCategory
from tests.proposals import builders as b


def _our_apps():
    """The project's own apps (those in the repository, not in the virtualenv): any app added later too."""
    base = Path(settings.BASE_DIR).resolve()
    return tuple(sorted(
        config.name for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and ".venv" not in Path(config.path).resolve().parts
    ))


OUR_APPS = _our_apps()
TEN_MB = 10 * 1024 * 1024


def _our_modules():
    """Import every module of our apps (migrations and management commands aside) so their classes exist."""
    for package_name in OUR_APPS:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            importlib.import_module(info.name)


def _subclasses(base):
    _our_modules()
    seen, todo = set(), [base]
    while todo:
        for cls in todo.pop().__subclasses__():
            if cls not in seen:
                seen.add(cls)
                todo.append(cls)
    return sorted((c for c in seen if c.__module__.split(".")[0] in OUR_APPS), key=lambda c: c.__qualname__)


# --------------------------------------------------------------------------- every place has a limit


def test_the_walk_sees_every_app_of_ours():
    assert {"portal", "members", "supervision", "proposals", "consult"} <= set(OUR_APPS)
    assert not {"rest_framework", "django.contrib.auth", "axes"} & set(OUR_APPS)


def test_every_text_field_of_every_model_has_a_maximum_length():
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models() if model._meta.app_config.name in OUR_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert not missing, "TextFields without max_length (use portal.limits):\n" + "\n".join(missing)


def test_every_text_input_of_every_form_has_a_maximum_length():
    forms_found = _subclasses(forms.BaseForm)
    assert len(forms_found) > 20
    missing = [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in forms_found
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert not missing, "form CharFields without max_length (use portal.limits):\n" + "\n".join(missing)


def test_model_serializers_keep_the_model_limit_of_every_text_field():
    checked, wrong = 0, []
    for serializer_class in _subclasses(serializers.ModelSerializer):
        meta = getattr(serializer_class, "Meta", None)
        if getattr(meta, "model", None) is None:
            continue
        try:
            fields = serializer_class().fields
        except Exception:  # noqa: BLE001 - one that needs a request to build its fields is checked by the schema test
            continue
        for name, field in fields.items():
            if field.read_only or not isinstance(field, serializers.CharField) or "." in (field.source or ""):
                continue
            try:
                model_field = meta.model._meta.get_field(field.source)
            except Exception:  # noqa: BLE001 - not a model field (a declared input)
                continue
            if isinstance(model_field, models.TextField):
                checked += 1
                if field.max_length != model_field.max_length:
                    wrong.append(f"{serializer_class.__qualname__}.{name}: {field.max_length} != {model_field.max_length}")
    assert checked >= 3
    assert not wrong, "\n".join(wrong)


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


UNBOUNDED_STRING_FORMATS = {"binary", "date", "date-time", "decimal", "uuid"}


def _unbounded_strings(schema, node, where, seen):
    """Paths of string properties without maxLength (enums and fixed formats are bounded by nature)."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        seen.add(name)
        node = schema["components"]["schemas"][name]
        where = name
    for key in ("allOf", "oneOf", "anyOf"):
        for part in node.get(key, []):
            yield from _unbounded_strings(schema, part, where, seen)
    if node.get("readOnly"):
        return
    if node.get("type") == "string" and "enum" not in node and node.get("format") not in UNBOUNDED_STRING_FORMATS:
        if "maxLength" not in node:
            yield where
    if node.get("type") == "array":
        yield from _unbounded_strings(schema, node.get("items", {}), f"{where}[]", seen)
    for name, prop in node.get("properties", {}).items():
        yield from _unbounded_strings(schema, prop, f"{where}.{name}", seen)


def test_every_text_an_api_request_body_accepts_has_a_maximum_length(schema):
    """Through the schema: what the API documents is what it enforces (DRF's max_length → maxLength)."""
    bodies, unbounded = 0, set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                bodies += 1
                for where in _unbounded_strings(schema, media["schema"], f"{method.upper()} {path}", set()):
                    unbounded.add(where)
    assert bodies > 30
    assert not unbounded, "request strings without maxLength (serializer CharField needs max_length):\n" + "\n".join(
        sorted(unbounded))


def test_the_api_search_parameter_documents_its_limit(schema):
    search = [p for ops in schema["paths"].values() for op in ops.values() for p in op.get("parameters", [])
              if p["name"] == "search"]
    assert search and all(p["schema"].get("maxLength") == limits.SEARCH for p in search)


# --------------------------------------------------------------------------- the attacks


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _proposal_body(**over):
    return {"title": "关于完善农村养老服务体系的建议", "kind": "individual", "reason": "农村老龄化加快。",
            "suggestions": "建设村级互助养老点。"} | over


def test_a_10_mb_proposal_through_the_api_is_refused_with_413_and_nothing_is_created(org):
    b.session(org)
    body = json.dumps(_proposal_body(suggestions="建" * TEN_MB), ensure_ascii=False).encode()
    response = _api(org.member_user).post("/api/v1/proposals/", body, content_type="application/json")
    assert response.status_code == 413
    assert "提交的内容太大" in response.json()["detail"]
    assert not Proposal.objects.exists()


def test_a_proposal_text_one_character_over_the_limit_is_a_400_naming_the_field(org):
    b.session(org)
    client = _api(org.member_user)
    response = client.post("/api/v1/proposals/", _proposal_body(suggestions="建" * (limits.LONG_TEXT + 1)), format="json")
    assert response.status_code == 400
    assert str(limits.LONG_TEXT) in response.json()["suggestions"][0] and "字符" in response.json()["suggestions"][0]
    assert not Proposal.objects.exists()
    # the longest allowed text is taken whole
    response = client.post("/api/v1/proposals/", _proposal_body(suggestions="建" * limits.LONG_TEXT), format="json")
    assert response.status_code == 201, response.content
    assert len(Proposal.objects.get().suggestions) == limits.LONG_TEXT


def test_an_over_long_edit_through_the_api_changes_nothing(org):
    proposal = b.draft(org)
    before = proposal.reason
    response = _api(org.member_user).patch(f"/api/v1/proposals/{proposal.pk}/",
                                           {"reason": "由" * (limits.LONG_TEXT + 1)}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    proposal.refresh_from_db()
    assert proposal.reason == before


def test_an_over_long_reply_or_note_in_an_api_action_is_a_400(org):
    proposal = b.handling(org)
    assignment = b.lead(org, proposal)
    unit = _api(org.unit_user)
    response = unit.post(f"/api/v1/proposal-assignments/{assignment.pk}/reply/",
                         {"category": ReplyCategory.objects.get(committee=None, code="A").pk,
                          "body": "复" * (limits.LONG_TEXT + 1), "signed_by": "王局长"}, format="json")
    assert response.status_code == 400 and "body" in response.json()
    assert not Reply.objects.exists()
    response = unit.post(f"/api/v1/proposal-assignments/{assignment.pk}/extension/",
                         {"reason": "理" * (limits.NOTE + 1), "requested_due_date": "2099-01-01"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    assert not assignment.extension_requests.exists()


def test_an_over_long_search_term_in_the_api_is_a_400_naming_the_parameter(org):
    response = _api(org.staff).get("/api/v1/proposals/", {"search": "养" * (limits.SEARCH + 1)})
    assert response.status_code == 400
    assert "搜索词太长" in response.json()["search"][0]
    assert _api(org.staff).get("/api/v1/proposals/", {"search": "养" * limits.SEARCH}).status_code == 200


def _page_data(org, **over):
    from proposals.models import ProposalCategory

    b.session(org)
    return {"title": "关于完善农村养老服务体系的建议", "category": ProposalCategory.objects.get(committee=None, name="社会事业").pk,
            "kind": "individual", "period": "between", "reason": "农村老龄化加快。", "suggestions": "建设村级互助养老点。",
            "disclosure_consent": "on"} | over


def test_a_10_mb_proposal_through_the_page_is_refused_and_nothing_is_created(client, org):
    client.force_login(org.member_user)
    # the page's form is multipart (it may carry an attachment): the text fields alone exceed the body limit
    response = client.post(reverse("proposals:create"), _page_data(org, suggestions="建" * TEN_MB))
    assert response.status_code in (400, 413)
    assert not Proposal.objects.exists()
    # the same as a plain form post: refused before it is read
    response = client.post(reverse("proposals:create"), _page_data(org, suggestions="建" * TEN_MB),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code in (400, 413)
    assert not Proposal.objects.exists()


def test_a_proposal_text_over_the_limit_on_the_page_is_a_form_error(client, org):
    client.force_login(org.member_user)
    response = client.post(reverse("proposals:create"), _page_data(org, reason="由" * (limits.LONG_TEXT + 1)))
    assert response.status_code == 200
    errors = response.context["form"].errors["reason"]
    assert str(limits.LONG_TEXT) in errors[0] and "字符" in errors[0]
    assert not Proposal.objects.exists()
    # the text box itself says how much it takes
    assert f'maxlength="{limits.LONG_TEXT}"' in response.content.decode()


def test_an_over_long_note_in_a_page_action_is_refused_with_a_message_and_changes_nothing(client, org):
    proposal = b.handling(org)
    assignment = b.lead(org, proposal)
    client.force_login(org.unit_user)
    response = client.post(reverse("proposals:request_extension", args=[assignment.pk]),
                           {"requested_due_date": "2099-01-01", "reason": "理" * (limits.NOTE + 1)}, follow=True)
    page = response.content.decode()
    assert str(limits.NOTE) in page
    assert not assignment.extension_requests.exists()


def test_an_over_long_search_on_a_page_is_cut_not_run_whole(client, org):
    response = client.get(reverse("proposals:public_list"), {"q": "养" * 100_000})
    assert response.status_code == 200
    assert response.context["q"] == "养" * limits.SEARCH


def test_a_body_over_the_limit_is_a_413_before_it_is_read(client, org):
    client.force_login(org.staff)
    response = client.post(reverse("proposals:apply_staged"), "x=" + "a" * (limits.BODY_BYTES + 1),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "提交的内容太大" in response.content.decode()


def test_the_refusal_of_an_over_large_page_form_explains_itself_in_chinese(client, org):
    client.force_login(org.member_user)
    response = client.post(reverse("proposals:create"), _page_data(org, suggestions="建" * (3 * 1024 * 1024)))
    assert response.status_code == 400
    assert "可能内容太多" in response.content.decode()
    assert not Proposal.objects.exists()


def test_an_over_long_withdrawal_note_is_refused_and_the_proposal_stays(client, org):
    proposal = b.submitted(org)
    client.force_login(org.member_user)
    response = client.post(reverse("proposals:withdraw", args=[proposal.pk]), {"note": "撤" * (limits.NOTE + 1)},
                           follow=True)
    assert str(limits.NOTE) in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == "submitted"
    client.post(reverse("proposals:withdraw", args=[proposal.pk]), {"note": "撤" * limits.NOTE})
    proposal.refresh_from_db()
    assert proposal.state == "withdrawn"
