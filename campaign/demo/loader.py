"""Build the demo campaign from the facts file, the way an editor would in the admin.

Every page is created through the tree, saved as a revision and published, so the admin shows a
normal history and the search index is updated by the usual signals. Running the loader again
finds each page by its slug under its parent and only adds what is missing: pages editors changed
stay as they are. With ``reset`` the demo pages are restored to the demo content.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from campaign.choices import CampaignStatus, OrganisationRole, SupporterKind
from campaign.demo import content, translations
from campaign.demo.pages import Outcome, page_ensure, page_translation_ensure
from campaign.demo.placeholders import placeholder_collection_ensure, placeholder_image_ensure
from campaign.demo.progress import Progress
from campaign.models import (
    CampaignPage,
    CampaignPostPage,
    DemandIndexPage,
    DemandPage,
    OpenLetterPage,
    OrganisationIndexPage,
    OrganisationPage,
    PoliticalGroup,
    PostIndexPage,
    SignatureCount,
    StandardPage,
    SupporterIndexPage,
    SupporterPage,
)

CAMPAIGN_SLUG = "reclaim-your-face"
WELCOME_PAGE_TITLE = "Welcome to your new Wagtail site!"
INDEX_MODELS = {
    "news": PostIndexPage,
    "demands": DemandIndexPage,
    "coalition": OrganisationIndexPage,
    "supporters": SupporterIndexPage,
}


@dataclass
class DemoCampaign:
    """The pages the loader built, for callers that add to them (the synthetic content)."""

    campaign: CampaignPage
    indexes: dict[str, Page]
    demands: list[DemandPage] = field(default_factory=list)
    posts: list[CampaignPostPage] = field(default_factory=list)


@transaction.atomic
def demo_campaign_load(*, facts: dict, progress: Progress, reset: bool = False) -> DemoCampaign:
    """Add what is missing of the demo campaign; with ``reset``, also restore the demo content
    of existing demo pages. A second run changes nothing."""
    today = timezone.localdate()
    with progress.section("Locales and site", 1) as section:
        locales = locales_ensure()
        campaign, outcome = page_ensure(
            parent=Page.get_first_root_node(),
            model=CampaignPage,
            slug=CAMPAIGN_SLUG,
            fields=_campaign_fields(facts),
            overwrite=reset,
        )
        # The home page's links to its children can only be set once they exist (below).
        campaign_is_new = outcome == Outcome.CREATED
        site_root_set(page=campaign, site_name=facts["campaign"]["name"])
        _signature_count_ensure(facts=facts, campaign=campaign)
        section.step(outcome)

    with progress.section("Index pages", len(INDEX_MODELS)) as section:
        indexes = {}
        for slug, (title, intro) in content.index_pages(facts).items():
            indexes[slug], outcome = page_ensure(
                parent=campaign,
                model=INDEX_MODELS[slug],
                slug=slug,
                fields={"title": title, "intro": intro},
                overwrite=reset,
            )
            section.step(outcome)
    demo = DemoCampaign(campaign=campaign, indexes=indexes)

    with progress.section("Demands", len(facts["demands"])) as section:
        for demand in facts["demands"]:
            page, outcome = _demand_ensure(
                facts=facts, demand=demand, parent=indexes["demands"], overwrite=reset
            )
            demo.demands.append(page)
            section.step(outcome)

    collection = placeholder_collection_ensure()
    lead = facts["organisations"]["lead"]
    partners = facts["organisations"]["campaign_partners"]
    leads = []
    with progress.section("Organisations", len(lead) + len(partners)) as section:
        for role, organisations in (
            (OrganisationRole.LEAD, lead),
            (OrganisationRole.PARTNER, partners),
        ):
            for organisation in organisations:
                page, outcome = _organisation_ensure(
                    facts=facts,
                    organisation=organisation,
                    role=role,
                    parent=indexes["coalition"],
                    collection=collection,
                    overwrite=reset,
                )
                if role == OrganisationRole.LEAD:
                    leads.append(page)
                section.step(outcome)

    meps = [mep for mep in facts["meps"] if mep["public_supporter"]]
    parties = facts["supporting_parties"]
    with progress.section("Supporters", len(meps) + len(parties)) as section:
        groups = political_groups_ensure(meps=facts["meps"], reset=reset)
        for mep in meps:
            section.step(
                _supporter_ensure(
                    name=mep["name"],
                    parent=indexes["supporters"],
                    collection=collection,
                    fields={
                        "kind": SupporterKind.MEP,
                        "country": mep["country"] or "",
                        "political_group": groups[mep["group_short"]],
                    },
                    overwrite=reset,
                )
            )
        for party in parties:
            section.step(
                _supporter_ensure(
                    name=party["name"],
                    parent=indexes["supporters"],
                    collection=collection,
                    fields={"kind": SupporterKind.POLITICAL_PARTY, "country": party["country"]},
                    overwrite=reset,
                )
            )

    with progress.section("Open letter and pages", 3) as section:
        open_letter, outcome = page_ensure(
            parent=campaign,
            model=OpenLetterPage,
            slug="open-letter",
            fields={
                "title": content.OPEN_LETTER_TITLE,
                "addressees": content.OPEN_LETTER_ADDRESSEES,
                "text": content.open_letter_text(facts),
                "reported_signatory_count": facts["campaign"]["open_letter_signatory_count"],
            },
            # The facts give no date, so the letter has none.
            # The signatories are not known, so the letter lists none.
            links={"signatories": ("organisation", [])},
            overwrite=reset,
        )
        section.step(outcome)
        get_involved, outcome = page_ensure(
            parent=campaign,
            model=StandardPage,
            slug="get-involved",
            fields={
                "title": content.GET_INVOLVED_TITLE,
                "intro": content.GET_INVOLVED_INTRO,
                "body": content.get_involved_body(
                    open_letter=open_letter,
                    demands_index=indexes["demands"],
                    coalition_index=indexes["coalition"],
                    news_index=indexes["news"],
                ),
            },
            overwrite=reset,
        )
        section.step(outcome)
        campaign, outcome = page_ensure(
            parent=Page.get_first_root_node(),
            model=CampaignPage,
            slug=CAMPAIGN_SLUG,
            fields={
                **_campaign_fields(facts),
                "calls_to_action": content.campaign_calls_to_action(
                    demands_index=indexes["demands"],
                    open_letter=open_letter,
                    get_involved=get_involved,
                ),
                "body": content.CAMPAIGN_BODY,
            },
            overwrite=reset or campaign_is_new,
        )
        demo.campaign = campaign
        section.step(outcome)

    posts = [
        (
            content.story_post(
                facts=facts,
                demands=demo.demands,
                open_letter=open_letter,
                get_involved=get_involved,
            ),
            {"related_demands": ("demand", demo.demands)},
        ),
        (
            content.publication_post(
                facts=facts, demands=demo.demands, demands_index=indexes["demands"]
            ),
            {"related_demands": ("demand", demo.demands)},
        ),
        (content.eci_post(facts=facts, get_involved=get_involved), {}),
        (
            content.coalition_post(facts=facts, coalition_index=indexes["coalition"]),
            {"related_organisations": ("organisation", leads)},
        ),
    ]
    with progress.section("Posts", len(posts)) as section:
        for post, links in posts:
            page, outcome = page_ensure(
                parent=indexes["news"],
                model=CampaignPostPage,
                slug=post["slug"],
                fields={
                    **{key: post[key] for key in ("title", "summary", "body")},
                    "hero_image": placeholder_image_ensure(
                        name=post["title"], kind="hero", collection=collection
                    ),
                },
                create_only={"publication_date": today},
                tags=post["tags"],
                links=links,
                overwrite=reset,
            )
            demo.posts.append(page)
            section.step(outcome)

    with progress.section("Translations", 2 * len(translations.LANGUAGES)) as section:
        for language in translations.LANGUAGES:
            _page, outcome = page_translation_ensure(
                source=campaign,
                locale=locales[language],
                fields=translations.campaign_translation(
                    facts=facts,
                    language=language,
                    demands_index=indexes["demands"],
                    get_involved=get_involved,
                ),
                overwrite=reset,
            )
            section.step(outcome)
            _page, outcome = page_translation_ensure(
                source=demo.posts[0],
                locale=locales[language],
                fields=translations.story_post_translation(
                    facts=facts, language=language, open_letter=open_letter
                ),
                overwrite=reset,
            )
            section.step(outcome)
    return demo


def locales_ensure() -> dict[str, Locale]:
    """A Locale for every content language in the settings, by language code."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


