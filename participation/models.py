"""Participation data: supporters' sign-ups, their consents, the suppression list, and
organisations' applications to join a campaign's coalition.

Everything here but ``SuppressionEntry`` is personal data (a person's support for a political
cause is a political opinion, GDPR Art. 9). Reads go through ``participation.selectors``, writes
through ``participation.services``; docs/participation.md says what is kept, how long and why.
"""

import uuid

from django.core.files.storage import storages
from django.db import models
from django_countries.fields import CountryField

from campaign.choices import OrganisationRole
from participation.choices import ApplicationStatus, ConsentPurpose, SignUpStatus


def private_storage():
    """``STORAGES["private"]``: files no URL serves (cms/settings/base.py)."""
    return storages["private"]


def logo_upload_to(instance, filename: str) -> str:
    # A random name: the applicant's file name may name a person, and names must not collide.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "img"
    return f"organisation-applications/{uuid.uuid4().hex}.{extension}"


class SupporterSignUp(models.Model):
    """One person's sign-up as a supporter of one campaign (one per address and campaign)."""

    reference = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="A random identifier that the signed links in emails carry (never the email "
        "address or the database ID).",
    )
    campaign = models.ForeignKey(
        "campaign.CampaignPage",
        on_delete=models.CASCADE,
        related_name="supporter_sign_ups",
        help_text="The campaign the person supports.",
    )
    email = models.EmailField(
        help_text="The person's email address, normalised (trimmed, lower case)."
    )
    name = models.CharField(
        max_length=100, blank=True, default="", help_text="The person's name, if given."
    )
    country = CountryField(blank=True, default="", help_text="The person's country, if given.")
    locale = models.CharField(
        max_length=10,
        help_text="The language of the form, in which the person gets their emails.",
    )
    source = models.CharField(
        max_length=100,
        blank=True,
        default="",
        help_text="The form the sign-up came from, as the front end names it.",
    )
    status = models.CharField(
        max_length=20,
        choices=SignUpStatus.choices,
        default=SignUpStatus.PENDING,
        help_text="Pending until the person confirms through the link in the email.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the person signed up.")
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person confirmed; empty while pending."
    )

    class Meta:
        verbose_name = "supporter sign-up"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "email"], name="participation_one_sign_up_per_campaign"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        # Never the address: a sign-up's string form ends up in admin messages and logs.
        return f"Sign-up {self.pk}"


class ConsentRecord(models.Model):
    """A consent to one purpose, as given: the exact wording shown, its version, the form and
    the time; and when it was withdrawn. A withdrawn consent is kept (the proof that processing
    before it was lawful) until the sign-up is erased."""

    sign_up = models.ForeignKey(
        SupporterSignUp,
        on_delete=models.CASCADE,
        related_name="consents",
        help_text="The sign-up this consent belongs to.",
    )
    purpose = models.CharField(
        max_length=40, choices=ConsentPurpose.choices, help_text="What the person agreed to."
    )
    organisation = models.ForeignKey(
        "campaign.OrganisationPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="For sharing with an organisation: which one.",
    )
    wording = models.TextField(help_text="The exact text the person agreed to.")
    wording_version = models.CharField(
        max_length=40, help_text="The version of the consent texts the wording comes from."
    )
    source = models.CharField(
        max_length=100, blank=True, default="", help_text="The form the consent was given in."
    )
    granted_at = models.DateTimeField(help_text="When the consent was given.")
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="When the consent was withdrawn; empty while it holds."
    )

    class Meta:
        verbose_name = "consent record"

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.wording_version})"


class SuppressionEntry(models.Model):
    """An erased address, kept only as a hash, so that it is never stored or mailed again."""

    email_hash = models.CharField(
        max_length=64,
        unique=True,
        help_text="SHA-256 (hex) of the normalised email address.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the address was erased.")

    class Meta:
        verbose_name = "suppressed address"
        verbose_name_plural = "suppressed addresses"

    def __str__(self) -> str:
        return f"Suppressed {self.email_hash[:12]}…"


