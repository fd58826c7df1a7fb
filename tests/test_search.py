"""Full-text search of proposals (proposals.search) on 提案公开, the staff overview and the API, on whichever
database the suite runs on (SQLite's FTS5 table, PostgreSQL's tsvector + GIN): two-character Chinese
words, the 案号 and the proposer's name find proposals; title matches rank first; nobody finds what they
may not see; an edit is searchable at once; no input is a 500."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from portal import limits
from proposals import search, selectors, services
from proposals.models import Proposal, ProposalSearch
from tests.proposals.conftest import World

NEUTRAL = {"reason": "道路年久失修，群众出行不便。", "suggestions": "一、加大投入；二、定期维护。"}


@pytest.fixture
def pw(org):
    return World(org)


@pytest.fixture(params=["as planned", "index", "row by row", "many visible"])
def plan(request, monkeypatch):
    """Each way PostgreSQL may be asked (proposals.search.Search, Ranked.few) gives the same answers: as the
    statistics say, through the GIN indexes, checking row by row, and as if many proposals were visible.
    SQLite has one way (FTS5)."""
    if request.param != "as planned":
        if connection.vendor != "postgresql":
            pytest.skip("one way on SQLite")
        common = 0.0 if request.param in ("row by row", "many visible") else 2.0
        monkeypatch.setattr(search, "COMMON", common)
        monkeypatch.setattr(search, "TITLE_COMMON", common)
        if request.param == "many visible":
            monkeypatch.setattr(search, "PROBE_LIMIT", 0)
    return request.param


def _public(client, q):
    response = client.get(reverse("proposals:public_list"), {"q": q})
    assert response.status_code == 200
    return [p.pk for p in response.context["page"].object_list]


def _overview(client, user, q, **params):
    client.force_login(user)
    response = client.get(reverse("proposals:overview"), {"search": q, **params})
    assert response.status_code == 200
    return [p["pk"] for p in response.context["page"].object_list]  # rows as values (selectors.page_rows)


def _api(user, q, url="/api/v1/proposals/", **params):
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    response = c.get(url, {"search": q, **params})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_two_character_words_find_proposals_on_every_list(pw, client, plan):
    found, _ = pw.replied(title="关于发展普惠托育服务的建议", reason="城市双职工家庭的医疗和教育负担重。",
                          suggestions="一、扩大普惠养老和托育供给。")
    pw.replied(title="关于改善农村道路的建议", **NEUTRAL)
    for word in ("教育", "医疗", "养老", "托育"):
        assert _public(client, word) == [found.pk], word
        assert _overview(client, pw.o.staff, word) == [found.pk], word
        assert _api(pw.o.staff, word) == [found.pk], word
        assert _api(None, word, url="/api/v1/public-proposals/") == [found.pk], word


def test_every_word_must_occur(pw, client, plan):
    both, _ = pw.replied(title="关于改善农村道路的建议", reason="农村道路和学校教育都要投入。", suggestions="加大投入。")
    pw.replied(title="关于改善城市道路的建议", **NEUTRAL)
    assert _public(client, "道路 教育") == [both.pk]
    assert _public(client, "道路，教育！") == [both.pk]  # punctuation between the words is no word
    assert _public(client, "教育 航天") == []


def test_the_number_and_the_proposer_find_proposals(pw, client, plan):
    first = pw.accepted(title="关于改善农村道路的建议", **NEUTRAL)
    second = pw.accepted(title="关于改善城市道路的建议", **NEUTRAL)
    by_other = pw.submitted(user=pw.o.other_member_user, title="关于修缮古桥的建议", **NEUTRAL)
    assert (first.number, second.number) == ("十四届三次-0001", "十四届三次-0002")
    assert _overview(client, pw.o.staff, "十四届三次-0002") == [second.pk]
    assert _overview(client, pw.o.staff, "0001") == [first.pk]
    assert _api(pw.o.staff, "十四届三次-0001") == [first.pk]
    assert _overview(client, pw.o.staff, "李委员") == [by_other.pk]
    assert _api(pw.o.staff, "张委员") == [second.pk, first.pk]  # newest first (the API's order)


def test_a_latin_word_is_found_whatever_its_case(pw):
    p = pw.submitted(title="关于建设Smart社区平台的建议", **NEUTRAL)
    assert _api(pw.o.staff, "SMART") == [p.pk]
    assert _api(pw.o.staff, "smart") == [p.pk]


def test_title_matches_come_first_then_the_newest(pw, client, plan):
    in_title, _ = pw.replied(title="关于发展社区养老服务的建议", **NEUTRAL)
    in_text, _ = pw.replied(title="关于改善农村道路的建议", reason="沿线老人养老就医出行不便。", suggestions="加大投入。")
    newest, _ = pw.replied(title="关于完善居家养老补贴的建议", **NEUTRAL)
    assert _public(client, "") == [newest.pk, in_text.pk, in_title.pk]
    assert _public(client, "养老") == [newest.pk, in_title.pk, in_text.pk]
    assert _overview(client, pw.o.staff, "养老") == [newest.pk, in_title.pk, in_text.pk]
    assert _api(pw.o.staff, "养老") == [newest.pk, in_title.pk, in_text.pk]
    # an explicit order replaces the ranking
    assert _api(pw.o.staff, "养老", ordering="accepted_at") == [in_title.pk, in_text.pk, newest.pk]


def test_pages_run_across_the_two_tiers(pw, plan):
    title_hits = [pw.submitted(title=f"关于发展社区养老服务的建议{i}", **NEUTRAL) for i in range(3)]
    text_hits = [pw.submitted(title=f"关于改善道路的建议{i}", reason="老人养老出行不便。", suggestions="加大投入。")
                 for i in range(4)]
    pw.submitted(title="关于修缮古桥的建议", **NEUTRAL)
    ranked = search.ranked(Proposal.objects.all(), "养老", "-id")
    expected = [p.pk for p in reversed(title_hits)] + [p.pk for p in reversed(text_hits)]
    assert [p.pk for p in ranked] == expected
    assert ranked.count() == len(ranked) == 7
    for start, stop in ((0, 2), (2, 4), (3, 5), (4, 7), (6, 9), (8, 10), (0, 7)):
        assert [p.pk for p in ranked[start:stop]] == expected[start:stop], (start, stop)
    assert ranked[3].pk == expected[3]
    assert sorted(p.pk for p in ranked.order_by("id")) == sorted(expected)


def test_public_search_finds_only_disclosed_proposals_with_an_approved_reply(pw, client, plan):
    public, _ = pw.replied(title="关于发展社区养老服务的建议", **NEUTRAL)
    undisclosed = pw.handling(title="关于完善养老机构监管的建议", **NEUTRAL)
    services.set_disclosure(proposal=undisclosed, actor=pw.o.member_user, consent=False, reason="涉及个人隐私")
    pw.reply(undisclosed)
    services.review_reply(reply=undisclosed.assignments.get().replies.get(), actor=pw.o.staff, approve=True)
    pw.handling(title="关于增加养老床位的建议", **NEUTRAL)  # no reply yet: not public
    pw.draft(title="关于养老护理员培训的建议", **NEUTRAL)
    assert Proposal.objects.get(pk=undisclosed.pk).disclosure_consent is False
    assert _public(client, "养老") == [public.pk]
    assert _api(None, "养老", url="/api/v1/public-proposals/") == [public.pk]


def test_a_members_search_finds_only_what_they_may_see(pw, plan):
    own = pw.draft(title="关于发展社区养老服务的建议", **NEUTRAL)
    others = pw.submitted(user=pw.o.other_member_user, title="关于完善养老机构监管的建议", **NEUTRAL)
    far = pw.draft(user=pw.o.far_member_user, title="关于增加养老床位的建议", **NEUTRAL)
    assert _api(pw.o.member_user, "养老") == [own.pk]
    assert _api(pw.o.other_member_user, "养老") == [others.pk]
    assert _api(pw.o.far_member_user, "养老") == [far.pk]
    assert _api(pw.o.staff, "养老") == [others.pk]  # drafts are their authors' only
    assert _api(pw.o.other_staff, "养老") == []
    assert _api(pw.o.unit_user, "养老") == []


def test_an_edited_draft_is_found_by_its_new_words_only(pw, plan):
    p = pw.draft(title="关于改善农村道路的建议", **NEUTRAL)
    assert _api(pw.o.member_user, "托育") == []
    services.update_draft(proposal=p, actor=pw.o.member_user, reason="双职工家庭托育难。")
    assert _api(pw.o.member_user, "托育") == [p.pk]
    assert _api(pw.o.member_user, "年久失修") == []
    services.update_draft(proposal=p, actor=pw.o.member_user, title="关于发展普惠托育服务的建议")
    assert _api(pw.o.member_user, "道路") == []


def test_saving_unchanged_texts_leaves_the_row_alone(pw):
    p = pw.draft(title="关于改善农村道路的建议", **NEUTRAL)
    assert search.index_proposal(p) is False
    p.reason = "新的案由：托育。"
    p.save(update_fields=["reason"])
    assert search.index_proposal(p) is True
    assert _api(pw.o.member_user, "托育") == [p.pk]


@pytest.mark.parametrize("q", ["，。！？", "…… —— ！", "%", "_", "\\", "'", '"', "a\x00b", "NOT", "AND OR", "*", "(", ":"])
def test_odd_input_is_never_a_500(pw, client, q):
    pw.replied(title="关于发展社区养老服务的建议", **NEUTRAL)
    client.get(reverse("proposals:public_list"), {"q": q})  # asserts 200 inside the helpers below
    _public(client, q)
    _overview(client, pw.o.staff, q)
    if "\x00" not in q:
        _api(pw.o.staff, q)


def test_punctuation_only_is_no_filter_and_an_overlong_query_is_cut(pw, client):
    a, _ = pw.replied(title="关于发展社区养老服务的建议", **NEUTRAL)
    b, _ = pw.replied(title="关于改善农村道路的建议", **NEUTRAL)
    assert _public(client, "，。！？") == [b.pk, a.pk]
    assert _api(pw.o.staff, "！！") == [b.pk, a.pk]
    assert _public(client, "养老" + "。" * 200) == [a.pk]
    response = client.get(reverse("proposals:public_list"), {"q": "养老" * 1000})
    assert response.status_code == 200 and response.context["q"] == "养老" * (limits.SEARCH // 2)
    too_long = APIClient()
    too_long.force_authenticate(pw.o.staff)
    assert too_long.get("/api/v1/proposals/", {"search": "养" * (limits.SEARCH + 1)}).status_code == 400
    assert too_long.get("/api/v1/proposals/", {"search": "养\x00"}).status_code == 400


def test_the_export_holds_what_the_search_found(pw, client):
    found = pw.submitted(title="关于发展社区养老服务的建议", **NEUTRAL)
    pw.submitted(title="关于改善农村道路的建议", **NEUTRAL)
    client.force_login(pw.o.staff)
    response = client.get(reverse("proposals:export"), {"search": "养老"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = {cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str) and "建议" in cell.value}
    assert titles == {found.title}


def test_index_proposals_writes_missing_rows_and_rebuilds(pw, client):
    p, _ = pw.replied(title="关于发展社区养老服务的建议", **NEUTRAL)
    ProposalSearch.objects.all().delete()
    assert _public(client, "养老") == []
    call_command("index_proposals", "--only", "search", verbosity=0)
    assert _public(client, "养老") == [p.pk]
    call_command("index_proposals", "--rebuild", "--only", "search", verbosity=0)
    assert _public(client, "养老") == [p.pk]
    assert ProposalSearch.objects.count() == Proposal.objects.count()


def test_a_deleted_proposal_leaves_no_words_behind(pw):
    p = pw.draft(title="关于发展社区养老服务的建议", **NEUTRAL)
    pk = p.pk
    Proposal.objects.filter(pk=pk).delete()
    assert not ProposalSearch.objects.filter(pk=pk).exists()
    assert list(search.matching(Proposal.objects.all(), "养老")) == []


def test_segmenting_sentence_by_sentence_gives_the_words_of_the_whole_text():
    text = ("城市双职工家庭的医疗和教育负担重。建议：一、扩大普惠养老和托育供给；二、完善人工智能辅助诊疗！\n"
            "三、Smart社区（试点）建设？")
    assert search.Segmenter().words(text) == search.document_words(text)


def test_a_common_word_among_many_visible_proposals_is_counted_as_an_estimate(pw, client, monkeypatch):
    """PostgreSQL: no exact count that would read every visible proposal's words; the pager gets an estimate
    (and shows 约 while pages are full: a last page that is not full makes it exact, portal.pagination)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite counts exactly")
    found = [pw.replied(title=f"关于发展社区养老服务的建议{i}", **NEUTRAL)[0] for i in range(3)]
    monkeypatch.setattr(search, "COMMON", 0.0)
    monkeypatch.setattr(search, "PROBE_LIMIT", 0)
    count, exact = search.ranked(selectors.public_proposals(), "养老", "-answered_at", "-id").bounded_count(20_000)
    assert exact is False and count >= 1
    assert _public(client, "养老") == [p.pk for p in reversed(found)]


