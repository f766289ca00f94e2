"""What the demo says: the prose written for it and the StreamField blocks that carry it.

Facts (names, counts, countries, the quote) come from the facts file; everything else here is
our own writing. Where the facts leave something unknown, the text does not fill it in: no dates,
no websites, no statements, no list of signatories, no names of outlets.

Functions take the facts and the pages a text links to, and return plain values (StreamField
content in its JSON form), so the loader only decides where things go.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import translation
from django.utils.html import escape
from django_countries import countries
from wagtail.models import Page

from campaign.choices import DemandProgress, HeadingLevel, OrganisationRole, OrganisationScope
from campaign.demo.facts import event, mep

Block = dict[str, Any]

# --- Block builders ----------------------------------------------------------------------


def heading(text: str, level: str = HeadingLevel.H2) -> Block:
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html: str) -> Block:
    return {"type": "paragraph", "value": html}


def quote(*, text: str, speaker: str, speaker_role: str = "") -> Block:
    return {
        "type": "quote",
        "value": {"text": text, "speaker": speaker, "speaker_role": speaker_role},
    }


def demand_list(*, heading: str = "", demands: Iterable[Page] = ()) -> Block:
    return {
        "type": "demand_list",
        "value": {"heading": heading, "demands": [demand.pk for demand in demands]},
    }


def organisation_wall(*, heading: str = "", role: str = "") -> Block:
    return {
        "type": "organisation_wall",
        "value": {"heading": heading, "organisations": [], "role": role, "country": ""},
    }


def key_figure(*, number: int, label: str) -> Block:
    return {"type": "key_figure", "value": {"number": number, "label": label}}


def call_to_action(*, title: str, text: str, button_label: str, page: Page) -> Block:
    return {
        "type": "call_to_action",
        "value": {"title": title, "text": text, "button_label": button_label, "page": page.pk},
    }


def page_link(page: Page, text: str) -> str:
    """A rich text link to ``page`` that Wagtail keeps up to date when the page moves."""
    return f'<a linktype="page" id="{page.pk}">{escape(text)}</a>'


def thousands(number: int) -> str:
    return f"{number:,}"


# --- The campaign home -------------------------------------------------------------------

# General knowledge, not campaign data: an ECI needs a million signatures for the Commission to
# have to answer it (Regulation (EU) 2019/788).
ECI_SIGNATURES_REQUIRED = 1_000_000

CAMPAIGN_TAGLINE = "Ban biometric mass surveillance in the EU's Artificial Intelligence Act"


def campaign_intro(facts: dict) -> str:
    signatures = thousands(facts["campaign"]["eci_signatures"])
    return (
        "<p>Reclaim Your Face is a coalition of civil-society organisations from across Europe. "
        "We want the EU's Artificial Intelligence Act to ban biometric mass surveillance: the use "
        "of our faces and bodies to identify and track us in public spaces.</p>"
        "<p>Alongside the coalition runs a European Citizens' Initiative (ECI). When we last "
        f"counted, {signatures} people stood behind it. By law, an ECI needs one million "
        "signatures before the European Commission has to respond, so that is the goal on our "
        "counter.</p>"
    )


def campaign_calls_to_action(*, demands_index: Page, open_letter: Page, get_involved: Page):
    return [
        call_to_action(
            title="Read our demands",
            text="Five changes that would make the AI Act a real ban on biometric mass "
            "surveillance.",
            button_label="See the demands",
            page=demands_index,
        ),
        call_to_action(
            title="Read the open letter",
            text="Organisations asked MEPs to prohibit all remote biometric identification in "
            "publicly accessible spaces.",
            button_label="Read the letter",
            page=open_letter,
        ),
        call_to_action(
            title="Get involved",
            text="Find out how you can help end biometric mass surveillance.",
            button_label="Get involved",
            page=get_involved,
        ),
    ]


CAMPAIGN_BODY = [
    demand_list(heading="Our demands"),
    organisation_wall(heading="Led by", role=OrganisationRole.LEAD),
]


# --- Index pages -------------------------------------------------------------------------


def index_pages(facts: dict) -> dict[str, tuple[str, str]]:
    """Slug -> (title, intro) for the four index pages, in the order they appear."""
    organisations = facts["organisations"]
    return {
        "news": (
            "News",
            "<p>Updates from the coalition as the AI Act moves through the EU's law-making "
            "process.</p>",
        ),
        "demands": (
            "Our demands",
            "<p>Five changes the AI Act needs so that it truly ends biometric mass "
            "surveillance.</p>",
        ),
        "coalition": (
            "Coalition",
            f"<p>The {len(organisations['lead'])} organisations that lead the campaign and the "
            f"{len(organisations['campaign_partners'])} campaign partners that support it.</p>",
        ),
        "supporters": (
            "Supporters",
            "<p>Members of the European Parliament and political parties who publicly back the "
            "campaign.</p>",
        ),
    }


# --- Demands -----------------------------------------------------------------------------

# Number -> (title, summary, body paragraphs). The summaries restate the facts file's "fact".
DEMAND_TEXTS: dict[int, tuple[str, str, Sequence[str]]] = {
    1: (
        "The ban must bind private actors as well as public authorities",
        "The prohibition has to apply to companies and other private actors, not only to "
        "public authorities.",
        [
            "Biometric surveillance is not only something the state does. Private operators can "
            "use the same technology on the people who pass through the spaces they run.",
            "A ban that stops at the public sector would leave those uses untouched, so the "
            "prohibition must cover everyone who deploys these systems.",
        ],
    ),
    2: (
        "Ban remote biometric identification, live or after the fact",
        "Every use of remote biometric identification in publicly accessible spaces must be "
        "prohibited, whether it identifies people live or later, from recorded footage.",
        [
            "Identifying people from footage hours or days later is no less intrusive than doing "
            "it live. Both let people be tracked in places they have every right to be.",
            "The prohibition must therefore cover real-time and retrospective (post) remote "
            "biometric identification alike.",
        ],
    ),
    3: (
        "Delete the exceptions to the ban",
        "The exceptions to the prohibition must go: independent human-rights assessments found "
        "that they fall short of EU fundamental-rights standards.",
        [
            "Every exception needs the very infrastructure the ban is meant to prevent. Once it "
            "is in place, the exception decides how it is used.",
            "Independent human-rights assessments found that the exceptions do not meet the "
            "EU's own fundamental-rights standards. They should be deleted.",
        ],
    ),
    4: (
        "Stop biometric categorisation that discriminates or manipulates",
        "Using data about people's bodies to sort them into groups in ways that discriminate "
        "against them or manipulate them must be stopped.",
        [
            "Biometric categorisation assigns people to groups based on data about their bodies. "
            "When that sorting discriminates against people or is used to manipulate them, the "
            "law has to stop it.",
        ],
    ),
    5: (
        "Take the risks of emotion recognition seriously",
        "The AI Act must properly address the risks of systems that claim to read people's "
        "emotions.",
        [
            "Emotion recognition systems claim to infer how people feel from their faces, voices "
            "or bodies. The AI Act has to deal properly with the risks these systems bring.",
        ],
    ),
}


def demand_progress(facts: dict, number: int) -> tuple[str, str]:
    """(progress status, note) for a demand, from the events in the facts.

    Only demand 2 has an event behind it: a co-lead MEP announced amendments for a wider ban on
    remote biometric identification. An announcement is not a tabled amendment, so the status
    says "in negotiation"; the others stay "not yet addressed".
    """
    if number != 2:
        return DemandProgress.NOT_ADDRESSED, ""
    commitment = event(facts, "commitment")
    return DemandProgress.IN_NEGOTIATION, commitment["fact"]


def demand_body(number: int) -> list[Block]:
    _title, _summary, paragraphs = DEMAND_TEXTS[number]
    return [
        heading("Why it matters"),
        *(paragraph(f"<p>{escape(text)}</p>") for text in paragraphs),
    ]


# --- Organisations and supporters --------------------------------------------------------


def country_name(code: str | None) -> str:
    return countries.name(code) if code else ""


# Country names that take "the" in an English sentence ("based in the Netherlands").
_WITH_ARTICLE = {"GB", "NL", "US"}


def country_in_sentence(code: str | None) -> str:
    name = country_name(code)
    return f"the {name}" if code in _WITH_ARTICLE else name


def organisation_description(*, organisation: dict, role: str, facts: dict) -> str:
    """A description made only of what the facts say: role, scope and country."""
    name = organisation["name"]
    where = country_in_sentence(organisation.get("country"))
    scope = organisation.get("scope")
    if role == OrganisationRole.LEAD:
        lead_count = len(facts["organisations"]["lead"])
        first = f"{name} is one of the {lead_count} lead organisations of Reclaim Your Face."
        if scope == OrganisationScope.NATIONAL:
            return f"{first} It works at national level in {where}."
        if where:
            return f"{first} It works internationally and is based in {where}."
        return f"{first} It works internationally."
    first = f"{name} supports Reclaim Your Face as a campaign partner."
    return f"{first} It is based in {where}." if where else first


# --- The open letter ---------------------------------------------------------------------

OPEN_LETTER_TITLE = "Open letter: protect fundamental rights in the AI Act"
OPEN_LETTER_ADDRESSEES = "Members of the European Parliament"


def open_letter_text(facts: dict) -> str:
    count = facts["campaign"]["open_letter_signatory_count"]
    return (
        "<p>Dear Members of the European Parliament,</p>"
        "<p>The Artificial Intelligence Act will decide whether people in the EU can move "
        "through public spaces without being identified by their faces and bodies. We ask you "
        "to use it to protect fundamental rights.</p>"
        "<p>Please prohibit all remote biometric identification (RBI) in publicly accessible "
        "spaces.</p>"
        f"<p>Signed by {count} organisations.</p>"
        "<p><i>Demo content: this is the letter's request in our own words, not its original "
        "wording. The signatories are not listed, and no date is given, because the demo's "
        "sources do not name them.</i></p>"
    )


# --- Get involved ------------------------------------------------------------------------

GET_INVOLVED_TITLE = "Get involved"
GET_INVOLVED_INTRO = (
    "<p>There are several ways to help end biometric mass surveillance in the EU.</p>"
)


def get_involved_body(
    *, open_letter: Page, demands_index: Page, coalition_index: Page, news_index: Page
):
    return [
        heading("Tell your MEPs what you think"),
        paragraph(
            "<p>Members of the European Parliament are shaping the AI Act. Read our "
            f"{page_link(open_letter, 'open letter')} and our "
            f"{page_link(demands_index, 'five demands')}, and ask your MEPs where they "
            "stand.</p>"
        ),
        call_to_action(
            title="Read the open letter",
            text="What the coalition asked of MEPs.",
            button_label="Read the letter",
            page=open_letter,
        ),
        heading("Join an organisation near you"),
        paragraph(
            "<p>The coalition brings together organisations from many European countries. Find "
            "one that works where you live and support its work.</p>"
        ),
        call_to_action(
            title="Meet the coalition",
            text="Lead organisations and campaign partners, by country.",
            button_label="See the coalition",
            page=coalition_index,
        ),
        heading("Spread the word"),
        paragraph(
            "<p>Share our news with friends and colleagues. Each post shows the licence under "
            "which you may republish it.</p>"
        ),
        call_to_action(
            title="Read the latest news",
            text="What happened recently, and what comes next.",
            button_label="Read the news",
            page=news_index,
        ),
    ]


# --- Posts -------------------------------------------------------------------------------


def _with_group(facts: dict, name: str) -> str:
    return f"{name} ({mep(facts, name)['group_short']})"


def _in_words(items: Sequence[str], conjunction: str = "and") -> str:
    """'a, b and c'."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def countries_in_words(codes: Sequence[str], language: str = "en") -> str:
    conjunction = {"en": "and", "de": "und", "fr": "et"}[language]
    with translation.override(language):
        return _in_words([str(country_name(code)) for code in codes], conjunction)


