"""Admin for 民主评议 and the yearly awards, scoped to the staff member's subtree.

Evaluations and nominations are workflow records: read-only here (opened, scored, nominated and
published through the services, on the evaluation pages and the API). The weights are edited freely."""

from django.contrib import admin

from members.admin_mixins import ReadOnlyScopedAdmin, ScopedAdmin

from .models import Award, EvaluationSettings, UnitEvaluation


@admin.register(EvaluationSettings)
class EvaluationSettingsAdmin(ScopedAdmin):
    list_display = ("committee", "weight_on_time", "weight_satisfaction", "weight_lookback", "weight_panel")


@admin.register(UnitEvaluation)
class UnitEvaluationAdmin(ReadOnlyScopedAdmin):
    list_display = ("year", "unit", "state", "panel_score", "grade", "composite_score", "published_at")
    list_filter = ("year", "state", "grade")
    search_fields = ("unit__name",)
    list_select_related = ("unit",)


@admin.register(Award)
class AwardAdmin(ReadOnlyScopedAdmin):
    list_display = ("year", "kind", "proposal", "unit", "state", "published_at")
    list_filter = ("year", "kind", "state")
    search_fields = ("proposal__title", "proposal__number", "unit__name")
    list_select_related = ("proposal", "unit")