def site_root_set(*, page: Page, site_name: str) -> Site:
    """Make ``page`` the default site's root, and delete Wagtail's untouched welcome page.

    The welcome page goes only while nobody has edited it: no revisions, no children, the
    title from Wagtail's first migration, and no site uses it.
    """
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    if site.root_page_id != page.pk or not site.site_name:
        site.root_page = page
        site.site_name = site.site_name or site_name
        site.save()
    for candidate in Page.objects.child_of(Page.get_first_root_node()).filter(
        title=WELCOME_PAGE_TITLE,
        content_type__app_label="wagtailcore",
        content_type__model="page",
        numchild=0,
        latest_revision__isnull=True,
        sites_rooted_here__isnull=True,
    ):
        candidate.delete()
    return site


def political_groups_ensure(*, meps: list[dict], reset: bool = False) -> dict[str, PoliticalGroup]:
    """The political groups of ``meps``, by short name: missing ones are created, and with
    ``reset`` renamed ones get the demo's name back."""
    groups = {}
    for mep in meps:
        short_name, name = mep["group_short"], mep["group"]
        if short_name in groups:
            continue
        group = PoliticalGroup.objects.filter(short_name=short_name).first()
        if group is None:
            group = PoliticalGroup.objects.create(short_name=short_name, name=name)
        elif reset and group.name != name:
            group.name = name
            group.save(update_fields=["name"])
        groups[short_name] = group
    return groups


