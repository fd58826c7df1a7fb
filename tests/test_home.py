"""Each role's home page: attention items from the deadline engine, linking to where one acts."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from supervision.enums import ObligationKind, OwnerKind
from supervision.services import create_obligation, meet_obligation


def _owe(org, kind, *, days, owner_kind, unit=None, member=None, committee=None):
    start = timezone.localdate() - datetime.timedelta(days=30)
    return create_obligation(
        subject=None, committee=committee or org.county, kind=kind, title=f"{kind} 事项", owner_kind=owner_kind,
        owner_unit=unit, owner_member=member, start_date=start,
        due_date=timezone.localdate() + datetime.timedelta(days=days),
    )


def _attention(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["attention"], response.content.decode()


def test_member_sees_cosigning_and_rating_owed_with_links_to_their_proposals(client, org):
    _owe(org, ObligationKind.PROPOSAL_COSIGN, days=3, owner_kind=OwnerKind.MEMBER, member=org.member)
    _owe(org, ObligationKind.PROPOSAL_RATING, days=-2, owner_kind=OwnerKind.MEMBER, member=org.member)
    _owe(org, ObligationKind.PROPOSAL_RATING, days=5, owner_kind=OwnerKind.MEMBER, member=org.other_member)
    items, html = _attention(client, org.member_user)
    assert [(i.label, i.total, i.overdue) for i in items] == [("办理评价", 1, 1), ("提案联名确认", 1, 0)]
    assert all(i.url == reverse("proposals:mine") for i in items)
    assert "其中 1 件已逾期" in html


def test_unit_sees_only_its_own_replies_owed(client, org):
    _owe(org, ObligationKind.PROPOSAL_REPLY, days=10, owner_kind=OwnerKind.UNIT, unit=org.unit)
    _owe(org, ObligationKind.PROPOSAL_REPLY, days=10, owner_kind=OwnerKind.UNIT, unit=org.unit)
    _owe(org, ObligationKind.PROPOSAL_REPLY, days=10, owner_kind=OwnerKind.UNIT, unit=org.other_unit)
    items, _ = _attention(client, org.unit_user)
    assert [(i.label, i.total, i.url) for i in items] == [("提案答复", 2, reverse("proposals:inbox"))]


def test_staff_see_their_committees_staff_work_and_overdue_in_subtree(client, org):
    _owe(org, ObligationKind.PROPOSAL_REVIEW, days=4, owner_kind=OwnerKind.STAFF)
    _owe(org, ObligationKind.PROPOSAL_REVIEW, days=4, owner_kind=OwnerKind.STAFF, committee=org.other_county)
    _owe(org, ObligationKind.PROPOSAL_REPLY, days=-1, owner_kind=OwnerKind.UNIT, unit=org.unit)
    items, html = _attention(client, org.staff)
    assert [(i.label, i.total, i.url) for i in items] == [("提案审查", 1, reverse("proposals:review_queue"))]
    assert "1</strong> 项时限在辖区内已逾期" in html
    items, _ = _attention(client, org.other_staff)
    assert [(i.label, i.total) for i in items] == [("提案审查", 1)]


def test_a_large_overdue_count_is_shown_as_the_estimate_it_is(client, org, monkeypatch):
    # above the pagers' limit the home page shows PostgreSQL's estimate, marked as one ("约"), in either
    # language, as the deadline list it links to counts (the planner is stood in for: SQLite has none)
    from portal import pagination

    _owe(org, ObligationKind.PROPOSAL_REPLY, days=-1, owner_kind=OwnerKind.UNIT, unit=org.unit)
    monkeypatch.setattr(pagination, "planner_estimate", lambda queryset: 65_432)
    _items, html = _attention(client, org.staff)
    assert "约 65,000</strong> 项时限在辖区内已逾期" in html
    client.force_login(org.staff)
    english = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "about 65,000</strong>" in english


def test_met_obligations_leave_the_home_page(client, org):
    owed = _owe(org, ObligationKind.GENERIC, days=1, owner_kind=OwnerKind.MEMBER, member=org.member)
    meet_obligation(owed)
    items, html = _attention(client, org.member_user)
    assert items == []
    assert "目前没有需要您处理的事项。" in html


def test_office_viewer_owes_nothing_but_sees_overdue_count(client, org):
    _owe(org, ObligationKind.PROPOSAL_REPLY, days=-3, owner_kind=OwnerKind.UNIT, unit=org.unit)
    items, html = _attention(client, org.office)
    assert items == []
    assert "项时限在辖区内已逾期" in html


def test_home_queries_do_not_grow_with_obligations(client, org):
    def count():
        client.force_login(org.staff)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return len(ctx.captured_queries)

    _owe(org, ObligationKind.PROPOSAL_REVIEW, days=4, owner_kind=OwnerKind.STAFF)
    few = count()
    for kind in (ObligationKind.PROPOSAL_REPLY, ObligationKind.PROPOSAL_CONTACT, ObligationKind.PROPOSAL_ADJUST):
        for _ in range(8):
            _owe(org, kind, days=-2, owner_kind=OwnerKind.UNIT, unit=org.unit)
    for _ in range(4):  # rows naming a member (the home reads only the names of who owes: HOME_FIELDS)
        _owe(org, ObligationKind.PROPOSAL_RATING, days=-3, owner_kind=OwnerKind.MEMBER, member=org.member)
    assert count() == few


def test_not_found_page_is_chinese_with_a_way_home(client, org):
    client.force_login(org.member_user)
    response = client.get("/proposals/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and 'href="/"' in html


def test_forbidden_page_is_chinese(client, org):
    client.force_login(org.member_user)
    response = client.get("/members/export.xlsx")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


def test_language_menu_names_each_language_in_itself(client, org):
    client.force_login(org.member_user)
    html = client.get(reverse("home")).content.decode()
    assert ">简体中文</option>" in html and ">English</option>" in html


def test_links_recognise_a_proposal_page_with_or_without_the_site_prefix():
    # with_links leads to a proposal's page when the user sees the proposal: its URL is recognised as the
    # detail page's whether it was stored by a request under a sub-path (with the prefix) or by a worker
    from django.urls import clear_script_prefix, set_script_prefix

    from portal.attention import _proposal_pk

    assert [_proposal_pk(u) for u in ("/proposals/12/", "/proposals/12/?tab=replies", "/proposals/12/edit/",
                                      "/proposals/inbox/", "/consult/cases/12/")] == [12, 12, None, None, None]
    set_script_prefix("/cppcc/")
    try:
        assert [_proposal_pk(u) for u in ("/cppcc/proposals/7/", "/proposals/7/", "/other/proposals/7/")] == [7, 7, None]
    finally:
        clear_script_prefix()


def _nav(client, user, lang="zh-hans"):
    import re

    client.force_login(user)
    html = client.get(reverse("supervision:notifications"), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    nav = html.split('<nav class="mainnav">', 1)[1].split('class="bell"', 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)


def test_the_main_navigation_offers_each_kind_of_user_their_own_pages_in_their_language(client, org):
    # written once per kind of user and language (portal/templatetags/nav.py): a member, a unit, a reader
    # and staff each get their own links, in the language of the request, whoever asked first
    member = [href for href, _ in _nav(client, org.member_user)]
    assert reverse("proposals:mine") in member and reverse("consult:my_cases") in member
    assert reverse("proposals:overview") not in member and reverse("proposals:inbox") not in member
    assert [label for _, label in _nav(client, org.member_user, "en")][:2] == ["My home", "Deadlines"]
    assert [label for _, label in _nav(client, org.member_user)][:2] == ["我的首页", "办理时限"]
    unit = [href for href, _ in _nav(client, org.unit_user)]
    assert reverse("proposals:inbox") in unit and reverse("consult:report_forwards") in unit
    assert reverse("members:list") not in unit and reverse("proposals:mine") not in unit
    office = [href for href, _ in _nav(client, org.office)]
    assert reverse("proposals:overview") in office and reverse("consult:case_bank") in office
    assert reverse("proposals:review_queue") not in office and reverse("proposals:leader_key") not in office
    staff = [href for href, _ in _nav(client, org.staff)]
    assert reverse("proposals:review_queue") in staff
    assert reverse("proposals:leader_key") in [href for href, _ in _nav(client, org.leader)]


def test_home_lists_the_twenty_soonest_pending_deadlines_it_may_see_in_due_order(client, org):
    # the ids come from the pending index first, then the rows (supervision.selectors.home_obligations):
    # the same rows and order as reading the visible pending deadlines soonest first
    days = [9, -4, 3, 15, 0, 7, -1, 22, 5, 11, 2, 30, -8, 6, 13, 1, 19, 4, 8, 26, 12, 17, -2, 10]
    mine = [_owe(org, ObligationKind.GENERIC, days=d, owner_kind=OwnerKind.UNIT, unit=org.unit) for d in days]
    _owe(org, ObligationKind.GENERIC, days=-30, owner_kind=OwnerKind.STAFF, committee=org.other_county)
    meet_obligation(mine[1])
    client.force_login(org.staff)
    shown = client.get(reverse("home")).context["obligations"]
    pending = sorted((o for o in mine if o.pk != mine[1].pk), key=lambda o: (o.due_date, o.pk))
    assert [o.pk for o in shown] == [o.pk for o in pending[:20]]
    assert all(o.committee_id == org.county.pk for o in shown)


def test_home_lists_show_notifications_deadlines_and_committees_as_written(client, org):
    # the three lists are written in Python (portal.templatetags.home): what each row shows, escaped, the
    # notification's time in Beijing time, unread ones marked, only linked notifications linked
    from supervision.models import Notification

    utc_evening = datetime.datetime(2026, 3, 1, 17, 5, tzinfo=datetime.UTC)  # 01:05 the next day in Beijing
    linked = Notification.objects.create(user=org.staff, title="<b>请审查</b>", url="/proposals/?a=1&b=2")
    plain = Notification.objects.create(user=org.staff, title="已读的通知")
    Notification.objects.filter(pk=linked.pk).update(created_at=utc_evening)
    Notification.objects.filter(pk=plain.pk).update(created_at=utc_evening, read_at=utc_evening)
    due = _owe(org, ObligationKind.GENERIC, days=3, owner_kind=OwnerKind.UNIT, unit=org.unit)
    due.title = "答复 <甲> & 乙"
    due.save(update_fields=["title"])
    client.force_login(org.staff)
    html = client.get(reverse("home")).content.decode()
    assert ('<li class="unread"><a href="/proposals/?a=1&amp;b=2">&lt;b&gt;请审查&lt;/b&gt;</a> '
            '<span class="muted">2026-03-02 01:05</span></li>') in html
    assert '<li class="">已读的通知 <span class="muted">2026-03-02 01:05</span></li>' in html
    link = reverse("supervision:obligation_detail", args=[due.pk])
    assert (f'<tr class="state-open"><td><a href="{link}">答复 &lt;甲&gt; &amp; 乙</a></td>'
            f'<td class="nowrap">{org.unit.name}</td><td class="date">{due.due_date.isoformat()}</td>'
            '<td class="state">办理中</td></tr>') in html
    assert f'<ul><li class="depth-1">{org.county.name}</li></ul>' in html  # the staff's subtree: their county


def _card_links(html, testid):
    """(href, label) of each link in the home page's card `testid` (None when the card is not there)."""
    card = re.search(rf'<section class="card" data-testid="{testid}">(.*?)</section>', html, re.S)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', card.group(1)) if card else None


