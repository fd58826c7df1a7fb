"""Access-matrix rows of the consultation downloads (consult/downloads.py and the meeting API's document
actions), concatenated into tests/matrix.py MATRIX.

A meeting's notice is for staff of its committee at any time and, once sent (已通知, 已召开), for the county's
readers (office, leaders) and the invited members too; before that they see the meeting but get 403. The
minutes are for staff only (the others who see the meeting 403). Whoever does not see the meeting gets 404. The exports are for staff, office viewers and leaders
(another county's staff get an empty workbook); members and units 403."""

from tests.consult import builders as b
from tests.matrix import Case, expect

DOCUMENT_PAGE = expect(404, anonymous=302, member=403, other_member=403, readers=403, staff=200, city_staff=200,
                       superuser=200)
DOCUMENT_API = DOCUMENT_PAGE | {"anonymous": 403}
NOTICE_SENT_PAGE = expect(404, anonymous=302, member=200, other_member=200, readers=200, staff=200, city_staff=200,
                          superuser=200)
NOTICE_SENT_API = NOTICE_SENT_PAGE | {"anonymous": 403}
EXPORT = expect(200, anonymous=302, members=403, units=403)


def _notified(o):
    return {"pk": b.notified(o).pk}


def _planned_invited(o):
    """A meeting still in preparation, both county members already on its list (the notice not sent)."""
    from consult.meetings import services as meetings

    m = b.meeting(o)
    meetings.invite(meeting=m, actor=o.staff, members=[o.member, o.other_member])
    return {"pk": m.pk}


def _held(o):
    return {"pk": b.held(o).pk}


CONSULT_DOWNLOAD_CASES = [
    Case("consult:meeting_notice", NOTICE_SENT_PAGE, kwargs=_notified),
    Case("consult:meeting_notice", NOTICE_SENT_PAGE, kwargs=_held, label="notice of a held meeting"),
    Case("consult:meeting_notice", DOCUMENT_PAGE, kwargs=_planned_invited, label="notice not sent yet"),
    Case("consult:meeting_minutes", DOCUMENT_PAGE, kwargs=_held),
    Case("consult-meeting-notice", NOTICE_SENT_API, kwargs=_notified),
    Case("consult-meeting-notice", DOCUMENT_API, kwargs=_planned_invited, label="API notice not sent yet"),
    Case("consult-meeting-minutes", DOCUMENT_API, kwargs=_held),
    Case("consult:export_plan", EXPORT),
    Case("consult:export_attendance", EXPORT),
    Case("consult:export_outcomes", EXPORT),
]