def _campaign_fields(facts: dict) -> dict:
    return {
        "title": facts["campaign"]["name"],
        "tagline": content.CAMPAIGN_TAGLINE,
        "intro": content.campaign_intro(facts),
        "status": CampaignStatus.ACTIVE,
        "signature_goal": content.ECI_SIGNATURES_REQUIRED,
        "hero_image": placeholder_image_ensure(
            name=facts["campaign"]["name"], kind="hero", collection=placeholder_collection_ensure()
        ),
    }


def _signature_count_ensure(*, facts: dict, campaign: CampaignPage) -> None:
    """The counter's first reading, from the facts; readings recorded since are left alone."""
    if SignatureCount.objects.filter(campaign__translation_key=campaign.translation_key).exists():
        return
    # Unknown in the facts, so left empty: the as-of date, the source and the breakdown.
    SignatureCount.objects.create(
        campaign=campaign, count=facts["campaign"]["eci_signatures"], as_of=None
    )


def _demand_ensure(
    *, facts: dict, demand: dict, parent: Page, overwrite: bool
) -> tuple[DemandPage, Outcome]:
    number = demand["number"]
    title, summary, _paragraphs = content.DEMAND_TEXTS[number]
    status, note = content.demand_progress(facts, number)
    return page_ensure(
        parent=parent,
        model=DemandPage,
        slug=slugify(demand["short"]),
        fields={
            "title": title,
            "number": number,
            "short_title": demand["short"],
            "summary": summary,
            "body": content.demand_body(number),
            "progress_status": status,
            "progress_note": note,
        },
        overwrite=overwrite,
    )


def _organisation_ensure(
    *, facts: dict, organisation: dict, role: str, parent: Page, collection, overwrite: bool
) -> tuple[OrganisationPage, Outcome]:
    name = organisation["name"]
    return page_ensure(
        parent=parent,
        model=OrganisationPage,
        slug=slugify(name),
        fields={
            "title": name,
            "role": role,
            "scope": organisation.get("scope") or "",
            "country": organisation["country"] or "",
            "logo": placeholder_image_ensure(name=name, kind="logo", collection=collection),
            "description": content.organisation_description(
                organisation=organisation, role=role, facts=facts
            ),
        },
        overwrite=overwrite,
    )


def _supporter_ensure(
    *, name: str, parent: Page, collection, fields: dict, overwrite: bool
) -> Outcome:
    kind = "portrait" if fields["kind"] == SupporterKind.MEP else "logo"
    _page, outcome = page_ensure(
        parent=parent,
        model=SupporterPage,
        slug=slugify(name),
        fields={
            "title": name,
            "image": placeholder_image_ensure(name=name, kind=kind, collection=collection),
            **fields,
        },
        overwrite=overwrite,
    )
    return outcome
