"""English is available: by the browser's Accept-Language or by the language menu (/i18n/setlang/)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import SectorFactory
from tests.proposals import builders as b


def test_home_in_english_by_accept_language(client, org):
    client.force_login(org.member_user)
    text = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in text
    assert "My home" in text and "Member information" in text and "Deadlines" in text
    assert "委员信息" not in text
    assert "张委员" in text  # data stays as entered


def test_language_menu_switches_to_english_and_back(client, org):
    client.force_login(org.staff)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    text = client.get("/").content.decode()
    assert "This committee and below" in text and "本级及下级政协" not in text

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "本级及下级政协" in client.get("/").content.decode()


def test_chinese_is_the_default(client, org):
    client.force_login(org.staff)
    text = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in text and "本级及下级政协" in text


def test_login_page_and_admin_in_english(client, org):
    assert "Log in" in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.force_login(org.staff)
    text = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "CPPCC Consultation and Duty Portal" in text and "Recent actions" in text


PO_PATH = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{\{ *\w+ *\}\}")


def _unquote(line):
    return line.split('"', 1)[1].rsplit('"', 1)[0]


def _entries():
    """The live (not obsolete) entries of the English .po as dicts: flags, msgctxt, msgid, msgstr (a list)."""
    entries = []
    for block in PO_PATH.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"flags": "", "msgctxt": None, "msgid": None, "msgstr": []}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and key:
                if key == "msgstr":
                    entry["msgstr"][-1] += _unquote(line)
                else:
                    entry[key] = (entry[key] or "") + _unquote(line)
            else:
                key = line.split(" ", 1)[0].split("[", 1)[0]
                if key == "msgstr":
                    entry["msgstr"].append(_unquote(line))
                elif key in ("msgctxt", "msgid", "msgid_plural"):
                    entry[key] = _unquote(line)
        if entry["msgid"]:  # skips the header (empty msgid) and obsolete "#~" entries
            entries.append(entry)
    return entries


def test_every_english_entry_is_translated():
    """The committed catalogue has no empty or fuzzy translation (run `make messages` and translate)."""
    entries = _entries()
    assert len(entries) > 500
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"]) or not e["msgstr"] or "fuzzy" in e["flags"]]
    assert untranslated == []


def test_english_keeps_every_placeholder():
    """%(name)s and {{ n }} placeholders survive translation unchanged (a lost one breaks the page)."""
    broken = [e["msgid"] for e in _entries()
              if any(sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(e["msgid"])) for s in e["msgstr"][:1])]
    assert broken == []


def test_one_chinese_word_two_english_meanings():
    """办结 closes a proposal but meets an obligation: each use has its own context."""
    from proposals.views.common import ACTION_LABELS
    from supervision.enums import OBLIGATION_ACTIONS

    with translation.override("en"):
        assert (str(ACTION_LABELS["close"]), str(OBLIGATION_ACTIONS["meet"])) == ("Closed", "Met")
    with translation.override("zh-hans"):
        assert str(OBLIGATION_ACTIONS["meet"]) == "办结"


def test_proposal_page_in_english_for_an_english_speaking_user(client, org):
    proposal = b.handling(org)
    client.force_login(org.staff)
    text = client.get(reverse("proposals:detail", args=[proposal.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in text
    for words in ("Staff actions", "Being handled", "Lead unit", "Deadlines", ">Assign<", "History"):
        assert words in text, words
    assert "机关工作人员操作" not in text and "办理时限" not in text and "主办单位" not in text
    assert proposal.title in text  # data stays as entered


def test_obligations_page_in_english(client, org):
    b.handling(org)  # the lead unit now owes contact and reply deadlines
    client.force_login(org.unit_user)
    text = client.get(reverse("supervision:obligations"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for words in ("Deadlines", "Due date", "Responsible party", "Proposal reply", "Being handled"):
        assert words in text, words
    assert "办理时限" not in text and "截止日期" not in text and "提案答复" not in text
    assert "南谯区教育局" in text


# ---- messages raised or flashed by the Python code follow the user's language


def _api(user):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(user)
    return api


def test_illegal_transition_through_the_api_speaks_the_users_language(org):
    proposal = b.accepted(org)
    url = f"/api/v1/proposals/{proposal.pk}/accept/"
    english = _api(org.staff).post(url, {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json()["detail"] == (
        "The current state is “Accepted”; it cannot change to “Accepted”. This is only possible from: Awaiting review."
    )
    chinese = _api(org.staff).post(url, {}, format="json")
    assert chinese.status_code == 400
    assert chinese.json()["detail"] == "当前状态为“已立案”，不能变更为“已立案”。只有处于以下状态时才可以：待审查。"


def test_state_check_names_the_action_in_english(org):
    """A refusal in English: the state names, the target and the allowed states are translated."""
    from proposals import services
    from proposals.errors import ProposalError

    proposal = b.submitted(org)
    with translation.override("en"), pytest.raises(ProposalError) as exc:
        services.stage_decision(proposal=b.accepted(org), actor=org.staff, action="accept")
    assert "you cannot stage a review decision now" in exc.value.message
    assert "当前" not in exc.value.message
    with translation.override("en"), pytest.raises(ProposalError) as exc:
        services.submit(proposal=proposal, actor=org.member_user)
    assert "it cannot change to “Awaiting review”" in exc.value.message
    assert "Draft, Returned for revision" in exc.value.message


def test_flashed_count_message_on_a_proposals_page_in_english(client, org):
    first, second = b.accepted(org), b.accepted(org)
    client.force_login(org.staff)
    response = client.post(reverse("proposals:assign_bulk"), {"proposals": [first.pk, second.pk], "lead": org.unit.pk,
                                                               "confirmed": "1"},
                           follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert [str(m) for m in response.context["messages"]] == ["Proposals assigned: 2."]
    assert "Proposals assigned: 2." in response.content.decode()

    third = b.accepted(org)
    response = client.post(reverse("proposals:assign_bulk"), {"proposals": [third.pk], "lead": org.unit.pk,
                                                               "confirmed": "1"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["已交办 1 件提案。"]

    response = client.post(reverse("proposals:assign_bulk"), {}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert [str(m) for m in response.context["messages"]] == [
        "Proposal: Tick the proposals to assign; Name at least one lead unit or separate unit."
    ]


def test_bad_member_import_row_is_reported_in_english(client, org):
    from tests.test_member_import import IMPORT_URL, row, xlsx_upload

    SectorFactory(committee=org.county, name="教育界")
    client.force_login(org.staff)
    upload = xlsx_upload([row(phone="1391234", special="")])
    text = client.post(IMPORT_URL, {"committee": org.county.pk, "file": upload}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mobile number “1391234” is malformed" in text
    assert "格式不正确" not in text
