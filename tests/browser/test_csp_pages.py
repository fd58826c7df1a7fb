"""The pages' scripts still work under the Content-Security-Policy (no inline script anywhere): the
language menu, the confirmation before withdrawing, the proposal form's collective fields, and the API
docs (Swagger UI, Redoc). The `page` fixture fails any test whose pages the browser reported a CSP
violation for."""

from proposals.enums import ProposalState
from proposals.models import Proposal
from tests.proposals import builders as b


def test_the_language_menu_switches_without_inline_script(org, login, page):
    login(org.member_user.username)
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"


def test_the_proposal_form_shows_collective_fields_only_for_a_collective_proposal(org, login, page):
    b.session(org)
    login(org.member_user.username)
    page.goto("/proposals/new/")
    box = page.get_by_test_id("collective-fields")
    assert box.is_hidden()
    page.select_option("#id_kind", "collective")
    assert box.is_visible()


def test_withdrawing_asks_first_and_a_no_changes_nothing(org, login, page):
    proposal = b.submitted(org)
    login(org.member_user.username)
    page.goto(f"/proposals/{proposal.pk}/")
    button = page.get_by_role("button", name="撤回提案")
    page.once("dialog", lambda dialog: dialog.dismiss())
    button.click()  # Playwright's click waits for a navigation it started: none must start
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        button.click()
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.WITHDRAWN


def test_the_api_docs_render_under_the_policy(db, page):
    page.goto("/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "政协协商履职平台 API" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock-summary").first.click()  # an operation opens (its parameters, its schema)
    page.locator(".opblock-body").first.wait_for()
    assert not page.csp_violations, "Swagger UI runs under the strict policy"
    page.goto("/api/redoc/")
    page.get_by_role("heading", name="政协协商履职平台 API").first.wait_for()
    # Redoc's "API docs by Redocly" logo is on a CDN: blocked on purpose (the portal fetches nothing from
    # outside); that is the one report allowed here.
    page.csp_violations[:] = [v for v in page.csp_violations if "https://cdn.redoc.ly/" not in v]
