"""Messages to editors exist in each configured language and reach editors in theirs."""

import gettext
import pathlib
import re

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.users.models import UserProfile

from campaign import factories
from tests.messages import gettext_literals

APP = pathlib.Path(__file__).resolve().parents[2] / "campaign"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def source_messages() -> set[str]:
    """Every string literal passed to a gettext function in the campaign app's code."""
    return gettext_literals(APP.rglob("*.py"))


def catalog(language: str) -> dict[str, str]:
    path = APP / "locale" / language / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def test_the_app_has_messages_to_translate():
    assert len(source_messages()) >= 15


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_in_the_compiled_catalog(language):
    translations = catalog(language)
    missing = sorted(message for message in source_messages() if not translations.get(message))
    assert not missing, f"Not translated into {language} (run `make messages`): {missing}"
    for message in source_messages():
        placeholders = sorted(part.split(")")[0] for part in message.split("%(")[1:])
        translated = sorted(part.split(")")[0] for part in translations[message].split("%(")[1:])
        assert translated == placeholders, (language, message)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Die Forderungsnummer 1 wird in „Reclaim Your Face“ bereits verwendet."),
        ("fr", "Le numéro de revendication 1 est déjà utilisé dans « Reclaim Your Face »."),
        ("it", "Il numero di richiesta 1 è già usato in «Reclaim Your Face»."),
        ("en", "Demand number 1 is already used in 'Reclaim Your Face'."),
    ],
)
def test_an_editor_reads_validation_messages_in_their_language(
    campaign_tree, admin_user, admin_client, language, expected
):
    factories.DemandPageFactory(parent=campaign_tree.demands, number=1)
    UserProfile.get_for_user(admin_user)
    UserProfile.objects.filter(user=admin_user).update(preferred_language=language)
    from tests.campaign.test_validation import demand_form_data

    response = admin_client.post(
        reverse(
            "wagtailadmin_pages:add",
            args=("campaign", "demandpage", campaign_tree.demands.pk),
        ),
        demand_form_data(1),
    )
    assert response.status_code == 200
    assert expected in " ".join(response.context["form"].errors["number"])


def test_numbers_in_messages_follow_the_language(campaign_tree, admin_user, admin_client):
    UserProfile.get_for_user(admin_user)
    from tests.campaign.test_validation import campaign_form_data, edit_url

    UserProfile.objects.filter(user=admin_user).update(preferred_language="de")
    campaign = campaign_tree.campaign
    response = admin_client.post(
        edit_url(campaign),
        campaign_form_data(campaign, count=1500, countries=[("DE", 1000), ("FR", 1000)]),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Die Aufschlüsselung nach Ländern ergibt 2.000, mehr als der letzte Unterschriftenstand "
        "von 1.500. Erfassen Sie zuerst den neuen Stand unter Kampagne → Unterschriftenstände "
        "oder korrigieren Sie die Aufschlüsselung."
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalog_entry_is_translated_and_none_is_fuzzy(language):
    """Covers the templates' {% translate %} strings too, which the source walk above misses:
    `make messages` adds them to the .po, and an empty or fuzzy entry would show English."""
    po = (APP / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    entries = po.split("\n\n")[1:]
    assert len(entries) >= 60
    for entry in entries:
        assert "#, fuzzy" not in entry, entry
        assert not re.search(r'^msgstr(\[\d\])? ""$(?!\n")', entry, flags=re.M), entry
    translations = catalog(language)
    for entry in entries:
        msgid = "".join(re.findall(r'"(.*)"', entry.split("msgid ", 1)[1].split("msgstr")[0]))
        if "msgid_plural" in entry or "msgctxt" in entry:
            continue
        msgid = msgid.replace('\\"', '"').replace("\\n", "\n")
        assert translations.get(msgid), f"not compiled into the .mo: {msgid!r}"
