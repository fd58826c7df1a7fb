"""Admin of the deadline engine. Obligations, reminders, notifications and deliveries are workflow records:
read-only here (ReadOnlyScopedAdmin). Staff create manual obligations through the service (add form) and
meet or waive them with the actions below, which call the same services as the obligation page; the
obligations a workflow owns (with a subject: a proposal, a reply…) are settled by that workflow only."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.admin_mixins import NoWritesAdminMixin, ReadOnlyScopedAdmin, ScopedAdmin
from members.scopes import scope_for

from .enums import Channel
from .models import CalendarDay, CalendarYear, Delivery, Notification, Obligation, Reminder, ReminderPolicy, SweepRun
from .schedule import DEFAULT_POLICY, parse_channels
from .services import ObligationError, check_new_obligation, create_obligation, meet_obligation, waive_obligation
from .services.calendar_years import confirm_year


def _is_portal_staff(request):
    return request.user.is_active and request.user.is_staff and scope_for(request.user).is_staff


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """The calendar is global: every committee's staff may view and maintain it."""

    list_display = ["date", "weekday", "is_workday", "name", "provisional"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"
    list_per_page = 100

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return "一二三四五六日"[obj.date.weekday()]

    @admin.display(description=_("待确认"), boolean=True)
    def provisional(self, obj):
        """The day's year is not confirmed against the official notice (computed by rule)."""
        if not hasattr(self, "_confirmed_years"):
            self._confirmed_years = set(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True))
        return obj.date.year not in self._confirmed_years

    def changelist_view(self, request, extra_context=None):
        self.__dict__.pop("_confirmed_years", None)  # read once per page
        return super().changelist_view(request, extra_context)

    def has_module_permission(self, request):
        return _is_portal_staff(request)

    def has_view_permission(self, request, obj=None):
        return _is_portal_staff(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Each year's holidays: computed by rule (待确认) until staff enter the State Council's notice (its
    调休 days, under 节假日与调休) and confirm the year here. Confirming is recorded in the year's timeline."""

    list_display = ["year", "confirmed", "confirmed_by", "confirmed_at", "note"]
    list_filter = ["confirmed"]
    fields = ["year", "note", "confirmed", "confirmed_by", "confirmed_at"]
    readonly_fields = ["year", "confirmed", "confirmed_by", "confirmed_at"]
    actions = ["confirm"]

    def has_module_permission(self, request):
        return _is_portal_staff(request)

    def has_view_permission(self, request, obj=None):
        return _is_portal_staff(request)

    def has_change_permission(self, request, obj=None):
        return _is_portal_staff(request) and (obj is None or not obj.confirmed)

    def has_add_permission(self, request):
        return False  # years are generated (supervision.calendar.ensure_years)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("已录入调休，确认所选年份的放假安排"), permissions=["change"])
    def confirm(self, request, queryset):
        done = 0
        for row in queryset:
            try:
                confirm_year(row.year, actor=request.user, note=row.note)
                done += 1
            except ObligationError as exc:
                self.message_user(request, str(exc), messages.WARNING)
        if done:
            self.message_user(request, _("已确认 %(count)s 个年份的放假安排。") % {"count": done}, messages.SUCCESS)


class ObligationAdminForm(forms.ModelForm):
    class Meta:
        model = Obligation
        fields = ["committee", "kind", "title", "owner_kind", "owner_unit", "owner_member", "start_date", "due_date", "url"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("start_date") and data.get("due_date"):
            try:
                check_new_obligation(
                    owner_kind=data.get("owner_kind"), owner_unit=data.get("owner_unit"),
                    owner_member=data.get("owner_member"), start_date=data["start_date"], due_date=data["due_date"],
                    committee=data.get("committee"),
                )
            except ObligationError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyScopedAdmin):
    form = ObligationAdminForm
    list_display = ["title", "kind", "owner_display", "committee", "due_date", "state", "next_reminder_at"]
    list_filter = ["state", "kind", "owner_kind", "due_date"]
    search_fields = ["title", "owner_unit__name", "owner_member__name"]
    list_select_related = ["committee", "owner_unit", "owner_member"]
    date_hierarchy = "due_date"
    raw_id_fields = ["owner_member"]
    actions = ["mark_met", "waive"]
    fields = ["committee", "kind", "title", "owner_kind", "owner_unit", "owner_member", "start_date", "due_date",
              "url", "state", "original_due_date", "met_at", "next_reminder_at"]
    always_readonly = ["state", "original_due_date", "met_at", "next_reminder_at"]

    @admin.display(description=_("责任方"))
    def owner_display(self, obj):
        return obj.owner_display

    def has_add_permission(self, request, *args):
        """A manual obligation (no subject), created by the service: "create" timeline row, first reminder."""
        return ScopedAdmin.has_add_permission(self, request)

    def get_readonly_fields(self, request, obj=None):
        return self.always_readonly

    def save_model(self, request, obj, form, change):
        if change or not scope_for(request.user).can_manage(obj.committee):
            raise PermissionDenied(_("不能在您管理范围以外的政协组织中保存记录。"))
        created = create_obligation(
            subject=None, committee=obj.committee, kind=obj.kind, title=obj.title, owner_kind=obj.owner_kind,
            owner_unit=obj.owner_unit, owner_member=obj.owner_member, due_date=obj.due_date,
            start_date=obj.start_date, url=obj.url, actor=request.user,
        )
        obj.pk = created.pk

    def _settle(self, request, queryset, service, done_message):
        count = 0
        for obligation in queryset:
            if not scope_for(request.user).can_manage(obligation.committee):
                continue
            if obligation.subject_id is not None:
                self.message_user(request, _("「%(title)s」此事项由其办理流程完成或延期，请在办理事项页面操作。")
                                  % {"title": obligation.display_title}, messages.ERROR)
                continue
            try:
                count += service(obligation, actor=request.user, note=str(_("管理后台操作")))
            except ObligationError as exc:
                self.message_user(request, _("「%(title)s」%(error)s") % {"title": obligation.display_title, "error": exc},
                                  messages.ERROR)
        self.message_user(request, done_message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("标记为已完成"), permissions=["act"])
    def mark_met(self, request, queryset):
        self._settle(request, queryset, meet_obligation, _("已将 %(count)s 项标记为已完成。"))

    @admin.action(description=_("免除所选事项"), permissions=["act"])
    def waive(self, request, queryset):
        self._settle(request, queryset, waive_obligation, _("已免除 %(count)s 项。"))


def channel_labels(channels):
    """("inapp", "sms") -> "站内通知、短信" in the interface language."""
    return "、".join(str(Channel(c).label) for c in channels) or "—"


class ReminderPolicyAdminForm(forms.ModelForm):
    """Channels as checkboxes with their names (the column stores "inapp,email,sms")."""

    channels = forms.MultipleChoiceField(
        label=_("渠道"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple,
        initial=list(DEFAULT_POLICY.channels), error_messages={"required": _("请至少选择一个提醒渠道。")},
    )

    class Meta:
        model = ReminderPolicy
        fields = ["committee", "kind", "days_before", "on_due_day", "overdue_every_days", "escalate", "channels"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["channels"] = list(parse_channels(self.instance.channels))

    def clean_channels(self):
        chosen = self.cleaned_data["channels"]
        return ",".join(value for value in Channel.values if value in chosen)


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(ScopedAdmin):
    """Committee policies are edited by that committee's staff; global ones (no committee) by superusers."""

    form = ReminderPolicyAdminForm
    list_display = ["__str__", "days_before", "on_due_day", "overdue_every_days", "escalate", "channel_names"]
    list_filter = ["kind", "escalate"]
    list_select_related = ["committee"]
    change_list_template = "admin/supervision/reminderpolicy/change_list.html"

    @admin.display(description=_("渠道"))
    def channel_names(self, obj):
        return channel_labels(parse_channels(obj.channels))

    def changelist_view(self, request, extra_context=None):
        """The list says which rule applies where none is set (the built-in default)."""
        default = DEFAULT_POLICY
        extra_context = {
            **(extra_context or {}),
            "default_policy": {
                "days_before": "、".join(str(d) for d in default.days_before),
                "overdue_every_days": default.overdue_every_days,
                "channels": channel_labels(default.channels),
            },
        }
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request).select_related("committee")
        scope = scope_for(request.user)
        return qs if scope.is_superuser else qs.filter(scope.committee_q() | Q(committee__isnull=True))

    def has_view_permission(self, request, obj=None):
        if obj is not None and obj.committee_id is None:
            return self.has_module_permission(request)
        return super().has_view_permission(request, obj)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyScopedAdmin):
    committee_field = "obligation__committee"
    list_display = ["obligation", "stage", "due_date", "escalated", "created_at"]
    list_filter = ["escalated"]
    search_fields = ["obligation__title"]
    list_select_related = ["obligation"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyScopedAdmin):
    committee_field = "reminder__obligation__committee"
    list_display = ["title", "user", "created_at", "read_at"]
    search_fields = ["title", "user__username"]
    list_select_related = ["user"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyScopedAdmin):
    committee_field = "reminder__obligation__committee"
    list_display = ["channel", "recipient", "subject", "state", "attempts", "sent_at", "error"]
    list_filter = ["channel", "state"]
    search_fields = ["recipient", "subject"]


@admin.register(SweepRun)
class SweepRunAdmin(NoWritesAdminMixin, admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "source", "overdue_marked", "reminders_sent"]
    list_filter = ["source"]

    def has_module_permission(self, request):
        return _is_portal_staff(request)

    def has_view_permission(self, request, obj=None):
        return _is_portal_staff(request)
