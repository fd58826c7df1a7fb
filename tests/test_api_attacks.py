"""The API attacked: wrong passwords, out-of-range numbers, nonsense filters, nested JSON, foreign languages.

Every answer is a 4xx that says what is wrong, in the caller's language, never a 5xx. The tests that
sweep "every list" or "every detail route" read the routes and parameters from the router and the
OpenAPI schema, so an endpoint added later is attacked too. Run them on PostgreSQL as well
(DATABASE_URL=postgres://…): its INTEGER columns are narrower than SQLite's.
"""

import base64
import json

import pytest
from axes.models import AccessAttempt
from django.db import connection
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from portal.api_urls import router
from portal.filters import StrictFilterBackend, StrictFilterSet
from portal.models import AuditEvent, AuditLog
from tests.factories import PASSWORD

OUT_OF_RANGE = [2**64, 2**63, -1]  # past BIGINT, exactly past it, negative
NOT_INTEGERS = ["abc", "1.5", "1e3"]


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def api_get(client, url, username="county_staff", password=PASSWORD, lang="zh-hans", ip="10.9.9.9", **params):
    return client.get(url, params, HTTP_AUTHORIZATION=basic(username, password), HTTP_ACCEPT_LANGUAGE=lang,
                      REMOTE_ADDR=ip)


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def root(org):
    """A superuser client: it sees every list and may call every operation."""
    c = APIClient()
    c.force_authenticate(org.superuser)
    return c  # no Accept-Language: the default language, zh-hans


# ----------------------------------------------------------------------------- wrong passwords


def test_wrong_basic_password_is_401_in_chinese_and_counts_one_failure(client, org):
    response = api_get(client, "/api/v1/members/", password="wrong-password")
    assert response.status_code == 401
    assert response.json() == {"detail": "用户名或者密码错误。"}
    assert response["WWW-Authenticate"] == 'Basic realm="api"'
    assert [a.failures_since_start for a in AccessAttempt.objects.filter(username="county_staff")] == [1]
    assert list(AuditLog.objects.values_list("event", "username", "user", "ip_address")) == [
        (AuditEvent.LOGIN_FAILED, "county_staff", None, "10.9.9.9")
    ]


def test_wrong_basic_password_in_english(client, org):
    response = api_get(client, "/api/v1/members/", password="wrong-password", lang="en")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid username/password."}


def test_unknown_user_is_401_too(client, org):
    response = api_get(client, "/api/v1/members/", username="nobody", password="x")
    assert response.status_code == 401
    assert AuditLog.objects.get().username == "nobody"


