"""Admin for 民主评议 and the yearly awards (imported by proposals/admin.py), scoped by ScopedAdmin.

States, snapshots and composite scores change only through the services (pages, API); the weights
are edited here freely."""

from django.contrib import admin

from members.admin_mixins import ScopedAdmin

from .models import Award, EvaluationSettings, UnitEvaluation


class PublishedThroughServices:
    """State and what publication fixes are read-only here."""

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "state", "published_at")


@admin.register(EvaluationSettings)
class EvaluationSettingsAdmin(ScopedAdmin):
    list_display = ("committee", "weight_on_time", "weight_satisfaction", "weight_lookback", "weight_panel")


@admin.register(UnitEvaluation)
class UnitEvaluationAdmin(PublishedThroughServices, ScopedAdmin):
    list_display = ("year", "unit", "state", "panel_score", "grade", "composite_score", "published_at")
    list_filter = ("year", "state", "grade")
    search_fields = ("unit__name",)
    list_select_related = ("unit",)
    readonly_fields = ("composite_score", "scored_by", "scored_at")

    def has_change_permission(self, request, obj=None):
        """Scores are recorded on the evaluation page (validated, on the timeline); here they are read."""
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_add_permission(self, request, *args):
        return False  # opened for a whole year by the service


@admin.register(Award)
class AwardAdmin(PublishedThroughServices, ScopedAdmin):
    list_display = ("year", "kind", "proposal", "unit", "state", "published_at")
    list_filter = ("year", "kind", "state")
    search_fields = ("proposal__title", "proposal__number", "unit__name")
    raw_id_fields = ("proposal", "unit")
    list_select_related = ("proposal", "unit")

    def has_add_permission(self, request, *args):
        return False  # nominations are checked by the service (eligible proposals of the year)

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)