def test_home_cards_of_links_follow_the_kind_of_user_and_the_language(client, org):
    def links(user, language="zh-hans"):
        client.force_login(user)
        with translation.override(language):
            html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        return _card_links(html, "proposal-links"), _card_links(html, "consult-links")

    mine, public = reverse("proposals:mine"), (reverse("proposals:public_list"), "提案公开")
    assert links(org.member_user) == ([(mine, "我的提案"), (reverse("proposals:create"), "新建提案"),
                                       (mine + "#invitations", "待确认联名"), public], None)
    readers = [(reverse(n), label) for n, label in (("consult:topics", "协商议题"), ("consult:plans", "年度协商计划"),
               ("consult:meetings", "协商活动"), ("consult:calendar", "活动日历"), ("consult:outcomes", "协商成果"))]
    overview = (reverse("proposals:overview"), "提案总览")
    assert links(org.staff) == ([(reverse("proposals:review_queue"), "提案审查"), (reverse("proposals:reply_queue"), "答复审核"),
                                 (reverse("proposals:requests"), "调整与延期申请"), overview, public], readers)
    assert links(org.office) == ([overview, public], readers)
    assert links(org.leader) == ([overview, (reverse("proposals:leader_key"), "重点提案"), public], readers)
    assert links(org.unit_user) == ([(reverse("proposals:inbox"), "交办件"), public],
                                    [(reverse("consult:sendings"), "协商成果办理")])
    # written once per kind of user and language: English after Chinese, Chinese again after English
    assert links(org.unit_user, "en") == ([(reverse("proposals:inbox"), "Assignments"),
                                           (reverse("proposals:public_list"), "Disclosed proposals")],
                                          [(reverse("consult:sendings"), "Consultation outcomes to handle")])
    assert links(org.unit_user)[0][0] == (reverse("proposals:inbox"), "交办件")


