"""Validation of a supporter's sign-up and of an organisation's application, with messages in
the active language."""

import unicodedata

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.images.fields import WagtailImageField

from campaign.choices import OrganisationRole

# The longest address SMTP can deliver to (RFC 5321, 4.5.3.1.3: a path of 256 octets).
EMAIL_MAX_LENGTH = 254
NAME_MAX_LENGTH = 100
SOURCE_MAX_LENGTH = 100


# Unicode categories a name or a subject never needs: control characters (Cc: line breaks, which
# would reach email headers and bodies), format characters (Cf: direction overrides such as
# U+202E and zero-width characters, which disguise text) and line or paragraph separators.
_NOT_IN_ONE_LINE = {"Cc", "Cf", "Zl", "Zp"}


def single_line_text_validator(value: str) -> None:
    """Refuse text with control, format (bidirectional overrides, zero-width) or separator
    characters, code ``invalid_characters``: names and subjects are shown in emails, the admin
    and public lists of supporters, where such characters break lines or disguise text."""
    if any(unicodedata.category(character) in _NOT_IN_ONE_LINE for character in value):
        raise forms.ValidationError(
            _("Use letters, digits, spaces and punctuation only, on one line."),
            code="invalid_characters",
        )


def one_line(**kwargs) -> forms.CharField:
    """A ``CharField`` for a name or a subject: ``single_line_text_validator`` added."""
    return forms.CharField(validators=[single_line_text_validator], **kwargs)


def country_field() -> forms.ChoiceField:
    """An optional ISO 3166-1 alpha-2 country code (``CountryMixin`` upper-cases it)."""
    return forms.ChoiceField(
        choices=[("", "")] + list(countries),
        required=False,
        error_messages={
            "invalid_choice": _("Enter an ISO 3166-1 alpha-2 country code, for example DE or FR.")
        },
    )


