"""API of the deadline engine: obligations, own notifications, the calendar, reminder policies."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from members.scopes import scope_for
from portal.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from portal.filters import BooleanFilter, StrictFilterSet

from .filters import ObligationFilter
from .models import CalendarDay, Notification
from .selectors import notifications_of, obligations_visible_to, reminder_policies_visible_to
from .serializers import (
    CalendarDaySerializer,
    NotificationSerializer,
    ObligationSerializer,
    ReminderPolicySerializer,
)
from .services import mark_notifications_read


class ObligationViewSet(ScopedReadOnlyViewSet):
    """Obligations the user may see (staff/office/leaders: their subtree; units and members: their own)."""

    visible_to = obligations_visible_to
    select_related = ("committee", "owner_unit", "owner_member")
    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter
    search_fields = ["title"]
    ordering_fields = ["due_date", "created_at", "state"]
    ordering = ["due_date", "id"]


class NotificationFilter(StrictFilterSet):
    unread = BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("未读"))

    class Meta:
        model = Notification
        fields = ["unread"]


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The user's own in-app notifications; POST …/read/ or …/read-all/ to mark them read."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    permission_classes = [permissions.IsAuthenticated]
    queryset = Notification.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return notifications_of(self.request.user)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        mark_notifications_read(request.user, notification_ids=[notification.pk])
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=inline_serializer("MarkedRead", {"marked": drf_serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": mark_notifications_read(request.user)})


class StaffWritesPermission(permissions.BasePermission):
    """Read: anyone authenticated. Write: committee staff."""

    message = _("只有政协机关工作人员可以修改。")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or scope_for(request.user).is_staff


class CalendarDayFilter(StrictFilterSet):
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("日期起"))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("日期止"))

    class Meta:
        model = CalendarDay
        fields = ["is_workday", "date_after", "date_before"]


class CalendarDayViewSet(viewsets.ModelViewSet):
    """Public holidays and 调休 workdays (the exceptions to Mon–Fri). The calendar is shared by all committees."""

    queryset = CalendarDay.objects.order_by("date")
    serializer_class = CalendarDaySerializer
    permission_classes = [StaffWritesPermission]
    filterset_class = CalendarDayFilter


class StaffOnlyPermission(permissions.BasePermission):
    message = _("只有政协机关工作人员可以查看和修改提醒规则。")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and scope_for(request.user).is_staff)


class ReminderPolicyViewSet(ScopedModelViewSet):
    """Reminder policies: staff edit their committees' ones; global ones (no committee) only superusers."""

    visible_to = reminder_policies_visible_to
    select_related = ("committee",)
    serializer_class = ReminderPolicySerializer
    filterset_fields = ["committee", "kind"]
    ordering = ["id"]

    def get_permissions(self):
        return [StaffOnlyPermission(), *super().get_permissions()]

    def _check_committee(self, serializer):
        committee = serializer.validated_data.get("committee", getattr(serializer.instance, "committee", None))
        if not scope_for(self.request.user).can_manage(committee):
            raise PermissionDenied(_("不能修改您管理范围以外（或全局）的提醒规则。"))

    def perform_create(self, serializer):
        self._check_committee(serializer)
        serializer.save()

    def perform_update(self, serializer):
        self._check_committee(serializer)
        serializer.save()


def register(router):
    """Register the supervision viewsets on the API router."""
    router.register("obligations", ObligationViewSet, basename="obligation")
    router.register("notifications", NotificationViewSet, basename="notification")
    router.register("calendar-days", CalendarDayViewSet, basename="calendarday")
    router.register("reminder-policies", ReminderPolicyViewSet, basename="reminderpolicy")
