"""A programme manager runs a follow-up; an invitee answers on a phone-sized screen from
the link in their email, which reaches this site; the manager records a disposition by
hand, comes back to the same person with a confirmation, and reads the rates, on a desktop
and on a phone, with axe-core finding nothing serious on the campaign's page."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_learning_blocks import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_site(live_server, settings):
    from django.core.management import call_command

    call_command("setup_demo", "--seed", "17", verbosity=0)
    settings.TRAINER_REGISTRY_PUBLIC_URL = live_server.url
    return live_server.url


def test_manager_runs_a_follow_up_and_an_invitee_answers_on_a_phone(browser, live_site):
    manager = browser.new_context(viewport={"width": 1280, "height": 900})
    page = manager.new_page()
    page.goto(f"{live_site}/accounts/login/")
    page.get_by_label("Username").fill("manager-kh")
    page.get_by_label("Password").fill("commit-manager-kh")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Follow-up").click()
    page.get_by_role("link", name="New campaign").click()
    assert axe_violations(page) == []
    page.get_by_label("Code").fill("kh-2026")
    page.get_by_label("Name").fill("Cambodia follow-up 2026")
    page.get_by_label("Cambodia", exact=True).check()
    page.get_by_label("National Training Programme, Cambodia").check()
    page.get_by_label("Stratified random sample").check()
    page.get_by_label("Sample size").fill("40")
    page.get_by_label("Sector", exact=True).check()
    page.get_by_label("Allocation (stratified samples)").select_option("neyman")
    page.get_by_role("button", name="Create the campaign").click()
    page.get_by_role("heading", name="Cambodia follow-up 2026").wait_for()

    page.get_by_role("button", name="Draw the sample").click()
    page.get_by_text("people taken into the campaign").wait_for()
    sampled = int(page.locator("#dispositions td[data-disposition='UH']").inner_text())
    assert sampled == 40
    assert page.locator("#rates td[data-rate='RR1']").inner_text() == "0.0 %"
    outbox_before = len(mail.outbox)
    page.get_by_role("button", name="Send invitations").click()
    page.get_by_text("sent by email").wait_for()
    invitations = mail.outbox[outbox_before:]
    assert invitations
    link = re.search(r"https?://\S+/answer/kh-2026/\S+/", invitations[0].body).group(0)
    assert link.startswith(f"{live_site}/"), link  # the mail's link reaches this site

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    invitee = phone.new_page()
    invitee.goto(link)
    assert axe_violations(invitee) == []
    invitee.get_by_role("checkbox").check()
    invitee.get_by_role("radio").first.check()  # still in the role
    invitee.get_by_role("button").click()
    invitee.get_by_role("status").wait_for()
    assert axe_violations(invitee) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    invitee.screenshot(path=SCREENSHOTS / "followup-answered-phone.png", full_page=True)
    invitee.goto(link)
    assert invitee.get_by_role("alert").is_visible()  # the link works once

    page.reload()
    assert page.locator("#dispositions td[data-disposition='I']").inner_text() == "1"
    assert int(page.locator("#dispositions td[data-disposition='UH']").inner_text()) == sampled - 1
    assert page.locator("#rates td[data-rate='RR1']").inner_text() == "2.5 %"  # 1 of 40
    assert axe_violations(page) == []

    # A refusal by telephone, recorded by hand on page 1 of those not answered yet.
    page.get_by_label("Answered").select_option("no")
    page.get_by_role("button", name="Search").click()
    row = page.locator("table.campaign-people tbody tr").first
    reference = row.locator(".reference").inner_text()
    row.get_by_role("combobox").select_option("R")
    row.get_by_role("button", name="Record").click()
    page.wait_for_url(re.compile(rf"answered=no.*#person-{reference}$"))
    status = page.get_by_role("status").first.inner_text()
    assert f"({reference}): Refusal." in status, status
    assert page.get_by_label("Answered").input_value() == "no"  # the place is kept
    assert page.locator(f"#person-{reference} [data-member-disposition]").inner_text() == "Refusal"
    assert page.locator("#dispositions td[data-disposition='R']").inner_text() == "1"
    assert axe_violations(page) == []
    page.screenshot(path=SCREENSHOTS / "manager-desktop-campaign.png", full_page=True)
    manager.close()

    # The manager reads the campaign on a phone: it fits, and the rates are there.
    on_phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    small = on_phone.new_page()
    small.goto(f"{live_site}/accounts/login/?next=/registry/followup/kh-2026/")
    small.get_by_label("Username").fill("manager-kh")
    small.get_by_label("Password").fill("commit-manager-kh")
    small.get_by_role("button", name="Log in").click()
    small.get_by_role("heading", name="Cambodia follow-up 2026").wait_for()
    assert small.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert small.locator("#rates td[data-rate='RR1']").inner_text() == "2.5 %"
    assert axe_violations(small) == []
    small.screenshot(path=SCREENSHOTS / "manager-phone-campaign.png", full_page=True)
    on_phone.close()
    phone.close()