def test_home_bell_counts_every_unread_notification_with_the_latest_ten(client, org):
    # the home page reads its ten latest notifications and the bell's count of all unread ones in one query
    from supervision.models import Notification

    client.force_login(org.member_user)
    assert 'data-testid="unread-count">0<' in client.get(reverse("home")).content.decode()  # none at all
    old = [Notification.objects.create(user=org.member_user, title=f"旧通知{i}") for i in range(12)]
    Notification.objects.filter(pk__in=[n.pk for n in old[:3]]).update(created_at=timezone.now() - datetime.timedelta(days=9))
    Notification.objects.filter(pk=old[5].pk).update(read_at=timezone.now())
    Notification.objects.create(user=org.other_member_user, title="别人的通知")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">11<' in html  # 12 less the one read, three of them older than the ten shown
    assert html.count('<li class="unread">') == 9 and html.count('<li class="">') == 1
    assert sum("supervision_notification" in q["sql"] for q in ctx.captured_queries) == 1
    # another page counts them itself
    assert 'data-testid="unread-count">11<' in client.get(reverse("supervision:obligations")).content.decode()


def test_home_lists_the_committees_of_the_subtree_a_reader_sees(client, org):
    # 本级及下级政协 / 辖区概览: province, city and county committees of the reader's subtree (not townships), in
    # path order, with the subtree's active members and its units counted
    def card(user):
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        section = re.search(r'<section class="card" data-testid="subtree">(.*?)</section>', html, re.S)
        return section.group(1) if section else None

    city = card(org.city_staff)
    in_path_order = sorted([org.city, org.county, org.other_county], key=lambda c: c.path)
    assert re.findall(r'<li class="depth-(\d)">([^<]+)</li>', city) == [(str(c.depth), c.name) for c in in_path_order]
    assert "在任委员 3 人，承办单位 2 个。" in city and org.township.name not in city
    leader = card(org.leader)
    assert re.findall(r'<li class="depth-(\d)">([^<]+)</li>', leader) == [("1", org.county.name)]
    assert "在任委员 2 人，承办单位 2 个。" in leader and "辖区概览" in leader
    assert card(org.member_user) is None and card(org.unit_user) is None