class ContactMessage(models.Model):
    """A message from the contact form (``contactSend``), kept only until the background task
    has emailed it to the site's contact address: the task is given this row's ID, so that the
    message never sits in the task queue. Deleted once sent, and by the retention command
    PARTICIPATION_CONTACT_RETENTION_HOURS hours after it came in if it could not be sent."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The site whose contact form the message came from.",
    )
    name = models.CharField(max_length=100, help_text="The sender's name, as given.")
    email = models.EmailField(help_text="The sender's address, for the reply.")
    subject = models.CharField(
        max_length=150, blank=True, default="", help_text="The subject, if given."
    )
    message = models.TextField(help_text="The message.")
    locale = models.CharField(max_length=10, help_text="The language of the form.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the message came in.")

    class Meta:
        verbose_name = "contact message"
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        # Never the address or the text: the string form ends up in logs.
        return f"Contact message {self.pk}"


class OrganisationApplication(models.Model):
    """An organisation's application to join a campaign's coalition, until a moderator decides.

    The contact person, their address and the message are personal data; the organisation's own
    details become a draft ``OrganisationPage`` when the application is accepted. The logo stays
    in private storage until then.
    """

    reference = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="A random identifier that the signed link in the 'more information' email "
        "carries (never the email address or the database ID).",
    )
    campaign = models.ForeignKey(
        "campaign.CampaignPage",
        on_delete=models.CASCADE,
        related_name="organisation_applications",
        help_text="The campaign whose coalition the organisation asks to join.",
    )
    locale = models.CharField(
        max_length=10,
        help_text="The language of the form, in which the contact person gets their emails.",
    )
    name = models.CharField(max_length=200, help_text="The organisation's name as it writes it.")
    website = models.URLField(
        max_length=500, blank=True, default="", help_text="The organisation's website, if any."
    )
    country = CountryField(
        blank=True,
        default="",
        help_text="Where the organisation is based; empty for an international organisation.",
    )
    international = models.BooleanField(
        default=False, help_text="Whether the organisation works internationally (no country)."
    )
    description = models.TextField(
        max_length=2000, help_text="What the organisation does, in its own words."
    )
    role = models.CharField(
        max_length=20,
        choices=OrganisationRole.choices,
        default=OrganisationRole.PARTNER,
        help_text="The role in the coalition the organisation asks for.",
    )
    logo = models.ImageField(
        storage=private_storage,
        upload_to=logo_upload_to,
        blank=True,
        default="",
        help_text="The logo as uploaded, in private storage; on acceptance it becomes an image "
        "of the image library and this file is deleted.",
    )
    contact_name = models.CharField(
        max_length=100, help_text="The contact person at the organisation."
    )
    contact_email = models.EmailField(
        help_text="The contact person's email address, normalised (trimmed, lower case)."
    )
    message = models.TextField(
        max_length=2000, blank=True, default="", help_text="The applicant's message, if any."
    )
    status = models.CharField(
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
        help_text="Pending until a moderator accepts it, rejects it or asks for more.",
    )
    moderator_message = models.TextField(
        blank=True,
        default="",
        help_text="What the moderator last wrote to the applicant: the reason for a rejection, "
        "or the information asked for.",
    )
    page = models.ForeignKey(
        "campaign.OrganisationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The draft organisation page made when the application was accepted.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the application came.")
    status_changed_at = models.DateTimeField(
        auto_now_add=True,
        help_text="When the application last changed state (or was completed); retention "
        "counts from here.",
    )

    class Meta:
        verbose_name = "organisation application"
        indexes = [models.Index(fields=["status", "status_changed_at"])]

    def __str__(self) -> str:
        # No name: the string form ends up in admin messages, logs and the admin's history,
        # which would keep it after an erasure.
        return f"Application {self.pk}"
