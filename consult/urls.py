"""Consultation pages under /consult/ (issue 9): staff (office viewers and leaders read) and the units'
pages. Every POST calls one service and redirects with a message."""

from django.urls import include, path

from . import downloads
from .cases import views as cases
from .meetings import views as meetings
from .outcomes import views as outcomes
from .plans import views as plans
from .speeches import views as speeches
from .topics import views as topics

app_name = "consult"
urlpatterns = [
    # topics
    path("topics/", topics.topic_list, name="topics"),
    path("topics/new/", topics.topic_create, name="topic_create"),
    path("topics/<int:pk>/", topics.topic_detail, name="topic"),
    path("topics/<int:pk>/prestudy/", topics.topic_prestudy, name="topic_prestudy"),
    path("topics/<int:pk>/research/", topics.topic_research, name="topic_research"),
    path("topics/<int:pk>/<slug:action>/", topics.topic_act, name="topic_act"),
    # annual plans
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/items/", plans.plan_item_add, name="plan_item_add"),
    path("plan-items/<int:pk>/", plans.plan_item_edit, name="plan_item_edit"),
    # meetings
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/calendar/", meetings.meeting_calendar, name="calendar"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/invite/", meetings.meeting_invite, name="meeting_invite"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/<slug:action>/", meetings.meeting_act, name="meeting_act"),
    path("invitations/<int:pk>/leave/", meetings.leave_decide, name="leave_decide"),
    path("speeches/<int:pk>/<slug:action>/", speeches.speech_act, name="speech_act"),
    # outcomes
    path("outcomes/", outcomes.outcome_list, name="outcomes"),
    path("outcomes/new/", outcomes.outcome_create, name="outcome_create"),
    path("outcomes/<int:pk>/", outcomes.outcome_detail, name="outcome"),
    path("outcomes/<int:pk>/send/", outcomes.outcome_send, name="outcome_send"),
    path("outcomes/<int:pk>/instruct/", outcomes.outcome_instruct, name="outcome_instruct"),
    path("outcomes/<int:pk>/to-proposal/", outcomes.outcome_to_proposal, name="outcome_to_proposal"),
    path("outcomes/<int:pk>/to-report/", outcomes.outcome_to_report, name="outcome_to_report"),
    # the unit's sendings
    path("sendings/", outcomes.sending_list, name="sendings"),
    path("sendings/<int:pk>/", outcomes.sending_detail, name="sending"),
    path("sendings/<int:pk>/reply/", outcomes.sending_reply, name="sending_reply"),
    path("sendings/<int:pk>/lookback/", outcomes.sending_lookback, name="sending_lookback"),
    # downloads (consult/downloads.py): the meeting's notice and minutes (DOCX), the exports (XLSX)
    path("meetings/<int:pk>/notice.docx", downloads.notice_docx, name="meeting_notice"),
    path("meetings/<int:pk>/minutes.docx", downloads.minutes_docx, name="meeting_minutes"),
    path("exports/plan.xlsx", downloads.export_xlsx, {"what": "plan"}, name="export_plan"),
    path("exports/attendance.xlsx", downloads.export_xlsx, {"what": "attendance"}, name="export_attendance"),
    path("exports/outcomes.xlsx", downloads.export_xlsx, {"what": "outcomes"}, name="export_outcomes"),
    # grassroots cases (四单工作法, 三库): the banks, a case, registering for a resident, the member's, the public's
    path("cases/", cases.bank_list, name="case_bank"),
    path("cases/new/", cases.case_register, name="case_register"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/<slug:action>/", cases.case_act, name="case_act"),
    path("me/cases/", cases.my_cases, name="my_cases"),
    path("public/cases/", cases.public_new, name="case_public"),
    path("public/cases/track/", cases.public_track, name="case_track"),
    # the member's side (invitations, QR sign-in, 委员荐题, calendar feed) and the public call (社会征集)
    path("", include("consult.member.urls")),
    # 委员接待日: studios, the year's roster, the days, swaps (staff and members)
    path("", include("consult.reception.urls")),
    # 社情民意信息 (consult/reports/)
    path("", include("consult.reports.urls")),
]
