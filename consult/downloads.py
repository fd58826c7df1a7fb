"""Downloads of consultation documents and exports (audited like every export, portal.audit.audit_export):

- /consult/meetings/<pk>/notice.docx: the meeting's notice (consult.documents), for staff of its committee at
  any time (a draft before it is sent) and, once sent (已通知, 已召开), for the readers of the committee's
  subtree (office viewers, leaders) and the invited members (`notice_refusal`); a meeting the user cannot see
  is 404, one they see but may not have the notice of, 403.
- /consult/meetings/<pk>/minutes.docx: the minutes, for staff of its committee once the meeting is held.
- /consult/exports/<plan|attendance|outcomes>.xlsx?committee=&year=: the workbooks of consult.export_jobs, for
  staff, office viewers and leaders; with more rows than answer inline, the page offering the background job.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from members.scopes import scope_for
from portal.audit import audit_export
from portal.documents.names import content_disposition
from portal.documents.workbook import xlsx_response
from portal.filters import ID_MAX
from portal.jobs.registry import InvalidParams
from portal.jobs.services import in_background
from portal.jobs.views import offer_background

from . import documents, export_jobs, selectors
from .meetings.enums import MeetingState

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def managed_meeting(user, pk):
    """The meeting `pk` if `user` sees it (else 404) and manages its committee (else 403)."""
    if pk > ID_MAX:
        raise Http404
    meeting = get_object_or_404(selectors.meetings_visible_to(user).select_related("committee", "topic", "plan_item"),
                                pk=pk)
    if not scope_for(user).can_manage(meeting.committee):
        raise PermissionDenied(_("只有本级政协机关工作人员可以下载会议通知和纪要。"))
    return meeting


NOTICE_SENT = {MeetingState.NOTIFIED, MeetingState.HELD}


def notice_refusal(user, meeting):
    """Why `user`, who sees `meeting`, may not download its notice (None: they may). The same rule for the
    page and the API."""
    scope = scope_for(user)
    if scope.can_manage(meeting.committee):
        return None
    invited = scope.member is not None and meeting.invitations.filter(member=scope.member).exists()
    if not (scope.can_read(meeting.committee) or invited):
        return _("只有本级政协机关、领导和受邀委员可以下载会议通知。")
    if meeting.state not in NOTICE_SENT:
        return _("“%(title)s”的会议通知尚未发出（当前状态：%(state)s），不能下载。") % {
            "title": meeting.title, "state": meeting.get_state_display()}
    return None


def notice_meeting(user, pk):
    """The meeting `pk` if `user` sees it (else 404) and may download its notice (else 403)."""
    if pk > ID_MAX:
        raise Http404
    meeting = get_object_or_404(selectors.meetings_visible_to(user).select_related("committee", "topic", "plan_item"),
                                pk=pk)
    refusal = notice_refusal(user, meeting)
    if refusal:
        raise PermissionDenied(refusal)
    return meeting


def may_download_notice(user, meeting):
    return notice_refusal(user, meeting) is None


class NotHeld(Exception):
    """The minutes of a meeting not held yet were asked for."""


def notice_file(meeting, user):
    """(bytes, file name) of the meeting's notice; the contact is the staff member who organised it."""
    organiser = meeting.created_by or user
    name = (organiser.get_full_name() or organiser.first_name or "").strip() if organiser else ""
    contact = f"联系人：{name}（{documents.office_name(meeting.committee)}）" if name else ""
    return documents.meeting_notice(meeting, contact=contact).to_bytes(), documents.notice_filename(meeting)


def minutes_file(meeting):
    if meeting.state != MeetingState.HELD:
        raise NotHeld
    return documents.meeting_minutes(meeting).to_bytes(), documents.minutes_filename(meeting)


def docx_response(content, filename):
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def not_held_message(meeting):
    return _("“%(title)s”尚未召开（当前状态：%(state)s），召开后才能生成会议纪要。") % {
        "title": meeting.title, "state": meeting.get_state_display()}


@login_required
def notice_docx(request, pk):
    meeting = notice_meeting(request.user, pk)
    content, filename = notice_file(meeting, request.user)
    audit_export(request, f"会议通知《{meeting.title}》", meeting.invitations.count())
    return docx_response(content, filename)


@login_required
def minutes_docx(request, pk):
    meeting = managed_meeting(request.user, pk)
    try:
        content, filename = minutes_file(meeting)
    except NotHeld:
        return HttpResponse(not_held_message(meeting), status=409, content_type="text/plain; charset=utf-8")
    audit_export(request, f"会议纪要《{meeting.title}》", meeting.attendance.count())
    return docx_response(content, filename)


@login_required
def export_xlsx(request, what):
    """The workbook `what` (plan, attendance, outcomes) of the rows the user sees, filtered by the query."""
    spec = export_jobs.KINDS.get(what)
    if spec is None:
        raise Http404
    if not spec.permitted(request.user):
        raise PermissionDenied(_("您没有权限进行这项导出。"))
    try:
        _form, rows = spec.rows(request.user, request.GET)
        total = rows.count()
        if in_background(total):
            return offer_background(request, spec.kind, total)
        book, count = export_jobs.BUILDERS[what](request.user, request.GET)
    except InvalidParams as exc:
        lines = [f"{name}: {'；'.join(messages)}" for name, messages in exc.errors.items()]
        return HttpResponse(_("筛选条件有误：") + "\n".join(lines), status=400, content_type="text/plain; charset=utf-8")
    audit_export(request, spec.audit_name, count)
    return xlsx_response(book.to_bytes(), book.filename())
