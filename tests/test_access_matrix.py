"""Every page and API endpoint, requested as every role: the status codes of tests/matrix.py.

One test per matrix row; inside it, one request per role, and a failure lists every role that got
a different status. `test_every_url_is_in_the_matrix` makes a new URL without a row fail.
"""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from tests.matrix import ADMIN_BUILTIN_NAMES, ADMIN_BUILTIN_SUFFIXES, MATRIX, ROLES, UNLISTED


def _send(client, case, url, org):
    if case.method == "get":
        return client.get(url)
    data = case.data(org) if case.data else {}
    if url.startswith("/api/"):
        return getattr(client, case.method)(url, data=data, content_type="application/json")
    return getattr(client, case.method)(url, data=data)


def _matches(expected, status):
    return status in expected if isinstance(expected, (set, frozenset)) else status == expected


@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.id)
def test_access_matrix(case, org):
    url = reverse(case.name, kwargs=case.kwargs(org) if case.kwargs else None)
    login_urls = (resolve_url(settings.LOGIN_URL), reverse("admin:login"))
    wrong = []
    for role, user_attr in ROLES.items():
        client = Client()
        if user_attr:
            client.force_login(getattr(org, user_attr))
        response = _send(client, case, url, org)
        expected = case.expect[role]
        if not _matches(expected, response.status_code):
            wrong.append(f"  {role}: expected {expected}, got {response.status_code}")
        elif role == "anonymous" and response.status_code == 302:
            assert response["Location"].startswith(login_urls), f"{case.id}: anonymous sent to {response['Location']}"
    assert not wrong, f"{case.id} {url}\n" + "\n".join(wrong)


def _patterns(resolver, namespace=()):
    """(qualified name or None, route, namespace tuple) for every URL pattern under `resolver`."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            for name, route, ns in _patterns(pattern, inner):
                yield name, str(pattern.pattern) + route, ns
        else:
            name = ":".join(namespace + (pattern.name,)) if pattern.name else None
            yield name, str(pattern.pattern), namespace


def _is_admin_builtin(name, namespace):
    if not namespace or namespace[0] != "admin":
        return False
    if name is None:  # the admin's catch-all and redirect patterns
        return True
    short = name.split(":")[-1]
    return short in ADMIN_BUILTIN_NAMES or short.endswith(ADMIN_BUILTIN_SUFFIXES)


def test_every_url_is_in_the_matrix():
    listed = {case.name for case in MATRIX}
    missing, unnamed = {}, set()
    for name, route, namespace in _patterns(get_resolver()):
        if _is_admin_builtin(name, namespace) or name in UNLISTED:
            continue
        if name is None:
            unnamed.add(route)
        elif name not in listed:
            missing.setdefault(name, f"{name}  ({route})")  # the first route; API format suffixes share the name
    assert not unnamed, "URL patterns without a name (name them, then add rows to tests/matrix.py):\n" + "\n".join(
        sorted(unnamed)
    )
    assert not missing, "URLs missing from the access matrix in tests/matrix.py:\n" + "\n".join(sorted(missing.values()))


def test_matrix_rows_are_well_formed():
    ids = [case.id for case in MATRIX]
    assert len(ids) == len(set(ids)), "two rows share an id: give one a label"
    for case in MATRIX:
        assert set(case.expect) == set(ROLES), f"{case.id}: expected statuses for every role"
        assert case.method in {"get", "post", "put", "patch", "delete"}, case.id


def test_url_walk_sees_namespaced_and_router_urls_and_custom_admin_views():
    names = {name for name, _route, _ns in _patterns(get_resolver())}
    assert {"home", "supervision:notifications", "member-list", "member-detail"} <= names
    assert _is_admin_builtin("admin:members_member_changelist", ("admin",))
    assert not _is_admin_builtin("admin:members_import", ("admin",))
