"""Access-matrix rows of the consultation downloads (consult/downloads.py and the meeting API's document
actions), concatenated into tests/matrix.py MATRIX.

A meeting's notice and minutes are for staff of its committee: the invited members and the county's readers see
the meeting but get 403; whoever does not see it 404. The exports are for staff, office viewers and leaders
(another county's staff get an empty workbook); members and units 403."""

from tests.consult import builders as b
from tests.matrix import Case, expect

DOCUMENT_PAGE = expect(404, anonymous=302, member=403, other_member=403, readers=403, staff=200, city_staff=200,
                       superuser=200)
DOCUMENT_API = DOCUMENT_PAGE | {"anonymous": 403}
EXPORT = expect(200, anonymous=302, members=403, units=403)


def _notified(o):
    return {"pk": b.notified(o).pk}


def _held(o):
    return {"pk": b.held(o).pk}


CONSULT_DOWNLOAD_CASES = [
    Case("consult:meeting_notice", DOCUMENT_PAGE, kwargs=_notified),
    Case("consult:meeting_minutes", DOCUMENT_PAGE, kwargs=_held),
    Case("consult-meeting-notice", DOCUMENT_API, kwargs=_notified),
    Case("consult-meeting-minutes", DOCUMENT_API, kwargs=_held),
    Case("consult:export_plan", EXPORT),
    Case("consult:export_attendance", EXPORT),
    Case("consult:export_outcomes", EXPORT),
]
