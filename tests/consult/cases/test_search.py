"""Full-text search of the case banks (consult/cases/search.py: `q` on the bank pages and the API), on whichever
database the suite runs on (SQLite's FTS5 table, PostgreSQL's tsvector + GIN): two-character Chinese words find
cases; a word of the consultation result, the answer or the write-up finds the case once recorded; every word
must occur; an edit is searchable at once; nobody finds another committee's cases; contacts are never found
nor shown; input without words is no filter and no input is a 500."""

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from consult.cases import search, services
from consult.cases.models import CaseSearch, CommunityCase
from portal import limits
from tests.consult.cases import builders as b

pytestmark = pytest.mark.django_db

LAMP = {"title": "小区路灯不亮", "description": "三号楼前晚上一片漆黑，老人出行不便。"}
CLUTTER = {"title": "楼道堆放杂物", "description": "纸箱和旧家具堆满楼道，存在消防隐患。"}


def _page(user, q, bank="problems"):
    c = Client()
    c.force_login(user)
    response = c.get("/consult/cases/", {"bank": bank, "q": q})
    assert response.status_code == 200
    return [case.pk for case in response.context["page"].object_list], response.content.decode()


def _api(user, q, bank="problems"):
    c = APIClient()
    c.force_authenticate(user)
    response = c.get("/api/v1/consult-cases/", {"bank": bank, "q": q})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]], response.json()["results"]


def _found(user, q, bank="problems"):
    """The ids the bank page finds, checked to be those the API finds."""
    on_page, _html = _page(user, q, bank)
    in_api, _rows = _api(user, q, bank)
    assert on_page == in_api, q
    return on_page


def test_the_index_structures_exist():
    table = CaseSearch._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
            assert any("gin" in row[0].lower() and "(text)" in row[0] for row in cursor.fetchall())
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = %s", [search.FTS_TABLE])
            assert cursor.fetchone() is not None


def test_two_character_words_find_the_case(org):
    lamp = b.submitted(org, **LAMP)
    clutter = b.submitted(org, **CLUTTER)
    for word in ("路灯", "漆黑", "老人"):
        assert _found(org.staff, word) == [lamp.pk], word
    for word in ("杂物", "消防", "家具"):
        assert _found(org.staff, word) == [clutter.pk], word
    assert _found(org.staff, "小区路灯") == [lamp.pk]  # a longer word: itself or its parts
    assert _found(org.staff, "三号楼") == [lamp.pk]  # 楼, unknown as a word here, by its character
    assert _found(org.staff, "菜市场") == []
    html = _page(org.staff, "路灯")[1]
    assert "小区路灯不亮" in html and "楼道堆放杂物" not in html


def test_every_word_must_occur_newest_first(org):
    lamp = b.submitted(org, **LAMP)
    school = b.submitted(org, title="学校门口路灯损坏", description="学生放学路上看不清车辆。")
    assert _found(org.staff, "路灯") == [school.pk, lamp.pk]
    assert _found(org.staff, "路灯 老人") == [lamp.pk]
    assert _found(org.staff, "路灯，学生") == [school.pk]
    assert _found(org.staff, "老人 学生") == []


def test_words_of_the_consultation_answer_and_write_up_find_the_case_once_recorded(org):
    case = b.claimed(org, **LAMP)
    b.submitted(org, **CLUTTER)
    # the builders' result 巡查台账, answer 感谢您的反映, write-up 协调城管局 … 解决
    assert _found(org.staff, "台账") == []
    case = services.consult(case=case, actor=org.member_user, held_on=b.yesterday(), place="滁阳社区议事厅",
                            participants="张委员、陈委员", result="城管局一周内更换路灯；社区建立路灯巡查台账。")
    assert _found(org.staff, "台账") == [case.pk]
    assert _found(org.staff, "台账", bank="advice") == [case.pk]
    assert _found(org.staff, "反映", bank="advice") == []
    case = services.resolve(case=case, actor=org.member_user, outcome="resolved", answer="路灯已于本周更换，感谢您的反映。")
    assert _found(org.staff, "反映", bank="advice") == [case.pk]
    assert _found(org.staff, "协调", bank="advice") == []
    services.archive(case=case, actor=org.staff, summary="委员接单后协调城管局，一周内解决路灯问题。")
    assert _found(org.staff, "协调", bank="cases") == [case.pk]
    assert _found(org.staff, "台账 反映 协调 漆黑", bank="cases") == [case.pk]


