"""The demo's translations: the campaign home and the story post in German and French.

Written for the demo, short on purpose. Quotes stay in the language they were spoken in, and
links to pages that exist only in English say so.
"""

from typing import Any

from django.utils.html import escape
from wagtail.models import Page

from campaign.demo.content import (
    call_to_action,
    countries_in_words,
    heading,
    page_link,
    paragraph,
    quote,
    thousands,
)
from campaign.demo.facts import event, mep

LANGUAGES = ("de", "fr")

# Locale -> the campaign home's tagline, intro and calls to action. The pages the calls to action
# point to are only in English, which the text says.
CAMPAIGN_TRANSLATIONS: dict[str, dict[str, Any]] = {
    "de": {
        "tagline": "Biometrische Massenüberwachung im KI-Gesetz der EU verbieten",
        "intro": "<p>Reclaim Your Face ist ein Bündnis zivilgesellschaftlicher Organisationen "
        "aus ganz Europa. Wir fordern, dass das KI-Gesetz der EU biometrische "
        "Massenüberwachung verbietet.</p>"
        "<p>Hinter unserer Europäischen Bürgerinitiative standen bei unserer letzten Zählung "
        "{signatures} Menschen. Eine Bürgerinitiative braucht eine Million Unterschriften, "
        "bevor die Europäische Kommission antworten muss.</p>",
        "thousands_separator": ".",
        "calls_to_action": [
            ("Unsere Forderungen", "Fünf Änderungen am KI-Gesetz (auf Englisch).", "Lesen"),
            ("Mitmachen", "So können Sie helfen (auf Englisch).", "Mitmachen"),
        ],
    },
    "fr": {
        "tagline": "Interdire la surveillance biométrique de masse dans le règlement européen "
        "sur l'IA",
        "intro": "<p>Reclaim Your Face est une coalition d'organisations de la société civile de "
        "toute l'Europe. Nous demandons que le règlement européen sur l'intelligence "
        "artificielle interdise la surveillance biométrique de masse.</p>"
        "<p>Lors de notre dernier décompte, {signatures} personnes soutenaient notre initiative "
        "citoyenne européenne. Une initiative citoyenne doit réunir un million de signatures "
        "avant que la Commission européenne soit tenue d'y répondre.</p>",
        "thousands_separator": "\u00a0",
        "calls_to_action": [
            ("Nos revendications", "Cinq changements au règlement sur l'IA (en anglais).", "Lire"),
            ("Agir", "Comment vous pouvez aider (en anglais).", "Agir"),
        ],
    },
}


def campaign_translation(
    *, facts: dict, language: str, demands_index: Page, get_involved: Page
) -> dict[str, Any]:
    """The translated fields of the campaign home in ``language``."""
    text = CAMPAIGN_TRANSLATIONS[language]
    signatures = thousands(facts["campaign"]["eci_signatures"]).replace(
        ",", text["thousands_separator"]
    )
    targets = [demands_index, get_involved]
    return {
        "tagline": text["tagline"],
        "intro": text["intro"].format(signatures=signatures),
        "calls_to_action": [
            call_to_action(title=title, text=blurb, button_label=label, page=target)
            for (title, blurb, label), target in zip(text["calls_to_action"], targets, strict=True)
        ],
        "body": [],
    }


