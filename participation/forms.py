"""Validation of a supporter's sign-up, with messages in the active language."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

# The longest address SMTP can deliver to (RFC 5321, 4.5.3.1.3: a path of 256 octets).
EMAIL_MAX_LENGTH = 254
NAME_MAX_LENGTH = 100
SOURCE_MAX_LENGTH = 100


class SupporterSignUpForm(forms.Form):
    """The person's own fields of ``supporterSignUp``. ``errors`` maps a field name to
    Django's ``ValidationError`` list, each with a stable ``code`` (``required``, ``invalid``,
    ``max_length``, ``invalid_choice``) and a message in the active language."""

    email = forms.EmailField(max_length=EMAIL_MAX_LENGTH)
    name = forms.CharField(max_length=NAME_MAX_LENGTH, required=False)
    country = forms.ChoiceField(
        choices=[("", "")] + list(countries),
        required=False,
        error_messages={
            "invalid_choice": _("Enter an ISO 3166-1 alpha-2 country code, for example DE or FR.")
        },
    )
    source = forms.CharField(max_length=SOURCE_MAX_LENGTH, required=False)

    def __init__(self, data=None, **kwargs):
        if data is not None and data.get("country"):
            data = {**data, "country": str(data["country"]).strip().upper()}
        super().__init__(data, **kwargs)


CONTACT_SUBJECT_MAX_LENGTH = 150
CONTACT_MESSAGE_MAX_LENGTH = 5000
CONTACT_MESSAGE_MIN_LENGTH = 2


class ContactMessageForm(forms.Form):
    """The fields of ``contactSend``; errors as in ``SupporterSignUpForm`` (codes
    ``required``, ``invalid``, ``max_length``, ``min_length``), messages in the active
    language."""

    name = forms.CharField(max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(max_length=EMAIL_MAX_LENGTH)
    subject = forms.CharField(max_length=CONTACT_SUBJECT_MAX_LENGTH, required=False)
    message = forms.CharField(
        max_length=CONTACT_MESSAGE_MAX_LENGTH, min_length=CONTACT_MESSAGE_MIN_LENGTH
    )

    def clean_subject(self) -> str:
        # The subject becomes part of an email header: no line breaks.
        return " ".join(self.cleaned_data["subject"].split())
