"""{% load invitations %}{% invitation_items invitations %}: the member's invitations (我的协商活动, the home
page's two lists) written in Python, one string each. Rendered from a template per invitation (a dozen
conditions, four links, two or three forms) they were most of 我的协商活动's template time.

Each shows the meeting (title, time in the site's time zone, type, mode, venue), whether it is compulsory,
the answer, and what the member may do now: download the notice; follow the video link and sign in online
while sign-in is open; answer (参加 / 不参加) or ask leave with a reason before a notified meeting starts."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.html import escaped, url_with_pk

from ..meetings.enums import InvitationState, MeetingMode, MeetingState

register = template.Library()

I = InvitationState  # noqa: E741 - the table's own short name
ANSWERABLE = (I.INVITED, I.LEAVE_REFUSED, I.ACCEPTED)


def _local(value, fmt):
    return timezone.localtime(value).strftime(fmt) if value else ""


@register.simple_tag(takes_context=True)
def invitation_items(context, invitations):
    request = context.get("request")
    here = escaped(request.get_full_path()) if request is not None else ""
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escaped(context.get("csrf_token", ""))}">'
    return mark_safe("".join(_item(invitation, here, csrf) for invitation in invitations))  # noqa: S308 - escaped


def _item(invitation, here, csrf):
    m, state = invitation.meeting, invitation.state
    venue = f" · {escaped(m.venue)}" if m.venue else ""
    status = ""
    if m.state == MeetingState.CANCELLED:
        status = f" · {escaped(_('活动已取消'))}"
    elif m.state == MeetingState.HELD:
        status = f" · {escaped(_('已召开'))}"
    out = [
        f'<li data-testid="consult-invitation" data-meeting="{m.pk}">\n  <strong>{escaped(m.title)}</strong>\n'
        f'  <div class="muted small">{_local(m.starts_at, "%Y-%m-%d %H:%M")}–{_local(m.ends_at, "%H:%M")} · '
        f'{escaped(m.get_meeting_type_display())} · {escaped(m.get_mode_display())}{venue}</div>\n'
        f'  <div class="small">{escaped(_("必须参加") if invitation.compulsory else _("报名参加"))} · '
        f'<span class="state" data-testid="invitation-state">{escaped(invitation.get_state_display())}</span>{status}</div>\n']
    if m.state in (MeetingState.NOTIFIED, MeetingState.HELD):
        out.append(f'  <div class="small"><a href="{url_with_pk("consult:meeting_notice", m.pk)}" '
                   f'data-testid="notice-download">{escaped(_("下载会议通知（DOCX）"))}</a></div>\n')
    if state == I.LEAVE_REFUSED and invitation.decision_note:
        out.append(f'  <div class="small">{escaped(_("不准假理由："))}{escaped(invitation.decision_note)}</div>\n')
    if m.state == MeetingState.NOTIFIED:
        if m.mode in (MeetingMode.ONLINE, MeetingMode.HYBRID):
            if m.video_url and state != I.DECLINED:
                out.append(f'  <div class="small">{escaped(_("视频会议链接："))}<a href="{escaped(m.video_url)}" '
                           f'rel="noopener noreferrer" data-testid="video-link">{escaped(m.video_url)}</a></div>\n')
            if invitation.signin_open and state != I.DECLINED:
                out.append(f'  <form method="post" action="{url_with_pk("consult:attend_online", m.pk)}" class="actions">'
                           f'{csrf}<input type="hidden" name="next" value="{here}"><button type="submit" '
                           f'data-testid="attend-online">{escaped(_("我已在线参会"))}</button></form>\n')
        if invitation.answerable and state in ANSWERABLE:
            answer = url_with_pk("consult:invitation_answer", invitation.pk)
            buttons = ""
            if state != I.ACCEPTED:
                buttons += f'\n    <button type="submit" name="answer" value="accept" data-testid="accept">{escaped(_("参加"))}</button>'
            if state == I.INVITED and not invitation.compulsory:
                buttons += (f'\n    <button type="submit" name="answer" value="decline" class="secondary" '
                            f'data-testid="decline">{escaped(_("不参加"))}</button>')
            out.append(f'  <form method="post" action="{answer}" class="actions">{csrf}\n'
                       f'    <input type="hidden" name="next" value="{here}">{buttons}\n  </form>\n')
            if state != I.LEAVE_REFUSED:
                out.append(
                    f'  <details data-testid="leave">\n    <summary>{escaped(_("请假"))}</summary>\n'
                    f'    <form method="post" action="{answer}">{csrf}\n'
                    f'      <input type="hidden" name="next" value="{here}">\n'
                    f'      <label for="leave-{invitation.pk}">{escaped(_("请假事由"))}</label>\n'
                    f'      <textarea id="leave-{invitation.pk}" name="reason" rows="2" maxlength="3000" required></textarea>\n'
                    f'      <button type="submit" name="answer" value="leave" class="secondary">{escaped(_("提交请假申请"))}</button>\n'
                    f'    </form>\n  </details>\n')
    out.append("</li>")
    return "".join(out)
