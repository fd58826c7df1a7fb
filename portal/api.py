"""The API side of the one permission layer.

A viewset names its selector (`visible_to`: user -> queryset) and the path to its committee;
reads go through the selector (other people's objects are simply not found: 404), writes need
`Scope.can_manage()` on the object's committee (403 otherwise).
"""

import re
from collections.abc import Mapping
from operator import attrgetter

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.fields import SkipField
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from members.admin_mixins import committee_of
from members.scopes import scope_for

from .choices import choice_label

# ---------------------------------------------------------------- errors


def exception_handler(exc, context):
    """DRF's handler, with every message in the user's language.

    Django's `get_object_or_404` says "No Member matches the given query." in English whatever the
    language; an API 404 is DRF's translated "未找到。" instead (it also names no model).
    """
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


# ---------------------------------------------------------------- fields

class DisplayField(serializers.CharField):
    """The label of a choice (`DisplayField(source="get_state_display")`), in the caller's language.

    It reads the field's value and looks its label up in the table of portal/choices.py. Naming the method
    as a plain CharField's source would make DRF inspect the method's signature on every call: a list of
    50 proposals with their assignments made 300 such calls."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        match = re.fullmatch(r"get_(\w+)_display", self.source)
        self.choice_field = match.group(1) if match else None

    def get_attribute(self, instance):
        if self.choice_field is None:
            return super().get_attribute(instance)
        field = instance._meta.get_field(self.choice_field)
        return choice_label(field, getattr(instance, field.attname))


class PlannedRepresentation:
    """A model serializer's rows written from a plan made once per serializer (a list's one child serves
    all its rows). DRF walks the fields anew for every row and reads each source through its generic
    resolver, some 4 µs a field: a quarter of the time of a 50-row page of a wide model. The output is
    DRF's: each field's own `to_representation`; only the reading differs, a plain attribute read where
    the source is one of the model's own columns (or a foreign key's id, for a primary-key field)."""

    def _row_plan(self):
        plan = self.__dict__.get("_planned")
        if plan is None:
            columns = {f.name: f.attname for f in self.Meta.model._meta.concrete_fields}
            plan = self._planned = [(field.field_name, *_reader(field, columns)) for field in self._readable_fields]
        return plan

    def to_representation(self, instance):
        if isinstance(instance, Mapping):
            return super().to_representation(instance)
        row = {}
        for name, read, write in self._row_plan():
            try:
                value = read(instance)
            except SkipField:
                continue
            row[name] = None if value is None else write(value)
        return row


def _same(value):
    return value


def _reader(field, columns):
    """(read, write) of one field: DRF's own get_attribute and to_representation, or for a model column
    an attribute read (a primary-key field of a foreign key: its id column, written as it is)."""
    attrs = field.source_attrs
    if len(attrs) == 1 and attrs[0] in columns:
        if isinstance(field, serializers.PrimaryKeyRelatedField):
            if field.pk_field is None and type(field).to_representation is serializers.PrimaryKeyRelatedField.to_representation:
                return attrgetter(columns[attrs[0]]), _same
        elif type(field).get_attribute is serializers.Field.get_attribute:
            return attrgetter(attrs[0]), field.to_representation
    return field.get_attribute, field.to_representation


class NotFoundView(APIView):
    """Every other address under /api/v1/ (an id such as "0.5" matches no route): the API's JSON 404 in
    the caller's language, not the HTML page meant for people."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()


# ---------------------------------------------------------------- scoped views


class ScopedPermission(permissions.BasePermission):
    """Read: anyone authenticated (the queryset is already scoped). Write: staff of the object's committee."""

    message = gettext_lazy("您没有权限执行此操作。")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return scope_for(request.user).is_staff

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return scope_for(request.user).can_manage(committee_of(obj, getattr(view, "committee_field", "committee")))


class ScopedViewSetMixin:
    visible_to = None  # function(user) -> QuerySet
    committee_field = "committee"
    select_related = ()
    prefetch_related = ()
    permission_classes = [ScopedPermission]

    def get_queryset(self):
        qs = type(self).visible_to(self.request.user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def perform_create(self, serializer):
        """Create only inside the managed subtree (serializers carrying no committee check it themselves)."""
        committee = serializer.validated_data.get("committee")
        if committee is not None and not scope_for(self.request.user).can_manage(committee):
            raise PermissionDenied(_("不能在您管理范围以外的政协组织中创建记录。"))
        check_references(serializer, committee)
        serializer.save()

    def perform_update(self, serializer):
        """Moving a record to another committee needs management rights there too."""
        committee = serializer.validated_data.get("committee")
        if committee is not None and not scope_for(self.request.user).can_manage(committee):
            raise PermissionDenied(_("不能把记录移到您管理范围以外的政协组织。"))
        check_references(serializer, committee or committee_of(serializer.instance, self.committee_field))
        serializer.save()


def check_references(serializer, committee):
    """Every record a write points to (foreign keys, many-to-many) belongs to the record's committee — a
    committee it points to lies in that committee's subtree — else 400 naming the field (members.scopes.in_scope)."""
    from members.models import Committee
    from members.scopes import in_scope

    if committee is None:
        return
    errors = {}
    for name, value in serializer.validated_data.items():
        if name == "committee":
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            if not hasattr(item, "_meta") or not (isinstance(item, Committee) or hasattr(item, "committee_id")):
                continue
            if not in_scope(item, committee, subtree=isinstance(item, Committee)):
                errors[name] = _("所选记录不属于%(committee)s，不能使用。") % {"committee": committee.name}
    if errors:
        raise ValidationError(errors)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


class ScopedCreateUpdateViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Read for everyone in scope, create and update for staff; no delete through the API."""