def story_post_translation(*, facts: dict, language: str, open_letter: Page) -> dict[str, Any]:
    """The translated fields of the story post in ``language``; the quote stays in English."""
    commitment = event(facts, "commitment")
    speaker = mep(facts, commitment["quote_by"])
    count = facts["campaign"]["open_letter_signatory_count"]
    letter = {"de": "offenen Brief", "fr": "lettre ouverte"}[language]
    where = countries_in_words(event(facts, "meeting")["countries"], language)
    texts = {
        "de": {
            "title": "Bündnis trifft Europaabgeordnete – federführender Abgeordneter kündigt "
            "Änderungsanträge an",
            "summary": f"Mitgliedsorganisationen aus {where} trafen Europaabgeordnete, {count} "
            f"Organisationen unterzeichneten unseren offenen Brief, und {speaker['name']} "
            "kündigte Änderungsanträge für ein umfassenderes Verbot an.",
            "paragraphs": [
                f"<p>Mitgliedsorganisationen aus {escape(where)} trafen Abgeordnete des "
                "Europäischen Parlaments, die am KI-Gesetz arbeiten.</p>",
                f"<p>{count} Organisationen unterzeichneten unseren "
                f"{page_link(open_letter, letter)} (auf Englisch). Er fordert, jede biometrische "
                "Fernidentifizierung in öffentlich zugänglichen Räumen zu verbieten.</p>",
                f"<p>{escape(speaker['name'])} ({escape(speaker['group_short'])}), einer der "
                "federführenden Abgeordneten für das KI-Gesetz, kündigte Änderungsanträge für "
                "ein umfassenderes Verbot der biometrischen Fernidentifizierung an. Über diese "
                "Technik sagte er (auf Englisch):</p>",
            ],
            "speaker_role": f"Federführender Abgeordneter für das KI-Gesetz, {speaker['group']}",
            "demands_heading": "Unsere Forderungen",
            "demands": "<ul><li>Das Verbot muss auch private Akteure erfassen.</li>"
            "<li>Biometrische Fernidentifizierung verbieten, ob in Echtzeit oder im "
            "Nachhinein.</li><li>Keine Ausnahmen.</li>"
            "<li>Diskriminierende oder manipulierende biometrische Kategorisierung stoppen.</li>"
            "<li>Die Risiken der Emotionserkennung ernst nehmen.</li></ul>",
        },
        "fr": {
            "title": "La coalition rencontre des eurodéputés, un chef de file annonce des "
            "amendements",
            "summary": f"Des organisations membres de la coalition ({where}) ont rencontré des "
            f"eurodéputés, {count} organisations ont signé notre "
            f"lettre ouverte, et {speaker['name']} a annoncé des amendements pour une "
            "interdiction plus large.",
            "paragraphs": [
                f"<p>Des organisations membres de la coalition ({escape(where)}) ont rencontré "
                "des membres du Parlement européen qui travaillent sur le règlement "
                "sur l'IA.</p>",
                f"<p>{count} organisations ont signé notre {page_link(open_letter, letter)} (en "
                "anglais). Elle demande d'interdire toute identification biométrique à distance "
                "dans les espaces accessibles au public.</p>",
                f"<p>{escape(speaker['name'])} ({escape(speaker['group_short'])}), l'un des "
                "eurodéputés chefs de file sur le règlement, a annoncé des amendements pour une "
                "interdiction plus complète de l'identification biométrique à distance. À ce "
                "sujet, il a déclaré (en anglais) :</p>",
            ],
            "speaker_role": f"Chef de file sur le règlement sur l'IA, {speaker['group']}",
            "demands_heading": "Nos revendications",
            "demands": "<ul><li>L'interdiction doit aussi viser les acteurs privés.</li>"
            "<li>Interdire l'identification biométrique à distance, en temps réel comme a "
            "posteriori.</li><li>Aucune exception.</li>"
            "<li>Mettre fin à la catégorisation biométrique discriminatoire ou "
            "manipulatrice.</li><li>Prendre au sérieux les risques de la reconnaissance des "
            "émotions.</li></ul>",
        },
    }[language]
    first, second, third = texts["paragraphs"]
    return {
        "title": texts["title"],
        "summary": texts["summary"],
        "body": [
            paragraph(first),
            paragraph(second),
            paragraph(third),
            quote(
                text=commitment["quote"],
                speaker=commitment["quote_by"],
                speaker_role=texts["speaker_role"],
            ),
            heading(texts["demands_heading"]),
            paragraph(texts["demands"]),
        ],
    }
