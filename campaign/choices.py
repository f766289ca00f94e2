"""The fixed vocabularies of the campaign domain, shared by models, blocks, admin and API."""

from django.db import models


class CampaignStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    WON = "won", "Won"
    CLOSED = "closed", "Closed"


class DemandProgress(models.TextChoices):
    NOT_ADDRESSED = "not_addressed", "Not yet addressed"
    IN_NEGOTIATION = "in_negotiation", "In negotiation"
    AMENDMENT_TABLED = "amendment_tabled", "Amendment tabled"
    PARTLY_WON = "partly_won", "Partly won"
    WON = "won", "Won"
    LOST = "lost", "Lost"


class OrganisationRole(models.TextChoices):
    LEAD = "lead", "Lead organisation"
    PARTNER = "partner", "Campaign partner"


class OrganisationScope(models.TextChoices):
    NATIONAL = "national", "National"
    INTERNATIONAL = "international", "International"


class SupporterKind(models.TextChoices):
    MEP = "mep", "Member of the European Parliament"
    NATIONAL_POLITICIAN = "national_politician", "National politician"
    POLITICAL_PARTY = "political_party", "Political party"
    PUBLIC_FIGURE = "public_figure", "Public figure"
    ORGANISATION = "organisation", "Other organisation"


class Licence(models.TextChoices):
    ALL_RIGHTS_RESERVED = "all_rights_reserved", "All rights reserved"
    CC_BY_4 = "cc_by_4", "Creative Commons Attribution 4.0 (CC BY 4.0)"
    CC_BY_SA_4 = "cc_by_sa_4", "Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"
    CC0 = "cc0", "Public domain dedication (CC0 1.0)"


class HeadingLevel(models.TextChoices):
    H2 = "h2", "Section heading (H2)"
    H3 = "h3", "Subheading (H3)"
    H4 = "h4", "Minor heading (H4)"
