"""A hub referent runs a partner meeting end to end: plans it, the invitations leave with their
.ics, a partner answers through the link, attendance with inhabitants and a habitant relais, two
needs, one decision with its owner, and the shared diagnosis shows them."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.core import mail
from icalendar import Calendar

from maillage.meetings.models import Meeting, Participant, ParticipantKind, PartStat
from tests.e2e.conftest import assert_accessible, login
from tests.meetings.factories import make_hub_setup, make_series

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_referent_runs_a_partner_meeting_and_the_diagnosis_shows_it(live_server, page, browser):
    secret = pyotp.random_base32()
    setup = make_hub_setup("Pôle ressources santé Fives", referent_secret=secret)
    series = make_series(setup)
    base = live_server.url

    login(page, base, setup.referent, secret)
    page.goto(f"{base}/reunions/series/{series.pk}/")
    assert_accessible(page)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/reunions/\d+/$"))
    meeting = Meeting.objects.get(series=series)
    assert_accessible(page)

    page.click("#send-invitations")
    page.wait_for_selector(".message-success")
    (message,) = [m for m in mail.outbox if setup.partner.email in m.to]
    ics = next(a[0] for a in message.alternatives if a[1] == "text/calendar; method=REQUEST")
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert {str(e["uid"]) for e in events} == {series.uid}
    assert message.attachments[0][0] == "invite.ics"
    link = re.search(r"https?://\S+/reunions/reponse/\S+/", message.body)
    assert link is not None

    partner = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    partner.goto(link.group(0))  # no login
    assert_accessible(partner)
    partner.check("input[name=partstat][value=ACCEPTED]")
    partner.fill("input[name=comment]", "Je viendrai avec une collègue")
    partner.locator("main form button[type=submit]").click()
    partner.wait_for_selector("#answer-recorded")
    partner.context.close()
    invited = Participant.objects.get(meeting=meeting, user=setup.partner)
    assert invited.partstat == PartStat.ACCEPTED

    page.goto(f"{base}/reunions/{meeting.pk}/")
    assert "Je viendrai avec une collègue" in page.locator("#invitees").inner_text()
    page.click("#record-attendance")
    page.check(f"input[name=p{invited.pk}][value=present]")
    page.fill("input[name=inhabitant_count]", "3")
    page.fill("input[name=habitant_relais_count]", "1")
    page.fill("input[name=habitant_relais_names]", "Nadia")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".message-success")
    residents = page.locator("#residents").inner_text()
    assert "× 3" in residents and "Nadia" in residents

    for title, theme, votes in (
        ("Renoncement aux soins dentaires des familles", "sante--sante-bucco-dentaire", "7"),
        ("Retards de vaccination des enfants", "sante--vaccination", "4"),
    ):
        page.click("#raise-need")
        page.fill("input[name=title]", title)
        page.select_option("select[name=theme]", theme)
        page.fill("input[name=votes]", votes)
        assert_accessible(page)
        page.locator("main form button[type=submit]").click()
        page.wait_for_selector(".message-success")

    page.click("#take-decision")
    page.fill("textarea[name=statement]", "Organiser une journée de dépistage bucco-dentaire")
    page.select_option("select[name=owner_organisation]", str(setup.partner_organisation.pk))
    page.fill("input[name=due_on]", "2027-03-31")
    page.get_by_label("Renoncement aux soins dentaires des familles").check()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".message-success")
    assert "CCAS de test" in page.locator("#decisions").inner_text()

    page.goto(f"{base}/reunions/diagnostic/{setup.hub.slug}/")
    needs = page.locator("#needs tbody tr")
    assert needs.count() == 2
    assert "Renoncement aux soins dentaires" in needs.nth(0).inner_text()  # 7 votes first
    assert "Retards de vaccination" in needs.nth(1).inner_text()
    decisions = page.locator("#decision-list").inner_text()
    assert "journée de dépistage bucco-dentaire" in decisions and "CCAS de test" in decisions
    assert page.locator("#themes-table tbody tr").count() == 2
    assert_accessible(page)
    assert (
        Participant.objects.filter(meeting=meeting, kind=ParticipantKind.INHABITANT).get().count
        == 3
    )
