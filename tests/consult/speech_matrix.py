"""Access-matrix rows of plenary speeches (大会发言) and 转为提案: the API (/api/v1/consult-speeches/) and the
pages (the member registers from their meetings page; staff decide on the meeting page; staff turn an
outcome's recommendations into a proposal). Imported by tests/matrix.py."""

from tests.consult import builders as b
from tests.consult.api_matrix import ANON, OWN_TOPIC, STAFF_ONCE, _once
from tests.consult.page_matrix import OUTCOME_ACT
from tests.matrix import Case, expect

LOGIN = dict(anonymous=302)
API_LIST = expect(200, anonymous=403)


def _pk(obj):
    return {"pk": obj.pk}


def _speech_body(o):
    return {"meeting": _once(o, "plenary_meeting", lambda: b.plenary(o)).pk, "speech_kind": "written",
            "title": "关于发展县域特色产业的建议", "text": "书面发言全文。"}


CONSULT_SPEECH_CASES = [
    # API: a member registers (a meeting they do not see: 400 naming it); staff are not members (403)
    Case("consult-speech-list", API_LIST),
    Case("consult-speech-list",
         expect(400, member=201, other_member=201, readers=403, staff=403, city_staff=403, superuser=403, **ANON),
         method="post", data=_speech_body, label="POST consult-speech-list (委员登记)"),
    Case("consult-speech-detail", OWN_TOPIC, kwargs=lambda o: _pk(b.speech(o))),
    Case("consult-speech-choose", expect(404, member=403, **STAFF_ONCE), method="post", kwargs=lambda o: _pk(b.speech(o))),
    Case("consult-speech-decline", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.speech(o)), data=lambda o: {"note": "与其他发言主题重复"}),
    Case("consult-speech-deliver", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.chosen_at_held(o))),
    # pages: the member registers for a plenary they are invited to; staff decide on the meeting page
    Case("consult:speech_register",
         expect(403, member=302, other_member=302, far_member=404, units=404, other_staff=404, **LOGIN),
         method="post", kwargs=lambda o: _pk(b.plenary(o)),
         data=lambda o: {"kind": "oral", "title": "关于乡村振兴的发言", "text": "发言全文。"}),
    Case("consult:speech_act",
         expect(404, member=403, readers=403, staff=302, city_staff=302, superuser=302, **LOGIN),
         method="post", kwargs=lambda o: {"pk": b.speech(o).pk, "action": "choose"}),
    Case("consult:outcome_to_proposal", OUTCOME_ACT, method="post", kwargs=lambda o: _pk(b.sent(o))),
]
