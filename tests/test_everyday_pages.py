"""The everyday pages (issue 7): every link on a home page leads somewhere its user may go, the API
documentation is not in the way of members and units, irreversible review decisions and 交办 ask first
and say what will happen, home pages name their lists for what they are, the deadline list opens on
what needs action, members see their committee's member list masked, and the public pages offer a
login, the site an icon."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

DEMO_USERS = ["admin", "staff_anhui", "staff_chuzhou", "staff_linshu", "office_linshu", "leader_linshu",
              "unit_jiaoyu", "unit_weijian", "member_zhang", "member_li"]


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_of(html):
    parser = Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # external, or a fragment of the same page
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return sorted(set(out))


def demo_client(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_link_on_each_demo_home_page_opens_for_its_user(demo_module, db, username):
    client = demo_client(username)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    attention = [item.url for item in home.context["attention"]]
    links = links_of(home.content.decode())
    assert set(attention) <= set(links) | {u for u in attention if u in links}
    refused = []
    for url in links:
        response = client.get(url, follow=True)
        if response.status_code != 200:
            refused.append(f"{url} → {response.status_code}")
    assert not refused, f"{username}: links on the home page that do not open:\n" + "\n".join(refused)
    assert links, username


def test_a_co_signing_deadline_leads_staff_and_office_to_the_deadline_not_to_the_draft(client, org):
    """The bug of issue 7: a member's co-signing deadline linked staff to a proposal they may not open."""
    from tests.proposals import builders as b

    proposal = b.cosigning(org)
    for user in (org.staff, org.office):
        client.force_login(user)
        home = client.get(reverse("home"))
        row = next(o for o in home.context["obligations"] if o.url == reverse("proposals:detail", args=[proposal.pk]))
        assert row.link == reverse("supervision:obligation_detail", args=[row.pk])
        assert client.get(reverse("proposals:detail", args=[proposal.pk])).status_code == 404
        detail = client.get(row.link)
        assert detail.status_code == 200
        assert f'href="{row.url}"' not in detail.content.decode()  # no "查看" link to the draft either
    client.force_login(org.other_member_user)  # the invited co-signer owes it and may open the proposal
    row = next(o for o in client.get(reverse("home")).context["obligations"] if o.url)
    assert row.link == row.url and client.get(row.link).status_code == 200


# ---------------------------------------------------------------- navigation


def _nav(client):
    html = client.get(reverse("home")).content.decode()
    return html[html.index("<nav"):html.index("</nav>")], html[html.index("<footer"):]


def test_api_documentation_is_not_in_the_way_of_members_units_and_readers(client, org):
    docs = f'href="{reverse("api-docs")}"'
    for user in (org.member_user, org.unit_user, org.office, org.leader):
        client.force_login(user)
        nav, footer = _nav(client)
        assert docs not in nav and docs not in footer, user.username
    client.force_login(org.staff)
    nav, footer = _nav(client)
    assert docs not in nav and docs in footer


