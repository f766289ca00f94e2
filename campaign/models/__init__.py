from campaign.models.counter import SignatureCount
from campaign.models.pages import (
    CampaignPage,
    CampaignPostDemand,
    CampaignPostOrganisation,
    CampaignPostPage,
    CampaignPostSupporter,
    CampaignPostTag,
    DemandIndexPage,
    DemandPage,
    OpenLetterPage,
    OpenLetterSignatory,
    OrganisationIndexPage,
    OrganisationPage,
    PostIndexPage,
    SignatureCountryCount,
    StandardPage,
    SupporterIndexPage,
    SupporterPage,
)
from campaign.models.preview import PagePreview
from campaign.models.settings import CampaignSiteSettings
from campaign.models.snippets import PoliticalGroup

__all__ = [
    "CampaignPage",
    "CampaignSiteSettings",
    "CampaignPostDemand",
    "CampaignPostOrganisation",
    "CampaignPostPage",
    "CampaignPostSupporter",
    "CampaignPostTag",
    "DemandIndexPage",
    "DemandPage",
    "OpenLetterPage",
    "OpenLetterSignatory",
    "OrganisationIndexPage",
    "OrganisationPage",
    "PagePreview",
    "PoliticalGroup",
    "PostIndexPage",
    "SignatureCount",
    "SignatureCountryCount",
    "StandardPage",
    "SupporterIndexPage",
    "SupporterPage",
]