class CountryMixin:
    """Accepts a country code in any case and with spaces around it."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("country"):
            data = data.copy() if hasattr(data, "copy") else dict(data)
            data["country"] = str(data["country"]).strip().upper()
        super().__init__(data, *args, **kwargs)


class SupporterSignUpForm(CountryMixin, forms.Form):
    """The person's own fields of ``supporterSignUp``. ``errors`` maps a field name to
    Django's ``ValidationError`` list, each with a stable ``code`` (``required``, ``invalid``,
    ``max_length``, ``invalid_choice``) and a message in the active language."""

    email = forms.EmailField(max_length=EMAIL_MAX_LENGTH)
    name = one_line(max_length=NAME_MAX_LENGTH, required=False)
    country = country_field()
    source = one_line(max_length=SOURCE_MAX_LENGTH, required=False)


CONTACT_SUBJECT_MAX_LENGTH = 150
CONTACT_MESSAGE_MAX_LENGTH = 5000
CONTACT_MESSAGE_MIN_LENGTH = 2


class ContactMessageForm(forms.Form):
    """The fields of ``contactSend``; errors as in ``SupporterSignUpForm`` (codes
    ``required``, ``invalid``, ``max_length``, ``min_length``), messages in the active
    language."""

    name = one_line(max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(max_length=EMAIL_MAX_LENGTH)
    subject = forms.CharField(max_length=CONTACT_SUBJECT_MAX_LENGTH, required=False)
    message = forms.CharField(
        max_length=CONTACT_MESSAGE_MAX_LENGTH, min_length=CONTACT_MESSAGE_MIN_LENGTH
    )

    def clean_subject(self) -> str:
        # The subject becomes part of an email header: no line breaks.
        return " ".join(self.cleaned_data["subject"].split())


ORGANISATION_NAME_MAX_LENGTH = 200
WEBSITE_MAX_LENGTH = 500
TEXT_MAX_LENGTH = 2000


class WebsiteField(forms.URLField):
    """A web address (http or https): the organisation's page links to it."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class LogoField(WagtailImageField):
    """Wagtail's image upload checks (Pillow reads the file; its format must match its
    extension; bytes and pixels are limited) with the logo's own limits from the settings:
    PARTICIPATION_LOGO_EXTENSIONS, PARTICIPATION_LOGO_MAX_BYTES, and PARTICIPATION_LOGO_MIN_SIDE
    to PARTICIPATION_LOGO_MAX_SIDE pixels per side. Error codes: ``invalid_image``,
    ``invalid_image_extension``, ``invalid_image_known_format``, ``file_too_large``,
    ``file_too_many_pixels``, ``image_too_small``, ``image_too_large``."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.limits_read()

    def limits_read(self) -> None:
        """Take the limits from the settings (again: a form's fields are made at import)."""
        self.allowed_image_extensions = list(settings.PARTICIPATION_LOGO_EXTENSIONS)
        self.max_upload_size = settings.PARTICIPATION_LOGO_MAX_BYTES
        self.max_upload_size_text = filesizeformat(self.max_upload_size)
        side = settings.PARTICIPATION_LOGO_MAX_SIDE
        self.max_image_pixels = side * side
        formats = ", ".join(self.allowed_image_extensions).upper()
        self.error_messages["invalid_image_extension"] = _(
            "Not a supported image format. Supported formats: %(supported_formats)s."
        ) % {"supported_formats": formats}
        self.error_messages["image_too_small"] = _(
            "The logo is too small: each side needs at least %(min)d pixels."
        )
        self.error_messages["image_too_large"] = _(
            "The logo is too large: each side may have at most %(max)d pixels."
        )

    def to_python(self, data):
        # Wagtail checks the extension against self.allowed_image_extensions, the format
        # against the extension, the bytes and the pixels; then each side here.
        self.limits_read()
        upload = super().to_python(data)
        if upload is None:
            return None
        width, height = upload.image.get_size()
        if min(width, height) < settings.PARTICIPATION_LOGO_MIN_SIDE:
            raise forms.ValidationError(
                self.error_messages["image_too_small"]
                % {"min": settings.PARTICIPATION_LOGO_MIN_SIDE},
                code="image_too_small",
            )
        if max(width, height) > settings.PARTICIPATION_LOGO_MAX_SIDE:
            raise forms.ValidationError(
                self.error_messages["image_too_large"]
                % {"max": settings.PARTICIPATION_LOGO_MAX_SIDE},
                code="image_too_large",
            )
        return upload


class OrganisationApplicationForm(CountryMixin, forms.Form):
    """The applicant's fields of ``organisationApply``; ``errors`` as for
    ``SupporterSignUpForm``. Exactly one of ``country`` and ``international`` (code
    ``required`` on ``country`` for neither, ``invalid`` on ``international`` for both)."""

    name = one_line(max_length=ORGANISATION_NAME_MAX_LENGTH)
    website = WebsiteField(max_length=WEBSITE_MAX_LENGTH, required=False, assume_scheme="https")
    country = country_field()
    international = forms.BooleanField(required=False)
    description = forms.CharField(max_length=TEXT_MAX_LENGTH)
    role = forms.ChoiceField(choices=OrganisationRole.choices)
    contact_name = one_line(max_length=NAME_MAX_LENGTH)
    contact_email = forms.EmailField(max_length=EMAIL_MAX_LENGTH)
    message = forms.CharField(max_length=TEXT_MAX_LENGTH, required=False)
    logo = LogoField(required=False)

    def clean(self):
        cleaned = super().clean()
        country, international = cleaned.get("country"), cleaned.get("international")
        if "country" in self.errors:
            return cleaned
        if international and country:
            self.add_error(
                "international",
                forms.ValidationError(
                    _("An international organisation has no country: leave the country empty."),
                    code="invalid",
                ),
            )
        elif not international and not country:
            self.add_error(
                "country",
                forms.ValidationError(
                    _("Choose the organisation's country, or say it works internationally."),
                    code="required",
                ),
            )
        return cleaned