def story_post(
    *, facts: dict, demands: Sequence[Page], open_letter: Page, get_involved: Page
) -> dict[str, Any]:
    """The post that tells the story in the events: meeting, open letter, commitment."""
    meeting = event(facts, "meeting")
    commitment = event(facts, "commitment")
    speaker = mep(facts, commitment["quote_by"])
    co_leads = [mep["name"] for mep in facts["meps"] if "co-lead" in mep["role_in_story"]]
    others_met = [name for name in meeting["meps_met"] if name not in co_leads]
    where = countries_in_words(meeting["countries"])
    signatories = facts["campaign"]["open_letter_signatory_count"]
    met = "the co-lead MEPs " + " and ".join(_with_group(facts, name) for name in co_leads)
    if others_met:
        met += ", as well as " + _in_words([_with_group(facts, name) for name in others_met])
    return {
        "slug": "coalition-meets-meps-on-the-ai-act",
        "title": "Coalition meets MEPs, and an AI Act co-lead promises amendments",
        "summary": f"Member organisations from {where} met MEPs working on the AI Act, "
        f"{signatories} organisations signed our open letter, and co-lead MEP "
        f"{speaker['name']} said he would table amendments for a wider ban.",
        "tags": ["AI Act", "European Parliament", "Open letter"],
        "body": [
            paragraph(
                "<p>Members of the European Parliament are shaping the Parliament's position on "
                "the AI Act. The coalition took its case for a full ban on biometric mass "
                "surveillance straight to them.</p>"
            ),
            heading("Meeting the MEPs working on the AI Act"),
            paragraph(
                f"<p>Member organisations from {escape(where)} met MEPs working on the AI Act: "
                f"{escape(met)}.</p>"
            ),
            heading(f"{signatories} organisations sign our open letter"),
            paragraph(
                f"<p>{signatories} organisations signed our {page_link(open_letter, 'open letter')}"
                " to MEPs. It asks them to protect fundamental rights in the AI Act by "
                "prohibiting all remote biometric identification (RBI) in publicly accessible "
                "spaces.</p>"
            ),
            heading("A co-lead MEP commits to amendments"),
            paragraph(
                f"<p>{escape(speaker['name'])} ({escape(speaker['group_short'])}), one of the "
                "Parliament's co-lead MEPs on the AI Act, announced that he would table "
                "amendments for a more comprehensive ban on remote biometric identification in "
                f"publicly accessible spaces. Speaking about {escape(commitment['quote_about'])}"
                ", he described it as:</p>"
            ),
            quote(
                text=commitment["quote"],
                speaker=commitment["quote_by"],
                speaker_role=f"Co-lead MEP on the AI Act, {speaker['group']}",
            ),
            paragraph(
                "<p>An announcement is a first step, not yet a ban. We will follow the amendments "
                "and keep pressing for all five of our demands.</p>"
            ),
            demand_list(heading="What we are asking for", demands=demands),
            call_to_action(
                title="Help us keep up the pressure",
                text="There is a lot you can do, whichever country you live in.",
                button_label="Get involved",
                page=get_involved,
            ),
        ],
    }


