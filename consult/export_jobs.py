"""Consultation exports through the shared workbook writer (portal.documents.workbook), inline or as background
jobs (portal.jobs, found by the registry's autodiscovery of `export_jobs` modules):

- consult_plan: the annual plans' items, with a sheet of each plan's standing against the frequency requirement;
- consult_attendance: meetings with attendance, one row per invitation (member, answer, leave, attendance);
  member phones as members.privacy shows them to the reader (masked for office viewers and leaders);
- consult_outcomes: outcomes with their sendings and replies, one row per recommendation and unit (adoption and
  measures, the reply's due date from its obligation, overdue).

Filters (query parameters): `committee` (one committee the reader sees; default: all they see) and `year`.
Who may export: readers of the committee's consultation work — staff, office viewers, leaders (and superusers).
The sheets' wording is Chinese whatever the interface language: offices exchange these files.
"""

from django import forms
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from members import privacy
from members.scopes import scope_for
from members.selectors import committees_visible_to
from portal.documents.workbook import DATE, DATETIME, INTEGER, Column, WorkbookWriter, form_filters
from portal.forms import ModelChoiceField
from portal.jobs.progress import counted
from portal.jobs.registry import ExportKind, InvalidParams, register
from supervision.enums import PENDING_STATES, ObligationKind, ObligationState
from supervision.models import Obligation

from . import selectors
from .meetings.enums import MeetingState
from .models import Attendance, RecommendationReply

YES, NO = "是", "否"


