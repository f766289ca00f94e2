"""A front end's whole contact form against a served endpoint, with real clients
(tests/clients/contact_altcha.mjs): urql fetches an ALTCHA challenge, the ALTCHA widget's solver
(npm `altcha`) solves it, Apollo Client sends `contactSend`, and the email goes out; the same
payload sent again is refused.

Node.js and the packages of tests/clients/package-lock.json are needed: `make test` installs the
packages (`npm ci`). Without them the test fails, saying what is missing; it never skips.
"""

import json

import pytest
from django.core import mail

from campaign.models import CampaignSiteSettings
from participation.models import ContactMessage
from tests.node_clients import node_client_run


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_front_end_solves_the_challenge_and_its_message_is_emailed(live_server, campaign_tree):
    settings = CampaignSiteSettings.for_site(campaign_tree.site)
    settings.contact_messages_email = "team@campaign.example"
    settings.save()
    form = {
        "name": "Grace Hopper",
        "email": "grace@example.org",
        "subject": "Hallo",
        "message": "Können wir über die Kampagne sprechen?",
        "locale": "de",
        "website": "",
    }

    result = node_client_run(
        "contact_altcha.mjs",
        [f"{live_server.url}/graphql/", json.dumps(form)],
        packages=("@apollo/client", "@urql/core", "altcha"),
    )

    assert result["algorithm"] == "PBKDF2/SHA-256"
    assert result["first"] == {
        "__typename": "ContactSent",
        "message": "Danke! Ihre Nachricht wurde an das Kampagnenteam gesendet.",
    }
    assert result["replay"]["__typename"] == "InvalidInput"
    assert [(e["field"], e["code"]) for e in result["replay"]["errors"]] == [("altcha", "used")]
    assert result["replay"]["errors"][0]["message"].startswith(
        "Diese Prüfung wurde bereits verwendet."
    )
    (email,) = mail.outbox
    assert email.to == ["team@campaign.example"]
    assert email.reply_to == ["grace@example.org"]
    assert "Können wir über die Kampagne sprechen?" in email.body
    assert "German" in email.body  # the team's email is in the CMS's language
    assert not ContactMessage.objects.exists()