def test_an_edit_is_searchable_at_once(org):
    case = b.submitted(org, **LAMP)
    assert _found(org.staff, "路灯") == [case.pk]
    CommunityCase.objects.filter(pk=case.pk).update(title="小区井盖破损", description="井盖松动，车辆经过就响。")
    case.refresh_from_db()
    search.index_case(case)
    assert CaseSearch.objects.count() == 1
    assert _found(org.staff, "路灯") == []
    assert _found(org.staff, "井盖") == [case.pk]


def test_no_other_committees_cases(org):
    b.cast(org)
    mine = b.submitted(org, **LAMP)
    theirs = services.register_case(actor=org.other_staff, committee=org.other_county, source="convenor", **LAMP)
    assert _found(org.staff, "路灯") == [mine.pk]
    assert _found(org.other_staff, "路灯") == [theirs.pk]
    assert _found(org.far_member_user, "路灯") == []
    assert _found(org.other_member_user, "路灯") == []


def test_contacts_are_neither_searched_nor_shown(org):
    case = b.submitted(org, **LAMP)
    assert _found(org.staff, b.NAME) == []
    assert _found(org.staff, b.PHONE) == []
    ids, html = _page(org.staff, "路灯")
    assert ids == [case.pk] and b.NAME not in html and b.PHONE not in html
    ids, rows = _api(org.staff, "路灯")
    assert ids == [case.pk] and b.NAME not in str(rows) and b.PHONE not in str(rows)


def test_input_without_words_is_no_filter_and_nothing_is_a_500(org):
    lamp = b.submitted(org, **LAMP)
    clutter = b.submitted(org, **CLUTTER)
    for q in ("", "   ", "，。！", "'\"*()"):
        assert _found(org.staff, q) == [clutter.pk, lamp.pk], repr(q)
    assert _found(org.staff, "AND OR NOT") == []  # words, found nowhere: FTS5's operators are quoted
    assert _found(org.staff, '路灯 "') == [lamp.pk]
    c = Client()
    c.force_login(org.staff)
    assert c.get("/consult/cases/", {"q": "路灯\x00"}).status_code == 400  # the form's refusal, not a 500
    too_long = "路灯" * limits.SEARCH
    assert c.get("/consult/cases/", {"q": too_long}).status_code == 400  # limits.SEARCH, as before
    api = APIClient()
    api.force_authenticate(org.staff)
    assert api.get("/api/v1/consult-cases/", {"q": too_long}).status_code == 400
    assert search.matching(CommunityCase.objects.all(), too_long).count() == 1  # search_term cuts it


def test_a_search_with_thousands_of_matches_shows_an_estimate(org, monkeypatch):
    # the matches of a search are counted exactly up to SEARCH_EXACT_COUNT_LIMIT, PostgreSQL's estimate
    # above (each match is a row of the search table read to be counted); the bank without a search keeps
    # the pagers' own limit. The planner is stood in for (SQLite has none): it "expects" 2,345 rows.
    from portal import pagination

    for _ in range(21):  # a full first page: its length is not the count
        b.submitted(org, **LAMP)
    monkeypatch.setattr(pagination, "planner_estimate", lambda queryset: 2_345)
    _ids, searched = _page(org.staff, "路灯")
    assert "约 2,300 件" in searched
    _ids, listed = _page(org.staff, "")
    assert "共 21 件" in listed
