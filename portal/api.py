"""The API side of the one permission layer.

A viewset names its selector (`visible_to`: user -> queryset) and the path to its committee;
reads go through the selector (other people's objects are simply not found: 404), writes need
`Scope.can_manage()` on the object's committee (403 otherwise).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import PermissionDenied

from members.admin_mixins import committee_of
from members.scopes import scope_for


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
        serializer.save()

    def perform_update(self, serializer):
        """Moving a record to another committee needs management rights there too."""
        committee = serializer.validated_data.get("committee")
        if committee is not None and not scope_for(self.request.user).can_manage(committee):
            raise PermissionDenied(_("不能把记录移到您管理范围以外的政协组织。"))
        serializer.save()


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


class ScopedCreateUpdateViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Read for everyone in scope, create and update for staff; no delete through the API."""
