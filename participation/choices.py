"""Choices of the participation app: sign-up states and consent purposes, with their wording."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignUpStatus(models.TextChoices):
    PENDING = "pending", _("Pending (not confirmed yet)")
    CONFIRMED = "confirmed", _("Confirmed")


class ConsentPurpose(models.TextChoices):
    """What a supporter may agree to, each on its own (GDPR Art. 7(2): no bundling)."""

    NEWSLETTER = "newsletter", _("Campaign newsletter")
    SHOW_NAME_PUBLICLY = "show_name_publicly", _("Show my name publicly as a supporter")
    SHARE_WITH_ORGANISATION = "share_with_organisation", _("Share my details with an organisation")


# The version of the consent wording below. Change it whenever a wording changes, so that every
# record says which text the person agreed to (GDPR Art. 7(1): the controller must be able to
# demonstrate consent). Front ends read the current texts from `consentTexts` and send this
# version back; a sign-up with another version is refused.
# 2026-12-01.2: the texts in German, French and Italian (before, every language got English).
CONSENT_WORDING_VERSION = "2026-12-01.2"

CONSENT_WORDINGS = {
    ConsentPurpose.NEWSLETTER: _(
        "Yes, send me the newsletter of {campaign} by email. I can unsubscribe at any time."
    ),
    ConsentPurpose.SHOW_NAME_PUBLICLY: _(
        "Yes, show my name publicly as a supporter of {campaign}. I can withdraw this at any time."
    ),
    ConsentPurpose.SHARE_WITH_ORGANISATION: _(
        "Yes, share my email address, name and country with {organisation}, a member of the "
        "{campaign} coalition, so that it can contact me about the campaign. I can withdraw "
        "this at any time."
    ),
}


class ApplicationStatus(models.TextChoices):
    """Where an organisation's application stands in moderation."""

    PENDING = "pending", _("Waiting for a decision")
    NEEDS_MORE_INFORMATION = "needs_more_information", _("More information asked for")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


# The states a moderator may still decide on; the others are final.
APPLICATION_OPEN_STATES = (ApplicationStatus.PENDING, ApplicationStatus.NEEDS_MORE_INFORMATION)


class ApplicationEmail(models.TextChoices):
    """The emails an applicant gets, one per step of moderation."""

    RECEIVED = "received", _("Application received")
    MORE_INFORMATION = "more_information", _("More information needed")
    REJECTED = "rejected", _("Application rejected")
    ACCEPTED = "accepted", _("Application accepted")