def publication_post(*, facts: dict, demands: Sequence[Page], demands_index: Page):
    return {
        "slug": "our-demands-published",
        "title": "Our demands appear in EU policy outlets and in France",
        "summary": "Our five demands for the AI Act were published in several EU policy outlets "
        "and in France.",
        "tags": ["AI Act"],
        "body": [
            paragraph(
                "<p>Our demands for the AI Act reached new readers: they were "
                "published in several EU policy outlets and in France.</p>"
            ),
            paragraph(
                "<p>Each demand closes a gap through which biometric mass surveillance could "
                "carry on under the new law. Here they are in brief:</p>"
            ),
            demand_list(demands=demands),
            call_to_action(
                title="The full argument",
                text="Why each demand matters, and where it stands.",
                button_label="Read the demands",
                page=demands_index,
            ),
        ],
    }


def eci_post(*, facts: dict, get_involved: Page):
    signatures = facts["campaign"]["eci_signatures"]
    return {
        "slug": "people-behind-our-eci",
        "title": f"{thousands(signatures)} people stand behind our European Citizens' Initiative",
        "summary": f"{thousands(signatures)} people have joined the European Citizens' "
        "Initiative that runs alongside the campaign.",
        "tags": ["European Citizens' Initiative"],
        "body": [
            key_figure(number=signatures, label="people behind our European Citizens' Initiative"),
            paragraph(
                f"<p>{thousands(signatures)} people have joined the European Citizens' "
                "Initiative (ECI) that runs alongside Reclaim Your Face. Each of them asks the EU "
                "to end biometric mass surveillance.</p>"
            ),
            paragraph(
                "<p>An ECI lets citizens put a proposal on the European Commission's agenda. "
                "Under EU law it needs one million signatures, from at least seven member states, "
                "before the Commission has to respond. There is still a long way to go.</p>"
            ),
            call_to_action(
                title="Help the initiative grow",
                text="Tell the people around you why this matters.",
                button_label="Get involved",
                page=get_involved,
            ),
        ],
    }


def coalition_post(*, facts: dict, coalition_index: Page):
    organisations = facts["organisations"]
    return {
        "slug": "the-organisations-behind-reclaim-your-face",
        "title": "The organisations behind Reclaim Your Face",
        "summary": f"{len(organisations['lead'])} lead organisations and "
        f"{len(organisations['campaign_partners'])} campaign partners make up the coalition.",
        "tags": ["Coalition"],
        "body": [
            paragraph(
                f"<p>Reclaim Your Face is run by {len(organisations['lead'])} lead "
                f"organisations, joined by {len(organisations['campaign_partners'])} campaign "
                "partners. Some work in a single country, others internationally.</p>"
            ),
            organisation_wall(heading="Lead organisations", role=OrganisationRole.LEAD),
            organisation_wall(heading="Campaign partners", role=OrganisationRole.PARTNER),
            call_to_action(
                title="Meet the coalition",
                text="Every organisation, with its country.",
                button_label="See the coalition",
                page=coalition_index,
            ),
        ],
    }
