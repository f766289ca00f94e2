"""The widgets' words exist in each configured language (partners/locale, `make messages`)."""

import gettext
import pathlib
import re

import pytest
from django.conf import settings
from django.utils.translation.template import templatize

APP = pathlib.Path(__file__).resolve().parents[2] / "partners"
TEMPLATES = APP / "templates" / "partners" / "embeds"
# templatize writes gettext(u'...') and ngettext(u'...', u'...', count).
MESSAGE = re.compile(r"\bn?gettext\(u'((?:[^'\\\\]|\\\\.)*)'(?:, u'((?:[^'\\\\]|\\\\.)*)')?")
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def template_messages() -> set[str]:
    """The ID of every message of the widget templates, as makemessages extracts it."""
    messages = set()
    for path in TEMPLATES.glob("*.html"):
        code = templatize(path.read_text(), origin=str(path))
        for match in MESSAGE.finditer(code):
            messages.add(match.group(1))  # the msgid; a plural's forms are checked below
    return {message.replace("\\'", "'") for message in messages}


def catalog(language: str) -> dict:
    with (APP / "locale" / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def test_the_templates_have_messages():
    messages = template_messages()
    assert "Sign now" in messages
    assert "signature" in messages
    assert len(messages) >= 12


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_widget_message_is_translated(language):
    translations = catalog(language)
    # A plural message is stored once per form: (msgid, 0), (msgid, 1).
    translated = {key[0] if isinstance(key, tuple) else key for key in translations}
    missing = sorted(message for message in template_messages() if message not in translated)
    assert not missing, f"Not translated into {language} (run `make messages`): {missing}"
    for key, value in translations.items():
        if key:
            assert value, (language, key)