def test_few_visible_proposals_are_counted_exactly(pw, client):
    for i in range(3):
        pw.replied(title=f"关于发展社区养老服务的建议{i}", **NEUTRAL)
    pw.replied(title="关于改善农村道路的建议", **NEUTRAL)
    response = client.get(reverse("proposals:public_list"), {"q": "养老"})
    assert response.context["page"].paginator.count_exact is not False
    assert response.context["page"].paginator.count == 3


def test_an_explicit_order_over_a_search_is_paged_and_counted(pw, plan):
    older = pw.submitted(title="关于发展社区养老服务的建议", **NEUTRAL)
    newer = pw.submitted(title="关于改善道路的建议", reason="老人养老出行不便。", suggestions="加大投入。")
    c = APIClient()
    c.force_authenticate(pw.o.staff)
    body = c.get("/api/v1/proposals/", {"search": "养老", "ordering": "-created_at"}).json()
    assert [row["id"] for row in body["results"]] == [newer.pk, older.pk]
    assert (body["count"], body["count_exact"]) == (2, True)
    body = c.get("/api/v1/proposals/", {"search": "养老"}).json()
    assert [row["id"] for row in body["results"]] == [older.pk, newer.pk]  # ranked: the title match first


def test_a_common_word_among_few_visible_reads_the_texts_only_as_far_as_a_page_needs(pw, monkeypatch):
    """PostgreSQL, few visible proposals and a common word: titles are checked at once, texts a chunk at a
    time as pages need them; the count is an estimate until every text was read, then exact; every slice
    is the one the exact ranking gives."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite asks FTS5 once")
    for i in range(4):
        pw.submitted(title=f"关于修缮古桥的建议{i}", **NEUTRAL)
    text_hits = [pw.submitted(title=f"关于改善道路的建议{i}", reason="老人养老出行不便。", suggestions="加大投入。")
                 for i in range(5)]
    title_hits = [pw.submitted(title=f"关于发展社区养老服务的建议{i}", **NEUTRAL) for i in range(2)]
    monkeypatch.setattr(search, "COMMON", 0.0)
    monkeypatch.setattr(search.Search, "_estimate", lambda self: (0.5, 0.5))  # PostgreSQL's guess: half of them
    monkeypatch.setattr(search._FewMatches, "CHUNK", 2)
    expected = [p.pk for p in reversed(title_hits)] + [p.pk for p in reversed(text_hits)]

    ranked = search.ranked(Proposal.objects.all(), "养老", "-id")
    assert [p.pk for p in ranked[0:2]] == expected[0:2]  # the titles answer the first page
    few = ranked.few()
    assert few.read == 0
    count, exact = ranked.bounded_count(20_000)
    assert exact is False and count >= 2
    assert [p.pk for p in ranked[2:4]] == expected[2:4]
    assert 0 < few.read < len(few.rest)  # only as far as the page needed
    assert [p.pk for p in ranked[4:20]] == expected[4:]
    assert ranked.bounded_count(20_000) == (7, True)

    fresh = search.ranked(Proposal.objects.all(), "养老", "-id")
    assert fresh.count() == 7 and [p.pk for p in fresh] == expected
    ordered = search.ranked(Proposal.objects.all(), "养老", "-id").order_by("id")
    assert [p.pk for p in ordered[0:3]] == sorted(expected)[0:3]
