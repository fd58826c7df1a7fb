"""The OpenAPI schema generates cleanly and its docs pages work offline (no CDN, assets served by us)."""

import re

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from portal.api_urls import router


@pytest.fixture(scope="module")
def schema():
    GENERATOR_STATS.reset()
    generated = SchemaGenerator().get_schema(request=None, public=True)
    warnings, errors = dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    return generated, warnings, errors


def test_schema_generates_valid_without_warnings(schema):
    generated, warnings, errors = schema
    assert not errors, "drf-spectacular errors:\n" + "\n".join(errors)
    assert not warnings, "drf-spectacular warnings:\n" + "\n".join(warnings)
    validate_schema(generated)


def test_schema_documents_every_api_route(schema):
    paths = schema[0]["paths"]
    missing = [prefix for prefix, _viewset, _basename in router.registry if f"/api/v1/{prefix}/" not in paths]
    assert not missing, f"API routes absent from the schema: {missing}"


def test_schema_endpoint_serves_openapi(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    assert document["info"]["title"] == "政协协商履职平台 API"
    assert "/api/v1/members/{id}/" in document["paths"]
    member_filters = {p["name"] for p in document["paths"]["/api/v1/members/"]["get"]["parameters"]}
    assert {"committee", "within", "sector", "special_committee", "party", "township", "is_standing", "search"} <= member_filters


ASSET = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_are_served_offline(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), "the docs page refers to an outside address"
    assets = ASSET.findall(html)
    assert assets, "no scripts or styles found"
    for asset in assets:
        if asset.startswith(f"{url}?") and "script" in asset:
            continue  # Swagger UI's start-up script, served by the page's own view (no inline script: tests/test_csp.py)
        assert asset.startswith(settings.STATIC_URL), asset
        assert finders.find(asset.removeprefix(settings.STATIC_URL)), f"{asset} is not a static file we ship"


def test_swagger_ui_does_not_call_the_online_validator(client, db):
    script = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', client.get("/api/docs/").content.decode())
    assert '"validatorUrl": null' in client.get(script.group(1).replace("&amp;", "&")).content.decode()
