"""What each of a member's invitations shows and offers (consult.templatetags.invitations writes them): the
meeting, the answer, and only the actions open to the member now, every value escaped."""

import datetime

from django.test import RequestFactory
from django.utils import translation

from consult.meetings.enums import InvitationState, MeetingMode, MeetingState, MeetingType
from consult.models import Invitation, Meeting
from consult.templatetags.invitations import invitation_items

UTC = datetime.UTC


def _html(state=InvitationState.INVITED, *, meeting_state=MeetingState.NOTIFIED, mode=MeetingMode.HALL,
          compulsory=True, answerable=True, signin_open=False, video_url="", decision_note="", venue="三楼会议室"):
    meeting = Meeting(pk=7, title="对口协商：<养老>", meeting_type=MeetingType.COUNTERPART, mode=mode, venue=venue,
                      starts_at=datetime.datetime(2026, 12, 10, 1, 0, tzinfo=UTC),  # 09:00 in Beijing
                      ends_at=datetime.datetime(2026, 12, 10, 3, 30, tzinfo=UTC), video_url=video_url,
                      state=meeting_state)
    invitation = Invitation(pk=11, meeting=meeting, compulsory=compulsory, state=state, decision_note=decision_note)
    invitation.answerable, invitation.signin_open = answerable, signin_open
    request = RequestFactory().get("/consult/me/meetings/?page=2&x=1")
    with translation.override("zh-hans"):
        return invitation_items({"request": request, "csrf_token": "TOKEN"}, [invitation])


CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">'
NEXT = '<input type="hidden" name="next" value="/consult/me/meetings/?page=2&amp;x=1">'


def test_an_invitation_to_answer_shows_the_meeting_and_offers_accept_and_leave():
    html = _html()
    assert html.startswith('<li data-testid="consult-invitation" data-meeting="7">\n  <strong>对口协商：&lt;养老&gt;</strong>')
    assert "2026-12-10 09:00–11:30 · 对口协商 · 会场 · 三楼会议室</div>" in html
    assert '必须参加 · <span class="state" data-testid="invitation-state">待答复</span></div>' in html
    assert '<a href="/consult/meetings/7/notice.docx" data-testid="notice-download">下载会议通知（DOCX）</a>' in html
    assert f'<form method="post" action="/consult/me/invitations/11/answer/" class="actions">{CSRF}' in html
    assert NEXT in html and 'value="accept" data-testid="accept">参加</button>' in html
    assert 'data-testid="decline"' not in html  # compulsory: no declining, only leave
    assert '<details data-testid="leave">' in html and 'id="leave-11" name="reason"' in html
    assert "video-link" not in html and "attend-online" not in html and html.endswith("</li>")


def test_what_changes_with_the_answer_and_the_meeting():
    assert 'data-testid="decline">不参加</button>' in _html(compulsory=False)  # 报名参加: may decline
    assert "报名参加 · " in _html(compulsory=False)
    accepted = _html(InvitationState.ACCEPTED)
    assert 'data-testid="accept"' not in accepted and 'data-testid="leave"' in accepted
    refused = _html(InvitationState.LEAVE_REFUSED, decision_note="<人手不足>")
    assert '<div class="small">不准假理由：&lt;人手不足&gt;</div>' in refused
    assert 'data-testid="accept"' in refused and 'data-testid="leave"' not in refused  # asked once
    assert "<form" not in _html(InvitationState.LEAVE_REQUESTED)
    assert "<form" not in _html(answerable=False)  # started: no answering any more
    held = _html(meeting_state=MeetingState.HELD)
    assert " · 已召开</div>" in held and "notice-download" in held and "<form" not in held
    cancelled = _html(meeting_state=MeetingState.CANCELLED)
    assert " · 活动已取消</div>" in cancelled and "notice-download" not in cancelled and "<form" not in cancelled
    assert "会场</div>" in _html(venue="")  # no venue, no separator


def test_online_meetings_give_the_video_link_and_online_sign_in_while_open_unless_declined():
    url = "https://meet.example.cn/j/1?a=1&b=2"
    html = _html(InvitationState.ACCEPTED, mode=MeetingMode.HYBRID, video_url=url, signin_open=True)
    assert ('视频会议链接：<a href="https://meet.example.cn/j/1?a=1&amp;b=2" rel="noopener noreferrer" '
            'data-testid="video-link">https://meet.example.cn/j/1?a=1&amp;b=2</a>') in html
    assert (f'<form method="post" action="/consult/me/meetings/7/online/" class="actions">{CSRF}{NEXT}'
            '<button type="submit" data-testid="attend-online">我已在线参会</button></form>') in html
    assert "attend-online" not in _html(InvitationState.ACCEPTED, mode=MeetingMode.ONLINE, video_url=url)  # not open
    declined = _html(InvitationState.DECLINED, mode=MeetingMode.ONLINE, video_url=url, signin_open=True)
    assert "video-link" not in declined and "attend-online" not in declined
    assert "video-link" not in _html(mode=MeetingMode.HALL, video_url=url)  # a hall meeting has no video
