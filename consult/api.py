"""The consultation API under /api/v1/consult-…: thin views over the selectors (reads; 404 outside them)
and the services (writes: a ConsultError is a 400 with its Chinese message, a ConsultPermissionError a 403).
Each sub-domain has its own api.py (topics, plans, meetings, outcomes), registered here."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from .errors import ConsultError, ConsultPermissionError

ERRORS = {400: OpenApiResponse(description="输入有误或当前状态不允许（中文说明）"),
          403: OpenApiResponse(description="没有权限"), 404: OpenApiResponse(description="不存在或不可见")}


def responses(serializer, code=200):
    return {code: serializer, **ERRORS}


def run(fn, **kwargs):
    """Call a service, turning domain errors into API errors."""
    try:
        return fn(**kwargs)
    except ConsultPermissionError as exc:
        raise PermissionDenied(exc.message) from exc
    except ConsultError as exc:
        raise ValidationError({"detail": exc.message}) from exc


def valid(serializer_class, request):
    s = serializer_class(data=request.data, context={"request": request})
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def visible(selector, request, obj, field, message):
    """A record named in a body must be one the caller sees; otherwise 400 naming the field."""
    if obj is not None and not selector(request.user).filter(pk=obj.pk).exists():
        raise ValidationError({field: [message]})
    return obj


class ConsultViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists and details through the selector `visible_to`; actions call one service each."""

    permission_classes = [permissions.IsAuthenticated]
    visible_to = None
    select_related = ()
    prefetch_related = ()
    ordering = ("-id",)

    def get_queryset(self):
        qs = type(self).visible_to(self.request.user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs.order_by(*self.ordering)

    def answer(self, obj, code=status.HTTP_200_OK):
        """The fresh object as the list shows it (read through the selector)."""
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer_class()(fresh, context=self.get_serializer_context()).data, status=code)


def register(router):
    """Register the consultation viewsets on the API router."""
    from .cases import api as cases_api
    from .meetings import api as meetings_api
    from .outcomes import api as outcomes_api
    from .plans import api as plans_api
    from .reception import api as reception_api
    from .reports import api as reports_api
    from .speeches import api as speeches_api
    from .topics import api as topics_api

    topics_api.register(router)
    plans_api.register(router)
    meetings_api.register(router)
    outcomes_api.register(router)
    speeches_api.register(router)
    reception_api.register(router)
    reports_api.register(router)
    cases_api.register(router)