def test_right_basic_password_reads(client, org):
    response = api_get(client, "/api/v1/members/")
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_failure_limit_of_wrong_basic_passwords_locks_that_username_and_address(client, org, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert api_get(client, "/api/v1/members/", password=f"wrong-{attempt}").status_code == 401
    response = api_get(client, "/api/v1/members/", password="wrong-last")
    assert response.status_code == 429
    assert "已被锁定 30 分钟" in response.json()["detail"]
    assert AccessAttempt.objects.get(username="county_staff").failures_since_start == settings.AXES_FAILURE_LIMIT
    # locked: the right password from that address is refused as well …
    assert api_get(client, "/api/v1/members/").status_code == 429
    # … but not from another address, nor another account from the same address
    assert api_get(client, "/api/v1/members/", ip="10.8.8.8").status_code == 200
    assert api_get(client, "/api/v1/members/", username="county_office").status_code == 200


def test_api_and_page_failures_count_together_and_page_login_still_works(client, org, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 2):
        assert api_get(client, "/api/v1/members/", password=f"wrong-{attempt}").status_code == 401
    page = client.post("/accounts/login/", {"username": "county_staff", "password": "wrong"}, REMOTE_ADDR="10.9.9.9")
    assert page.status_code == 200
    assert AccessAttempt.objects.get(username="county_staff").failures_since_start == settings.AXES_FAILURE_LIMIT - 1
    # one below the limit: the page login still works, and resets the count
    page = client.post("/accounts/login/", {"username": "county_staff", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert page.status_code == 302
    assert not AccessAttempt.objects.filter(username="county_staff", failures_since_start__gt=0).exists()


# ----------------------------------------------------------------------------- every FilterSet is strict


def test_every_api_filterset_is_strict():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"][0] == "portal.filters.StrictFilterBackend"
    backend = StrictFilterBackend()
    loose = []
    for prefix, viewset, _basename in router.registry:
        view = viewset()
        queryset = getattr(viewset, "queryset", None)
        model = queryset.model if queryset is not None else None
        filterset = getattr(viewset, "filterset_class", None) or (
            getattr(viewset, "filterset_fields", None) and backend.get_filterset_class(view, model._default_manager.all())
            if model else None
        )
        if filterset is not None and not issubclass(filterset, StrictFilterSet):
            loose.append(prefix)
        if getattr(viewset, "filterset_fields", None) and not getattr(viewset, "filterset_class", None):
            assert backend.filterset_base is StrictFilterSet
    assert not loose, f"FilterSets not derived from portal.filters.StrictFilterSet: {loose}"


def _list_parameters(schema):
    """(path, parameter) for every query parameter of every list (GET without a path parameter)."""
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path or not path.startswith("/api/v1/"):
            continue
        for parameter in get.get("parameters", []):
            if parameter["in"] == "query":
                yield path, parameter


def test_out_of_range_and_non_integer_filter_values_are_400_naming_the_filter(root, schema):
    tried = 0
    for path, parameter in _list_parameters(schema):
        kind = parameter["schema"].get("type")
        if kind != "integer" or parameter["name"] == "page":
            continue
        for value in [*OUT_OF_RANGE, *NOT_INTEGERS]:
            response = root.get(path, {parameter["name"]: value})
            assert response.status_code == 400, (path, parameter["name"], value, response.status_code)
            assert parameter["name"] in response.json(), (path, parameter["name"], value, response.json())
            tried += 1
    assert tried > 100  # committee, unit, session, sector … on every list that has them


def test_unknown_boolean_and_choice_values_are_400_naming_the_filter(root, schema):
    tried = 0
    for path, parameter in _list_parameters(schema):
        param_schema = parameter["schema"]
        if param_schema.get("type") == "boolean":
            value = "maybe"
        elif "enum" in param_schema or "enum" in param_schema.get("items", {}):
            value = "no-such-choice"
        elif parameter["name"] == "ordering":
            value = "no_such_field"
        else:
            continue
        response = root.get(path, {parameter["name"]: value})
        assert response.status_code == 400, (path, parameter["name"], response.status_code)
        assert parameter["name"] in response.json(), (path, response.json())
        tried += 1
    assert tried > 40


def test_a_filter_error_is_in_the_callers_language(root):
    response = root.get("/api/v1/members/", {"is_standing": "maybe"})
    assert response.json() == {"is_standing": ["请填写 true 或 false。"]}
    response = root.get("/api/v1/members/", {"committee": 2**64}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"committee": ["Ensure this value is less than or equal to 9223372036854775807."]}


def test_valid_filters_still_filter(root, org):
    staff = root.get("/api/v1/members/", {"is_standing": "false", "committee": org.county.pk, "ordering": "-name"})
    assert staff.status_code == 200
    assert [m["name"] for m in staff.json()["results"]] == ["李委员", "张委员"]
    assert root.get("/api/v1/members/", {"is_standing": "true"}).json()["count"] == 0


def test_search_with_a_nul_character_is_400(root):
    response = root.get("/api/v1/members/", {"search": "张\x00"})
    assert response.status_code == 400
    assert "search" in response.json()


def test_evaluation_table_refuses_what_it_cannot_use(root, org):
    for params in ({"year": 2**64}, {"year": "abc"}, {"committee": "abc"}, {"committee": 2**64}, {"sort": "bogus"}):
        response = root.get("/api/v1/unit-evaluations/table/", params)
        assert response.status_code == 400, (params, response.status_code)
        assert set(params) <= set(response.json()), response.json()


# ----------------------------------------------------------------------------- ids in the URL


def _detail_paths(schema):
    return sorted({path for path, ops in schema["paths"].items() if path.endswith("/{id}/") and "get" in ops})


@pytest.mark.parametrize("bad_id", [*OUT_OF_RANGE, 2**31, 0, *NOT_INTEGERS, "%00", "0.5", "-1.2e-47"])
def test_impossible_ids_in_detail_urls_are_404_in_chinese(root, schema, bad_id):
    paths = _detail_paths(schema)
    assert len(paths) > 25
    for path in paths:
        response = root.get(path.replace("{id}", str(bad_id)))
        assert response.status_code == 404, (path, bad_id, response.status_code)
        assert response.json() == {"detail": "未找到。"}, (path, response.content[:200])


@pytest.mark.parametrize("bad_id", [2**64, "abc", "0.5"])
def test_impossible_ids_in_detail_actions_are_404(root, schema, bad_id):
    actions = [(path, method) for path, ops in schema["paths"].items() if "{id}/" in path and not path.endswith("{id}/")
               for method in ops if method in ("get", "post")]
    assert len(actions) > 20
    for path, method in actions:
        response = getattr(root, method)(path.replace("{id}", str(bad_id)), {}, format="json")
        # 404; or 400 where an action checks its (empty) body before looking the object up
        assert response.status_code in (400, 404), (method, path, response.status_code)


# ----------------------------------------------------------------------------- bodies


def _integer_properties(schema, component):
    properties = schema["components"]["schemas"][component].get("properties", {})
    for name, prop in properties.items():
        if prop.get("readOnly"):
            continue
        if prop.get("type") == "integer":
            yield name, False
        elif prop.get("type") == "array" and prop.get("items", {}).get("type") == "integer":
            yield name, True


def _list_level_writes(schema):
    """(path, request component) of every POST that needs no existing object (creates and bulk actions)."""
    for path, operations in schema["paths"].items():
        post = operations.get("post")
        if post is None or "{" in path or "requestBody" not in post:
            continue
        content = post["requestBody"]["content"]
        ref = (content.get("application/json") or next(iter(content.values())))["schema"].get("$ref")
        if ref:
            yield path, ref.rsplit("/", 1)[1]


@pytest.mark.parametrize("value", [2**64, 2**63, -(2**63) - 1])
def test_out_of_range_integers_in_bodies_are_400_naming_the_field(root, schema, value):
    tried = 0
    for path, component in _list_level_writes(schema):
        fields = list(_integer_properties(schema, component))
        if not fields:
            continue
        body = {name: [value] if is_list else value for name, is_list in fields}
        response = root.post(path, body, format="json")
        assert response.status_code == 400, (path, body, response.status_code, response.content[:300])
        named = set(response.json())
        assert {name for name, _ in fields} <= named, (path, response.json())
        tried += 1
    assert tried >= 8


def test_integer_columns_take_only_what_the_database_stores(root, org):
    """Past INTEGER on PostgreSQL (2^31), past BIGINT everywhere: 400 before the database sees it."""
    too_big = 2**31 if connection.vendor == "postgresql" else 2**63
    response = root.post("/api/v1/sectors/", {"committee": org.county.pk, "name": "经济界", "order": too_big}, format="json")
    assert response.status_code == 400
    assert "order" in response.json()
    response = root.post("/api/v1/sectors/", {"committee": org.county.pk, "name": "经济界", "order": -1}, format="json")
    assert response.status_code == 400
    response = root.post("/api/v1/sectors/", {"committee": org.county.pk, "name": "经济界", "order": 3}, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("depth", [21, 1000, 100_000])
def test_deeply_nested_json_is_400(root, depth):
    for body in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth):
        response = root.generic("POST", "/api/v1/sectors/", body, content_type="application/json")
        assert response.status_code == 400
        assert response.json() == {"detail": "JSON 嵌套超过 20 层。"}


def test_nesting_inside_strings_does_not_count(root, org):
    body = json.dumps({"committee": org.county.pk, "name": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[界别\\\"[[[[[["})
    response = root.generic("POST", "/api/v1/sectors/", body, content_type="application/json")
    assert response.status_code in (201, 400)
    assert response.json() != {"detail": "JSON 嵌套超过 20 层。"}


@pytest.mark.parametrize("body", ["{x", "[1,", "NaN", '{"a": Infinity}', "\xff"])
def test_malformed_json_is_400_in_the_callers_language(root, body):
    response = root.generic("POST", "/api/v1/sectors/", body.encode("latin-1"), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("请求内容不是有效的")


# ----------------------------------------------------------------------------- every message in the caller's language


def test_api_404_is_chinese_under_zh_hans_and_english_under_en(client, org):
    assert api_get(client, "/api/v1/members/999999/").json() == {"detail": "未找到。"}
    assert api_get(client, "/api/v1/members/999999/", lang="en").json() == {"detail": "Not found."}
    assert api_get(client, "/api/v1/proposals/999999/").json() == {"detail": "未找到。"}


def test_405_415_and_validation_messages_follow_the_language(root, org):
    assert root.delete("/api/v1/sectors/").json() == {"detail": "方法 “DELETE” 不被允许。"}
    assert root.delete("/api/v1/sectors/", HTTP_ACCEPT_LANGUAGE="en").json() == {"detail": 'Method "DELETE" not allowed.'}
    response = root.generic("POST", "/api/v1/sectors/", "x", content_type="text/plain")
    assert (response.status_code, response.json()) == (415, {"detail": "不支持请求中的媒体类型 “text/plain”。"})
    response = root.post("/api/v1/sectors/", {"committee": org.county.pk}, format="json")
    assert response.json() == {"name": ["该字段是必填项。"]}
    response = root.post("/api/v1/sectors/", {"committee": org.county.pk}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"name": ["This field is required."]}


def test_our_own_permission_messages_are_translatable(client, org):
    response = api_get(client, "/api/v1/reminder-policies/", username=org.member_user.username)
    assert response.status_code == 403
    assert response.json()["detail"] == "只有政协机关工作人员可以查看和修改提醒规则。"