def test_public_pages_offer_a_login_and_the_site_has_an_icon(client, db):
    from django.contrib.staticfiles import finders

    html = client.get(reverse("proposals:public_list")).content.decode()
    assert 'data-testid="login-link"' in html and "登录" in html
    assert f'href="{reverse("login")}?next=' in html  # back to the public page after logging in
    assert 'rel="icon" href="/static/favicon.svg"' in html
    assert finders.find("favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(response.streaming_content)
    assert 'data-testid="login-link"' not in client.get(reverse("login")).content.decode()


def test_admin_wears_the_portal_colours(client, org):
    client.force_login(org.superuser)
    html = client.get(reverse("admin:index")).content.decode()
    assert "/static/css/admin-theme.css" in html and "/static/favicon.svg" in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/admin-theme.css"), encoding="utf-8").read()
    assert "--header-bg: #b71c1c" in css and "--button-bg: #b71c1c" in css


# ---------------------------------------------------------------- home pages name their lists


def test_home_headings_say_what_each_list_is(client, org):
    client.force_login(org.office)
    html = client.get(reverse("home")).content.decode()
    assert "需关注事项" in html and "辖区办理时限" in html and "辖区概览" in html
    assert "我的待办" not in html and "待办时限" not in html
    client.force_login(org.member_user)
    html = client.get(reverse("home")).content.decode()
    assert "我的待办" in html and "我的办理时限" in html and "需关注事项" not in html
    client.force_login(org.unit_user)
    assert "我的待办" in client.get(reverse("home")).content.decode()


# ---------------------------------------------------------------- the deadline list


def test_deadline_list_opens_on_what_needs_action_nearest_first(client, org):
    import datetime

    from django.utils import timezone

    from supervision.enums import ObligationKind, OwnerKind
    from supervision.services import create_obligation, meet_obligation

    today = timezone.localdate()

    def owe(title, days):
        return create_obligation(subject=None, committee=org.county, kind=ObligationKind.GENERIC, title=title,
                                 owner_kind=OwnerKind.STAFF,
                                 start_date=today - datetime.timedelta(days=60),
                                 due_date=today + datetime.timedelta(days=days))

    owe("下月到期", 30)
    owe("已逾期", -5)
    owe("明天到期", 1)
    meet_obligation(owe("已完成", 3))
    client.force_login(org.staff)
    response = client.get(reverse("supervision:obligations"))
    assert [o.title for o in response.context["page"]] == ["已逾期", "明天到期", "下月到期"]
    assert 'value="pending" selected' in response.content.decode()
    every = client.get(reverse("supervision:obligations"), {"state": "all"})
    assert [o.title for o in every.context["page"]] == ["已逾期", "明天到期", "已完成", "下月到期"]
    assert [o.title for o in client.get(reverse("supervision:obligations"), {"state": "met"}).context["page"]] == ["已完成"]


# ---------------------------------------------------------------- the member list for members


def test_member_sees_own_committee_list_with_phones_masked_and_no_birth_dates_or_emails(client, org):
    org.other_member.email = "li@example.cn"
    org.other_member.save()
    client.force_login(org.member_user)
    response = client.get(reverse("members:list"))
    assert response.status_code == 200
    html = response.content.decode()
    names = {m.name for m in response.context["page"]}
    assert {"张委员", "李委员"} <= names and "赵委员" not in names  # the other county's member is not listed
    assert org.other_member.phone not in html
    assert org.other_member.phone[:3] + "****" + org.other_member.phone[-4:] in html
    assert "li@example.cn" not in html and "1975-05-01" not in html and "出生日期" not in html
    assert 'data-testid="export-link"' not in html
    assert client.get(reverse("members:export")).status_code == 403  # the Excel export stays with staff
    client.force_login(org.unit_user)
    assert client.get(reverse("members:list")).status_code == 403


# ---------------------------------------------------------------- decisions that cannot be undone


def _decision(p, **fields):
    return {f"d{p.pk}-{k}": v for k, v in fields.items()} | {"mode": "now"}


def test_accept_without_confirmation_shows_the_number_it_will_get_and_changes_nothing(client, org):
    from proposals.enums import ProposalState
    from tests.proposals import builders as b

    p = b.submitted(org)
    client.force_login(org.staff)
    url = reverse("proposals:decide", args=[p.pk])
    response = client.post(url, _decision(p, action="accept"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "确认立案" in text and "立案后将编号为 十四届三次-0001，并进入交办。" in text
    assert 'name="confirmed" value="1"' in text and f'name="d{p.pk}-action" value="accept"' in text
    p.refresh_from_db()
    assert p.state == ProposalState.SUBMITTED and not p.number
    response = client.post(url, _decision(p, action="accept") | {"confirmed": "1"}, follow=True)
    p.refresh_from_db()
    assert p.state == ProposalState.ACCEPTED and p.number == "十四届三次-0001"
    assert "十四届三次-0001" in response.content.decode()


def test_return_and_decline_say_what_follows(client, org):
    from proposals.enums import ProposalState
    from proposals.models import DeclineGround
    from tests.proposals import builders as b

    p = b.submitted(org)
    client.force_login(org.staff)
    url = reverse("proposals:decide", args=[p.pk])
    text = client.post(url, _decision(p, action="return", note="请补充数据")).content.decode()
    assert "退回后提案人可以修改后重新提交。" in text and "请补充数据" in text
    ground = DeclineGround.objects.filter(committee=None).first()
    text = client.post(url, _decision(p, action="reject", decline_ground=ground.pk)).content.decode()
    assert "不予立案后本提案不再办理。" in text and ground.name in text
    p.refresh_from_db()
    assert p.state == ProposalState.SUBMITTED


def test_staging_a_decision_stays_one_click(client, org):
    from proposals.models import StagedDecision
    from tests.proposals import builders as b

    p = b.submitted(org)
    client.force_login(org.staff)
    response = client.post(reverse("proposals:decide", args=[p.pk]), _decision(p, action="accept") | {"mode": "stage"})
    assert response.status_code == 302
    assert StagedDecision.objects.get(proposal=p).action == "accept"


def test_the_scripts_preview_stores_nothing(client, org):
    from tests.proposals import builders as b

    p = b.submitted(org)
    client.force_login(org.staff)
    url = reverse("proposals:decide", args=[p.pk])
    refused = client.post(url, _decision(p, action="reject"), HTTP_X_CONFIRM_PREVIEW="1")
    assert refused.status_code == 204  # no ground: the script submits the form and the page says why
    page = client.get(reverse("proposals:detail", args=[p.pk]))
    assert not list(page.context["messages"])
    preview = client.post(url, _decision(p, action="accept"), HTTP_X_CONFIRM_PREVIEW="1")
    assert preview.status_code == 200 and 'data-testid="consequences"' in preview.content.decode()


def test_assign_asks_first_and_names_each_units_due_date(client, org):
    from django.utils import timezone

    from proposals.enums import AssignmentRole, ProposalState
    from proposals.services import deadlines
    from tests.proposals import builders as b

    p = b.accepted(org)
    client.force_login(org.staff)
    url = reverse("proposals:assign", args=[p.pk])
    data = {"lead": org.unit.pk, "co_units": [org.other_unit.pk]}
    text = client.post(url, data).content.decode()
    due = deadlines.assignment_due(AssignmentRole.LEAD, p, timezone.localdate()).strftime("%Y-%m-%d")
    co_due = deadlines.assignment_due(AssignmentRole.CO, p, timezone.localdate()).strftime("%Y-%m-%d")
    assert f"交办后承办单位将收到通知，答复期限为 {due}。" in text
    assert f"主办单位{org.unit.name}：答复期限为 {due}。" in text
    assert f"会办单位{org.other_unit.name}：会办意见期限为 {co_due}。" in text
    assert not p.assignments.exists()
    client.post(url, data | {"confirmed": "1"})
    p.refresh_from_db()
    assert p.state == ProposalState.HANDLING and p.assignments.count() == 2


def test_bulk_assign_asks_first(client, org):
    from tests.proposals import builders as b

    one, two = b.accepted(org), b.accepted(org)
    client.force_login(org.staff)
    text = client.post(reverse("proposals:assign_bulk"), {"proposals": [one.pk, two.pk], "lead": org.unit.pk}).content.decode()
    assert "确认批量交办" in text and "共 2 件提案。" in text and one.title in text
    assert org.unit.proposal_assignments.count() == 0
