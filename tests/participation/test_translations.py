"""Participation speaks German, French and Italian: every message of the app and of its API (the
package frontend_schema/participation/), its emails, and the errors of the public forms, chosen
by the request's `locale` (and the sign-up's language for its emails)."""

import gettext
import pathlib
import re

import pytest
from django.conf import settings
from django.core import mail

from tests.messages import gettext_literals
from tests.participation.test_contact import CONTACT

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Each catalogue, and the code whose messages it holds.
CATALOGUES = {
    "participation": sorted((ROOT / "participation").rglob("*.py")),
    "frontend_schema": sorted((ROOT / "frontend_schema" / "participation").rglob("*.py")),
}
TEMPLATES = sorted((ROOT / "participation" / "templates").rglob("*.txt"))
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def template_messages() -> set[str]:
    """The texts of ``{% translate %}`` and ``{% blocktranslate %}`` in the email templates, with
    variables as gettext sees them (``%(name)s``)."""
    messages = set()
    for path in TEMPLATES:
        text = path.read_text()
        messages.update(re.findall(r'{% translate "([^"]+)" %}', text))
        for block in re.findall(r"{% blocktranslate %}(.*?){% endblocktranslate %}", text):
            messages.add(re.sub(r"{{ (\w+) }}", r"%(\1)s", block))
    return messages


def catalog(app: str, language: str) -> dict:
    path = ROOT / app / "locale" / language / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)\w|{\w+}", text))


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("app", sorted(CATALOGUES))
def test_every_message_is_translated_in_the_compiled_catalogue(app, language):
    translations = catalog(app, language)
    messages = gettext_literals(CATALOGUES[app])
    if app == "participation":
        messages |= template_messages()
    assert len(messages) >= 15
    singular = {
        key if isinstance(key, str) else key[0]: value for key, value in translations.items()
    }
    missing = sorted(message for message in messages if not singular.get(message))
    assert not missing, f"Not translated into {language} (run `make messages`): {missing}"
    for message in messages:
        assert _placeholders(singular[message]) == _placeholders(message), (language, message)


def test_a_german_form_gets_german_field_errors(sign_up, world):
    answer = sign_up(
        locale="de",
        email="nope",
        altcha="",
        consents=[{"purpose": "SHARE_WITH_ORGANISATION"}],
    )

    assert {error["field"]: error["message"] for error in answer["errors"]} == {
        "email": "Bitte gültige E-Mail-Adresse eingeben.",  # Django's own
        "altcha": "Bitte bestätigen Sie, dass Sie kein Roboter sind (die ALTCHA-Prüfung).",
        "consents.0.organisation": "Wählen Sie die Organisation, an die Ihre Angaben gehen sollen.",
    }


def test_a_german_sign_up_gets_a_german_answer_and_a_german_confirmation_email(sign_up, mailoutbox):
    answer = sign_up(locale="de")

    assert answer["message"] == (
        "Danke! Bitte bestätigen Sie Ihre Unterstützung über den Link, den wir Ihnen per E-Mail "
        "geschickt haben."
    )
    (email,) = mailoutbox
    assert email.subject == "Bitte bestätigen Sie Ihre Unterstützung für Reclaim Your Face"
    assert email.body.startswith("Hallo Ada Lovelace,")
    assert "innerhalb von 7 Tagen diesen Link öffnen:" in email.body
    assert "Um eine Einwilligung zu widerrufen" in email.body


def test_the_email_follows_the_sign_ups_language_not_the_servers(sign_up, mailoutbox, settings):
    settings.LANGUAGE_CODE = "de"
    sign_up(locale="it")

    assert mail.outbox[0].subject == (
        "La preghiamo di confermare il Suo sostegno a Reclaim Your Face"
    )


def test_the_recorded_consent_wording_is_in_the_forms_language(sign_up):
    from participation.models import ConsentRecord

    sign_up(locale="fr", consents=[{"purpose": "NEWSLETTER"}])

    assert ConsentRecord.objects.get().wording == (
        "Oui, envoyez-moi la lettre d'information de Reclaim Your Face par e-mail. Je peux me "
        "désabonner à tout moment."
    )


def test_a_french_contact_form_gets_french_errors(run, world):
    answer = run(
        CONTACT,
        {
            "input": {
                "name": "Marie",
                "email": "marie@example.org",
                "message": "m" * 5001,
                "subject": "s" * 151,
                "locale": "fr",
                "altcha": "a forged payload",
            }
        },
    )["contactSend"]

    messages = {error["field"]: error["message"] for error in answer["errors"]}
    assert messages["altcha"] == (
        "La vérification que vous n'êtes pas un robot a échoué. Veuillez réessayer."
    )
    assert "5000" in messages["message"] and "caractères" in messages["message"]
    assert "150" in messages["subject"]


def test_an_italian_rate_limit_message(sign_up, settings):
    settings.PARTICIPATION_RATE_LIMIT = 0

    answer = sign_up(locale="it")

    assert answer["message"] == (
        "Troppe richieste dalla Sua connessione. La preghiamo di riprovare più tardi."
    )


def po_entries(path: pathlib.Path) -> list[dict]:
    """The entries of a gettext catalogue (``.po``): ``{"msgid", "msgstr", "fuzzy"}`` each,
    the header and obsolete (``#~``) entries left out; plural forms count by their first
    ``msgstr[0]``."""
    entries = []
    for block in path.read_text().split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr|msgstr\[0\]|msgctxt) "(.*)"$', line)
            if match:
                current = match.group(1).replace("msgstr[0]", "msgstr")
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
            elif line.startswith("msgstr["):
                current = None
        if fields.get("msgid"):
            entries.append({**fields, "fuzzy": fuzzy})
    return entries


# The catalogues that must be complete: every text a supporter, an applicant or an editor reads,
# templates included (makemessages extracts them from code and every kind of template alike).
COMPLETE_CATALOGUES = ["campaign", "frontend_schema", "participation", "partners"]


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("app", COMPLETE_CATALOGUES)
def test_every_entry_of_the_catalogue_is_translated_and_checked(app, language):
    entries = po_entries(ROOT / app / "locale" / language / "LC_MESSAGES" / "django.po")
    assert entries
    untranslated = [entry["msgid"] for entry in entries if not entry.get("msgstr")]
    fuzzy = [entry["msgid"] for entry in entries if entry["fuzzy"]]
    assert not untranslated, f"{app} {language}: not translated: {untranslated}"
    assert not fuzzy, f"{app} {language}: fuzzy (check, then remove the flag): {fuzzy}"
    compiled = {key if isinstance(key, str) else key[0] for key in catalog(app, language) if key}
    stale = [
        entry["msgid"]
        for entry in entries
        if entry["msgid"].replace("\\n", "\n").replace('\\"', '"') not in compiled
        and "msgctxt" not in entry
    ]
    assert not stale, f"{app} {language}: django.mo is older than django.po: {stale[:5]}"
