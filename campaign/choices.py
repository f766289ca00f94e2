"""The fixed vocabularies of the campaign domain, shared by models, blocks, admin and API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WON = "won", _("Won")
    CLOSED = "closed", _("Closed")


class DemandProgress(models.TextChoices):
    NOT_ADDRESSED = "not_addressed", _("Not yet addressed")
    IN_NEGOTIATION = "in_negotiation", _("In negotiation")
    AMENDMENT_TABLED = "amendment_tabled", _("Amendment tabled")
    PARTLY_WON = "partly_won", _("Partly won")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class OrganisationRole(models.TextChoices):
    LEAD = "lead", _("Lead organisation")
    PARTNER = "partner", _("Campaign partner")


class OrganisationScope(models.TextChoices):
    NATIONAL = "national", _("National")
    INTERNATIONAL = "international", _("International")


class SupporterKind(models.TextChoices):
    MEP = "mep", _("Member of the European Parliament")
    NATIONAL_POLITICIAN = "national_politician", _("National politician")
    POLITICAL_PARTY = "political_party", _("Political party")
    PUBLIC_FIGURE = "public_figure", _("Public figure")
    ORGANISATION = "organisation", _("Other organisation")


class Licence(models.TextChoices):
    ALL_RIGHTS_RESERVED = "all_rights_reserved", _("All rights reserved")
    CC_BY_4 = "cc_by_4", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA_4 = "cc_by_sa_4", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC0 = "cc0", _("Public domain dedication (CC0 1.0)")


class HeadingLevel(models.TextChoices):
    H2 = "h2", _("Section heading (H2)")
    H3 = "h3", _("Subheading (H3)")
    H4 = "h4", _("Minor heading (H4)")
