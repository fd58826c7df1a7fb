"""The schema states the errors every operation can answer, as they are (schemathesis checks it in CI).

drf-spectacular documents the success response only; the answers of the shared API layer are the
same everywhere, so they are added here for each operation they can come from:

- 400 (a body or a query value we cannot use: `{"field": ["…"]}` or `{"detail": "…"}`),
- 401 (wrong HTTP Basic credentials), 403 (not allowed; no credentials), 429 (login locked),
- 404 (an id not found or not visible; a page number past the end),
- 415 (a body in a media type the operation does not take),
- 414 (a query string longer than the web server takes: gunicorn answers it, in HTML; no body documented).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import BasicScheme, SessionScheme
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

ERROR = inline_serializer("Error", {"detail": serializers.CharField()})
INVALID = {
    "type": "object",
    "additionalProperties": {},
    "description": "字段名（或 detail、non_field_errors）对应的错误说明",
}


class PortalSessionScheme(SessionScheme):
    target_class = "portal.api_auth.SessionAuthentication"


class PortalBasicScheme(BasicScheme):
    target_class = "portal.api_auth.BasicAuthentication"


class AutoSchema(SpectacularAutoSchema):
    def _get_paginator(self):
        """DRF pages `list` only: another action returning many rows (`similar`, `table`) answers a plain
        array, and its schema must say so rather than document a page."""
        if getattr(self.view, "action", None) != "list":
            return None
        return super()._get_paginator()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {}
        parameters = self._get_parameters()
        has_body = self.method in ("POST", "PUT", "PATCH")
        if has_body or any(p["in"] == "query" for p in parameters):
            errors["400"] = (INVALID, _("请求内容或查询参数不正确"))
        if any(p["in"] == "query" for p in parameters):
            errors["414"] = (None, _("请求地址过长（由 Web 服务器拒绝，非 JSON）"))
        if getattr(self.view, "authentication_classes", None):
            errors["401"] = (ERROR, _("用户名或密码错误"))
            errors["403"] = (ERROR, _("没有权限，或未登录"))
            errors["429"] = (ERROR, _("连续登录失败，账号已暂时锁定"))
        if any(p["in"] == "path" for p in parameters) or (self._is_list_view() and self._get_paginator()):
            errors["404"] = (ERROR, _("不存在、不可见，或页码超出范围"))
        if has_body:
            errors["415"] = (ERROR, _("不支持的请求格式"))
        for code, (schema, description) in errors.items():
            documented = responses.get(code)
            if documented is None or "content" not in documented:
                response = self._get_response_for_code(schema, code, direction=direction)
                response["description"] = (documented or {}).get("description") or description
                responses[code] = response
        return responses
