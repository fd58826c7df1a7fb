"""Access-matrix rows of the member's side of consultation and the public call (imported by tests/matrix.py)."""

import datetime as dt

from django.utils import timezone

from consult.meetings import checkin
from consult.member.services import calendar_feed
from tests.consult import builders as b
from tests.matrix import PUBLIC, Case, expect

# A page of the member's own: members (each has a Member record) 200; anyone else has none: 403.
OWN_PAGE = expect(403, anonymous=302, members=200)
OWN_POST = expect(403, anonymous=302, members=302)
# A POST on the member's invitation or meeting: readers and staff who see it may not act for the member (403).
AS_INVITED = dict(far_member=404, units=404, other_staff=404)


def _under_way(o, mode="hall"):
    """A notified meeting of the county, both county members invited, started ten minutes ago."""
    m = b.notified(o, mode=mode)
    now = timezone.now()
    type(m).objects.filter(pk=m.pk).update(starts_at=now - dt.timedelta(minutes=10), ends_at=now + dt.timedelta(hours=2))
    m.refresh_from_db()
    return m


def _sign_in_kwargs(o):
    m = _under_way(o)
    return {"pk": m.pk, "token": checkin.make_token(m)}


CONSULT_MEMBER_CASES = [
    Case("consult:my_meetings", OWN_PAGE),
    Case("consult:my_topics", OWN_PAGE),
    Case("consult:recommend", OWN_PAGE),
    Case("consult:recommend", OWN_POST, method="post", data=lambda o: {"title": "关于加强社区养老服务的建议"},
         label="POST consult:recommend"),
    Case("consult:calendar_reset", OWN_POST, method="post"),
    # the invitation is the member's own: only they answer; who does not see it 404
    Case("consult:invitation_answer", expect(403, anonymous=302, member=302, other_member=404, **AS_INVITED),
         method="post", kwargs=lambda o: {"pk": b.notified(o).invitations.get(member=o.member).pk},
         data=lambda o: {"answer": "accept"}),
    Case("consult:attend_online", expect(403, anonymous=302, member=302, other_member=302, **AS_INVITED),
         method="post", kwargs=lambda o: {"pk": _under_way(o, mode="online").pk}),
    # the QR link: members invited 200, a member not invited 400 (the message), no member record 403
    Case("consult:sign_in", expect(403, anonymous=302, member=200, other_member=200, far_member=400),
         kwargs=_sign_in_kwargs),
    Case("consult:meeting_qr", expect(403, anonymous=302, far_member=404, units=404, other_staff=404, staff=200,
                                      city_staff=200, superuser=200), kwargs=lambda o: {"pk": b.notified(o).pk}),
    # no login: the token is the secret
    Case("consult:calendar_feed", PUBLIC, kwargs=lambda o: {"token": calendar_feed(o.member).token}),
    Case("consult:calendar_feed", expect(404), kwargs=lambda o: {"token": "no-such-token"}, label="wrong token"),
    Case("consult:public_propose", PUBLIC),
]