class ExportFilterForm(forms.Form):
    committee = ModelChoiceField(label=_("政协组织"), queryset=None, required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees_visible_to(user).order_by("path")


FILTERS = tuple(ExportFilterForm.base_fields)


def may_export(user) -> bool:
    scope = scope_for(user)
    return bool(scope.is_superuser or scope.read_paths)


def _form(user, query):
    form = ExportFilterForm(query, user=user)
    if not form.is_valid():
        raise InvalidParams({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    return form


def _committee_name(user, form, names):
    """The committee the export is of: the one filtered on, the rows' own when they share one, else the
    topmost committee the user reads."""
    if form.cleaned_data.get("committee") is not None:
        return form.cleaned_data["committee"].name
    if len(names) == 1:
        return next(iter(names))
    from members.models import Committee

    tops = sorted(Committee.objects.filter(path__in=scope_for(user).read_paths), key=lambda c: len(c.path))
    return tops[0].name if tops else ""


def _book(user, form, names, subject):
    return WorkbookWriter(committee=_committee_name(user, form, names), subject=subject, filters=form_filters(form))


def _local(moment):
    return timezone.localtime(moment) if moment else None


# ---------------------------------------------------------------- the annual plan


PLAN_HEADERS = ["政协组织", Column("年度", kind=INTEGER), "事项", "议题状态", "协商形式", "时间", "牵头专委会",
                "牵头界别组", "参加部门", Column("已召开", kind=INTEGER)]
STANDING_HEADERS = ["政协组织", Column("年度", kind=INTEGER), "频次要求", Column("要求次数", kind=INTEGER),
                    Column("计划次数", kind=INTEGER), Column("已召开", kind=INTEGER), "计划达标", "进展"]


def plan_rows(user, query):
    """(form, plan items) the reader sees, by committee and year."""
    form = _form(user, query)
    items = selectors.plan_items_visible_to(user)
    if form.cleaned_data.get("committee") is not None:
        items = items.filter(plan__committee=form.cleaned_data["committee"])
    if form.cleaned_data.get("year"):
        items = items.filter(plan__year=form.cleaned_data["year"])
    return form, items.order_by("plan__committee__path", "-plan__year", "quarter", "month", "order", "id")


def build_plan(user, query, progress=None):
    from .plans.frequency import standing

    form, items = plan_rows(user, query)
    items = list(items.select_related("plan__committee", "topic", "lead_special_committee", "lead_sector_group")
                 .prefetch_related("units")
                 .annotate(held=Count("meetings", filter=Q(meetings__state=MeetingState.HELD), distinct=True)))
    plans = list(dict.fromkeys(item.plan for item in items))
    book = _book(user, form, {p.committee.name for p in plans}, "年度协商计划")

    def rows():
        for item in items:
            yield [item.plan.committee.name, item.plan.year, item.title,
                   item.topic.get_state_display() if item.topic_id else "", item.get_meeting_type_display(),
                   str(item.when), item.lead_special_committee.name if item.lead_special_committee_id else "",
                   item.lead_sector_group.name if item.lead_sector_group_id else "",
                   "、".join(u.name for u in item.units.all()), item.held]

    book.add_table("计划事项", PLAN_HEADERS, counted(rows(), progress, len(items)))
    standings = []
    for plan in plans:
        for line in standing(plan).lines:
            standings.append([plan.committee.name, plan.year, line.label, line.required, line.planned, line.held,
                              YES if line.plan_meets else NO, line.progress])
    book.add_table("频次要求", STANDING_HEADERS, standings)
    return book, len(items)


# ---------------------------------------------------------------- meetings with attendance


def attendance_headers(phone_shown):
    return ["政协组织", "会议", "协商形式", "方式", Column("开始时间", kind=DATETIME), "地点", "会议状态", "委员", "界别",
            *(["手机号"] if phone_shown else []), "参加方式", "答复", "请假事由", "审批意见", "出勤", "出勤经更正"]


def attendance_rows(user, query):
    """(form, invitations) the reader sees, by the meeting's committee and year."""
    form = _form(user, query)
    invitations = selectors.invitations_visible_to(user)
    if form.cleaned_data.get("committee") is not None:
        invitations = invitations.filter(meeting__committee=form.cleaned_data["committee"])
    if form.cleaned_data.get("year"):
        invitations = invitations.filter(meeting__starts_at__year=form.cleaned_data["year"])
    return form, invitations.order_by("-meeting__starts_at", "meeting_id", "member__name", "id")


def build_attendance(user, query, progress=None):
    form, invitations = attendance_rows(user, query)
    row = Attendance.objects.filter(meeting=OuterRef("meeting_id"), member=OuterRef("member_id"))
    invitations = list(invitations.select_related("meeting__committee", "member__sector").annotate(
        attendance_status=Subquery(row.values("status")[:1]), attendance_corrected=Subquery(row.values("corrected")[:1])))
    level = privacy.member_field_access(user)["phone"]
    phone_shown = level != privacy.HIDDEN
    status_labels = dict(Attendance._meta.get_field("status").choices)
    book = _book(user, form, {i.meeting.committee.name for i in invitations}, "协商活动出勤")

    def rows():
        for i in invitations:
            m, member = i.meeting, i.member
            phone = [privacy.shown(member.phone, level, "phone")] if phone_shown else []
            yield [m.committee.name, m.title, m.get_meeting_type_display(), m.get_mode_display(), _local(m.starts_at),
                   m.venue, m.get_state_display(), member.name, member.sector.name if member.sector_id else "", *phone,
                   "必须参加" if i.compulsory else "报名参加", i.get_state_display(), i.leave_reason, i.decision_note,
                   str(status_labels.get(i.attendance_status, "")),
                   (YES if i.attendance_corrected else NO) if i.attendance_status else ""]

    book.add_table("出勤", attendance_headers(phone_shown), counted(rows(), progress, len(invitations)))
    return book, len(invitations)


# ---------------------------------------------------------------- outcomes with their replies


OUTCOME_HEADERS = ["政协组织", "成果", "成果类型", "议题", Column("报送时间", kind=DATETIME), "承办单位", "领导批示",
                   Column("答复时限", kind=DATE), "逾期", "答复状态", Column("答复时间", kind=DATETIME), "落实措施",
                   Column("建议序号", kind=INTEGER), "建议", "采纳情况", "采纳措施"]


def _reply_obligations():
    return Obligation.objects.filter(subject_type__app_label="consult", subject_type__model="outcomesending",
                                     kind=ObligationKind.OUTCOME_REPLY).exclude(state=ObligationState.WAIVED)


def outcome_rows(user, query):
    """(form, sendings) the reader sees, by the outcome's committee and the year it was sent."""
    form = _form(user, query)
    sendings = selectors.sendings_visible_to(user)
    if form.cleaned_data.get("committee") is not None:
        sendings = sendings.filter(outcome__committee=form.cleaned_data["committee"])
    if form.cleaned_data.get("year"):
        sendings = sendings.filter(sent_at__year=form.cleaned_data["year"])
    return form, sendings.order_by("-sent_at", "outcome_id", "id")


def overdue_text(sending, today=None):
    """是 (past its due date, not replied), 逾期答复 (replied after it), 否 — read from the reply obligation."""
    today = today or timezone.localdate()
    due = sending.due_date
    if due is None:
        return ""
    if sending.replied_at is not None:
        return "逾期答复" if timezone.localdate(sending.replied_at) > due else NO
    return YES if sending.obligation_state == ObligationState.OVERDUE or (
        sending.obligation_state in PENDING_STATES and due < today) else NO


def build_outcomes(user, query, progress=None):
    form, sendings = outcome_rows(user, query)
    latest = _reply_obligations().filter(subject_id=OuterRef("pk")).order_by("-id")
    sendings = list(sendings.select_related("outcome__committee", "outcome__topic", "unit")
                    .prefetch_related("outcome__recommendations", "outcome__instructions__units")
                    .annotate(due_date=Subquery(latest.values("due_date")[:1]),
                              obligation_state=Subquery(latest.values("state")[:1])))
    replies = {}
    for r in RecommendationReply.objects.filter(sending__in=[s.pk for s in sendings]):
        replies[(r.sending_id, r.recommendation_id)] = r
    adoption_labels = dict(RecommendationReply._meta.get_field("adoption").choices)
    book = _book(user, form, {s.outcome.committee.name for s in sendings}, "协商成果及答复")
    today = timezone.localdate()

    def rows():
        for done, s in enumerate(sendings, start=1):
            o = s.outcome
            instructions = "；".join(f"{i.leader}（{i.instructed_on:%Y-%m-%d}）：{i.text}" for i in o.instructions.all()
                                    if any(u.pk == s.unit_id for u in i.units.all()))
            head = [o.committee.name, o.title, o.get_kind_display(), o.topic.title if o.topic_id else "",
                    _local(s.sent_at), s.unit.name, instructions, s.due_date, overdue_text(s, today),
                    s.get_state_display(), _local(s.replied_at), s.measures]
            recommendations = list(o.recommendations.all())
            if not recommendations:
                yield [*head, None, "", "", ""]
            for rec in recommendations:
                reply = replies.get((s.pk, rec.pk))
                yield [*head, rec.number, rec.text, str(adoption_labels.get(reply.adoption, "")) if reply else "",
                       reply.measures if reply else ""]
            if progress is not None:
                progress(done, len(sendings))

    book.add_table("成果答复", OUTCOME_HEADERS, rows())
    return book, len(sendings)


def _job(builder):
    def build(user, query, progress):
        book, count = builder(user, query, progress)
        return book.to_bytes(), book.filename(), count

    return build


PLAN = register(ExportKind(
    kind="consult_plan", label=gettext_noop("年度协商计划"), audit_name="年度协商计划",
    permitted=may_export, rows=plan_rows, build=_job(build_plan), filter_names=FILTERS,
))
ATTENDANCE = register(ExportKind(
    kind="consult_attendance", label=gettext_noop("协商活动出勤"), audit_name="协商活动出勤",
    permitted=may_export, rows=attendance_rows, build=_job(build_attendance), filter_names=FILTERS,
))
OUTCOMES = register(ExportKind(
    kind="consult_outcomes", label=gettext_noop("协商成果及答复"), audit_name="协商成果及答复",
    permitted=may_export, rows=outcome_rows, build=_job(build_outcomes), filter_names=FILTERS,
))
KINDS = {"plan": PLAN, "attendance": ATTENDANCE, "outcomes": OUTCOMES}
BUILDERS = {"plan": build_plan, "attendance": build_attendance, "outcomes": build_outcomes}

# 社情民意 periodic reports register their kinds on import (autodiscovery finds only app-level modules)
from .reports import export_jobs as _reports_export_jobs  # noqa: E402, F401
