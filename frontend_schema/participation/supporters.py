"""What the API offers for participation: supporters sign up, confirm, and manage their data;
people send contact messages; public forms fetch their ALTCHA challenge.

Mirrors the ``participation`` app: resolvers translate GraphQL input into calls of
``participation.services`` and ``participation.selectors`` and hold no rules of their own.

Every mutation answers with a union of typed results rather than GraphQL errors, so that a front
end can show a field's error next to the field: ``InvalidInput`` (field errors, in the language
of the input's ``locale``), ``InvalidToken`` or ``RateLimited``. Public forms are protected by
``participation.protection`` (ALTCHA proof of work, honeypot, size limits, rate limit). No
answer and no error carries personal data, and a sign-up's answer never tells whether the
address was known.

Mutations travel by POST only (the endpoint refuses them over GET) and are never cached.
"""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from strawberry import Info
from strawberry.scalars import JSON

from campaign import models
from frontend_schema.context import (
    answer_in_locale,
    resolve_locale,
    resolve_site,
    state,
)
from frontend_schema.errors import ClientError, UserInputError
from frontend_schema.nodes import page_pk
from frontend_schema.participation.common import (
    ALTCHA_DESCRIPTION,
    HONEYPOT_DESCRIPTION,
    FieldErrors,
    InvalidInputType,
    InvalidTokenType,
    LocaleArgument,
    RateLimitedType,
    TokenArgument,
    language_argument,
    language_of,
    object_for_token,
    public_form_accept,
    public_form_errors,
    public_page,
    rate_limited,
)
from frontend_schema.types import PAGE_TYPE_NAMES, CountryType, country_of
from participation import protection, selectors, services
from participation.choices import CONSENT_WORDING_VERSION
from participation.choices import ConsentPurpose as ConsentPurposeChoice
from participation.forms import ContactMessageForm, SupporterSignUpForm
from participation.tokens import CONFIRM, MANAGE

# The most consents one sign-up may carry: each purpose, and sharing with a few organisations.
MAX_CONSENTS = 20
PUBLIC_NAMES_MAX = 500
CONSENT_TEXTS_VERSION_MAX_LENGTH = 40


@strawberry.enum(name="ConsentPurpose", description="What a supporter may agree to.")
class ConsentPurpose(Enum):
    NEWSLETTER = strawberry.enum_value(
        ConsentPurposeChoice.NEWSLETTER.value, description="The campaign's newsletter by email."
    )
    SHOW_NAME_PUBLICLY = strawberry.enum_value(
        ConsentPurposeChoice.SHOW_NAME_PUBLICLY.value,
        description="Showing the person's name publicly as a supporter.",
    )
    SHARE_WITH_ORGANISATION = strawberry.enum_value(
        ConsentPurposeChoice.SHARE_WITH_ORGANISATION.value,
        description="Sharing email, name and country with one member organisation.",
    )


# --- Inputs ------------------------------------------------------------------------------------


@strawberry.input(name="ConsentInput", description="One consent the person ticked.")
class ConsentInput:
    purpose: ConsentPurpose = strawberry.field(description="What the person agreed to.")
    organisation: strawberry.ID | None = strawberry.field(
        default=None,
        description="For SHARE_WITH_ORGANISATION: the `id` of the organisation (a public "
        "organisation of the campaign). Must be left out for the other purposes.",
    )


@strawberry.input(
    name="SupporterSignUpInput",
    description="A supporter's sign-up form. Show each consent text from `consentTexts` with its "
    "own unticked checkbox and send only the ones ticked.",
)
class SupporterSignUpInput:
    campaign: strawberry.ID = strawberry.field(description="The `id` of the campaign supported.")
    email: str = strawberry.field(description="The person's email address (at most 254 chars).")
    name: str = strawberry.field(
        default="", description="The person's name (optional, at most 100 characters)."
    )
    country: str = strawberry.field(
        default="",
        description="The person's country, an ISO 3166-1 alpha-2 code such as 'DE' (optional).",
    )
    locale: str | None = strawberry.field(
        default=None,
        description="The language of the form: error messages, the consent texts recorded and "
        "the emails use it. Defaults to the CMS's default language.",
    )
    source: str = strawberry.field(
        default="",
        description="Which form this is, for the record of consent, e.g. 'home-page-form' (at "
        "most 100 characters).",
    )
    consents: list[ConsentInput] = strawberry.field(
        default_factory=list,
        description=f"The consents ticked (at most {MAX_CONSENTS}); none is needed to sign up.",
    )
    consent_texts_version: str = strawberry.field(
        description="The `version` of the `consentTexts` the form showed. A form showing "
        "outdated texts is refused (code `outdated`), so that the record holds what was shown."
    )
    website: str = strawberry.field(default="", description=HONEYPOT_DESCRIPTION)
    altcha: str = strawberry.field(default="", description=ALTCHA_DESCRIPTION)


@strawberry.input(
    name="ContactSendInput",
    description="A message to the campaign from its contact form. It is emailed to the site's "
    "contact address, with the sender's address to reply to, and not kept once sent.",
)
class ContactSendInput:
    name: str = strawberry.field(description="The sender's name (at most 100 characters).")
    email: str = strawberry.field(
        description="The sender's email address, for the reply (at most 254 characters)."
    )
    subject: str = strawberry.field(
        default="", description="The subject (optional, at most 150 characters)."
    )
    message: str = strawberry.field(description="The message (2 to 5000 characters).")
    locale: str | None = strawberry.field(
        default=None,
        description="The language of the form: error messages use it. Defaults to the CMS's "
        "default language.",
    )
    website: str = strawberry.field(default="", description=HONEYPOT_DESCRIPTION)
    altcha: str = strawberry.field(default="", description=ALTCHA_DESCRIPTION)


# --- Results -----------------------------------------------------------------------------------


@strawberry.type(
    name="SupporterSignUpAccepted",
    description="The sign-up was accepted: an email with a confirmation link is on its way. "
    "The same answer is given for an address that signed up before, so it reveals nothing.",
)
class SupporterSignUpAcceptedType:
    message: str = strawberry.field(description="A message for the person.")


@strawberry.type(name="SupporterConfirmed", description="The sign-up is confirmed.")
class SupporterConfirmedType:
    campaign_title: str = strawberry.field(description="The title of the campaign supported.")
    message: str = strawberry.field(description="A message for the person.")


@strawberry.type(name="ConsentWithdrawn", description="The consents were withdrawn.")
class ConsentWithdrawnType:
    withdrawn_count: int = strawberry.field(
        description="How many consents were withdrawn (0 when none was held)."
    )
    message: str = strawberry.field(description="A message for the person.")


@strawberry.type(name="SupporterData", description="Everything stored about the person.")
class SupporterDataType:
    data: JSON = strawberry.field(
        description="The person's data as JSON: email, and each sign-up with its consents "
        "(docs/participation.md). Offer it as a file to download."
    )


@strawberry.type(name="SupporterErased", description="Everything about the person was erased.")
class SupporterErasedType:
    message: str = strawberry.field(description="A message for the person.")


@strawberry.type(
    name="ContactSent",
    description="The message was accepted and is on its way to the campaign's team.",
)
class ContactSentType:
    message: str = strawberry.field(description="A message for the person.")


@strawberry.type(
    name="ContactUnavailable",
    description="This site has no contact address: its contact form is off. Nothing was kept.",
)
class ContactUnavailableType:
    message: str = strawberry.field(description="A message for the person.")


@strawberry.type(
    name="AltchaChallenge",
    description="A proof-of-work challenge for the ALTCHA widget of a public form.",
)
class AltchaChallengeType:
    challenge: JSON = strawberry.field(
        description="The challenge: pass this object as the widget's `challenge` "
        "(`widget.configure({challenge})`). It is signed: change nothing in it."
    )
    expires_at: datetime.datetime = strawberry.field(
        description="When it expires: a form sent later is refused (code `expired`)."
    )


SupporterSignUpResult = Annotated[
    SupporterSignUpAcceptedType | InvalidInputType | RateLimitedType,
    strawberry.union("SupporterSignUpResult", description="The answer to `supporterSignUp`."),
]
ContactSendResult = Annotated[
    ContactSentType | InvalidInputType | ContactUnavailableType | RateLimitedType,
    strawberry.union("ContactSendResult", description="The answer to `contactSend`."),
]
SupporterConfirmResult = Annotated[
    SupporterConfirmedType | InvalidTokenType | RateLimitedType,
    strawberry.union("SupporterConfirmResult", description="The answer to `supporterConfirm`."),
]
SupporterConsentWithdrawResult = Annotated[
    ConsentWithdrawnType | InvalidInputType | InvalidTokenType | RateLimitedType,
    strawberry.union(
        "SupporterConsentWithdrawResult",
        description="The answer to `supporterConsentWithdraw`.",
    ),
]
SupporterDataExportResult = Annotated[
    SupporterDataType | InvalidTokenType | RateLimitedType,
    strawberry.union(
        "SupporterDataExportResult", description="The answer to `supporterDataExport`."
    ),
]
SupporterEraseResult = Annotated[
    SupporterErasedType | InvalidTokenType | RateLimitedType,
    strawberry.union("SupporterEraseResult", description="The answer to `supporterErase`."),
]


# --- Public reads ------------------------------------------------------------------------------


@strawberry.type(name="ConsentText", description="The text of one consent checkbox.")
class ConsentTextType:
    purpose: ConsentPurpose = strawberry.field(description="The purpose it asks consent for.")
    organisation: strawberry.ID | None = strawberry.field(
        description="For SHARE_WITH_ORGANISATION: the organisation's `id`."
    )
    text: str = strawberry.field(description="The exact text to show next to the checkbox.")


@strawberry.type(
    name="ConsentTexts",
    description="The consent texts of a campaign's sign-up form, in one language.",
)
class ConsentTextsType:
    version: str = strawberry.field(
        description="The texts' version: send it as `consentTextsVersion` with the sign-up."
    )
    texts: list[ConsentTextType] = strawberry.field(
        description="One text per purpose, and one per organisation asked for."
    )


@strawberry.type(name="SupporterCountryCount", description="Confirmed supporters in a country.")
class SupporterCountryCountType:
    country: CountryType | None = strawberry.field(
        description="The country; null for supporters who gave none."
    )
    count: int = strawberry.field(description="How many confirmed supporters.")


@strawberry.type(
    name="SupporterCounts",
    description="How many people confirmed their support of a campaign: aggregates only.",
)
class SupporterCountsType:
    total: int = strawberry.field(description="All confirmed supporters.")
    by_country: list[SupporterCountryCountType] = strawberry.field(
        description="Per country, largest first."
    )


@strawberry.type(
    name="PublicSupporterNames",
    description="Names of confirmed supporters who agreed to be shown publicly.",
)
class PublicSupporterNamesType:
    names: list[str] = strawberry.field(description="The names, first confirmed first.")
    total_count: int = strawberry.field(description="How many such names there are in all.")


# --- Helpers -----------------------------------------------------------------------------------


def _campaign_organisation(info: Info, campaign, value):
    """The public organisation ``value`` names, if it belongs to ``campaign`` (its nearest
    campaign above it is ``campaign`` or a translation of it, not a campaign nested inside),
    else None."""
    organisation = public_page(info, models.OrganisationPage, value)
    if organisation is None:
        return None
    step = models.CampaignPage.steplen
    owner = (
        models.CampaignPage.objects.filter(depth__lt=organisation.depth)
        .filter(
            path__in=[organisation.path[: depth * step] for depth in range(1, organisation.depth)]
        )
        .order_by("-depth")
        .values_list("translation_key", flat=True)
        .first()
    )
    return organisation if owner == campaign.translation_key else None


def _with_sign_up(info: Info, *, token: str, purpose: str, locale: str | None, act):
    """The answer of a mutation on the sign-up a link's token names, in ``locale``:
    ``RateLimited``, ``InvalidToken``, or what ``act(sign_up)`` returns."""
    with translation.override(language_argument(locale)):
        if limited := rate_limited(info):
            return limited
        sign_up = object_for_token(
            token, lambda value: services.sign_up_for_token(token=value, purpose=purpose)
        )
        return sign_up if isinstance(sign_up, InvalidTokenType) else act(sign_up)


def supporter_sign_up(info: Info, data: SupporterSignUpInput):
    """Validate the form, then record the sign-up (``services.supporter_sign_up``)."""
    language = language_of(data.locale)
    with translation.override(language or settings.LANGUAGE_CODE):
        if limited := rate_limited(info):
            return limited
        form = SupporterSignUpForm(
            {
                "email": data.email,
                "name": data.name,
                "country": data.country,
                "source": data.source,
            }
        )
        errors = public_form_errors(
            language=language,
            altcha=data.altcha,
            form=form,
            texts={
                "consentTextsVersion": (
                    data.consent_texts_version,
                    CONSENT_TEXTS_VERSION_MAX_LENGTH,
                )
            },
        )

        error = errors.add

        campaign = public_page(info, models.CampaignPage, data.campaign)
        if campaign is None:
            error("campaign", "not_found", gettext("This campaign does not exist."))
        if data.consent_texts_version != CONSENT_WORDING_VERSION and not any(
            item.field == "consentTextsVersion" for item in errors.errors
        ):
            error(
                "consentTextsVersion",
                "outdated",
                gettext("The consent texts have changed. Please reload the form."),
            )
        consents: list[services.ConsentRequest] = []
        if len(data.consents) > MAX_CONSENTS:
            error(
                "consents",
                "too_many",
                gettext("At most %(count)d consents can be given at once.")
                % {"count": MAX_CONSENTS},
            )
        else:
            for index, consent in enumerate(data.consents):
                purpose = ConsentPurposeChoice(consent.purpose.value)
                sharing = purpose == ConsentPurposeChoice.SHARE_WITH_ORGANISATION
                field = f"consents.{index}.organisation"
                if not sharing:
                    if consent.organisation is not None:
                        error(field, "invalid", gettext("Only sharing names an organisation."))
                    else:
                        consents.append(services.ConsentRequest(purpose=purpose.value))
                    continue
                if consent.organisation is None:
                    error(field, "required", gettext("Choose the organisation to share with."))
                    continue
                if campaign is None:
                    continue  # which organisations belong to it cannot be known
                organisation = _campaign_organisation(info, campaign, consent.organisation)
                if organisation is None:
                    error(field, "not_found", gettext("This organisation is not in the campaign."))
                else:
                    consents.append(
                        services.ConsentRequest(purpose=purpose.value, organisation=organisation)
                    )
        if refused := errors.answer():
            return refused
        accepted = SupporterSignUpAcceptedType(
            message=gettext("Thank you! Please confirm your support through the link we emailed.")
        )
        return public_form_accept(
            honeypot=data.website,
            altcha=data.altcha,
            answer=accepted,
            store=lambda: services.supporter_sign_up(
                campaign=campaign,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                country=form.cleaned_data["country"],
                language=language,
                source=form.cleaned_data["source"],
                consents=consents,
            ),
        )


def contact_send(info: Info, data: ContactSendInput):
    """Validate the form, then keep the message until a task has emailed it
    (``services.contact_message_send``)."""
    language = language_of(data.locale)
    with translation.override(language or settings.LANGUAGE_CODE):
        if limited := rate_limited(info):
            return limited
        form = ContactMessageForm(
            {
                "name": data.name,
                "email": data.email,
                "subject": data.subject,
                "message": data.message,
            }
        )
        errors = public_form_errors(language=language, altcha=data.altcha, form=form)
        if refused := errors.answer():
            return refused
        site = resolve_site(info)
        if not services.contact_recipient(site=site):
            return ContactUnavailableType(
                message=gettext("The contact form is not available. Please write by email.")
            )
        sent = ContactSentType(
            message=gettext("Thank you! Your message has been sent to the campaign team.")
        )
        return public_form_accept(
            honeypot=data.website,
            altcha=data.altcha,
            answer=sent,
            store=lambda: services.contact_message_send(
                site=site,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                subject=form.cleaned_data["subject"],
                message=form.cleaned_data["message"],
                language=language,
            ),
        )


@strawberry.type
class SupporterMutation:
    @strawberry.mutation(
        description="Send a message to the campaign's team through the site's contact form. "
        "It is emailed to the contact address of the site (its settings), with the sender's "
        "address to reply to, and not kept once sent. Nothing is kept when the input is refused."
    )
    def contact_send(
        self,
        info: Info,
        input: Annotated[  # noqa: A002 - the conventional name of a mutation's input
            ContactSendInput, strawberry.argument(description="The contact form.")
        ],
    ) -> ContactSendResult:
        return contact_send(info, input)

    @strawberry.mutation(
        description="Sign up as a supporter of a campaign. The sign-up stays pending until the "
        "person confirms it through the emailed link (`supporterConfirm`); unconfirmed sign-ups "
        "are deleted after a while. Nothing is stored when the input is refused."
    )
    def supporter_sign_up(
        self,
        info: Info,
        input: Annotated[  # noqa: A002 - the conventional name of a mutation's input
            SupporterSignUpInput, strawberry.argument(description="The sign-up form.")
        ],
    ) -> SupporterSignUpResult:
        return supporter_sign_up(info, input)

    @strawberry.mutation(description="Confirm a sign-up with the token of the emailed link.")
    def supporter_confirm(
        self, info: Info, token: TokenArgument, locale: LocaleArgument = None
    ) -> SupporterConfirmResult:
        def confirm(sign_up):
            services.supporter_confirm(sign_up=sign_up)
            return SupporterConfirmedType(
                campaign_title=sign_up.campaign.title,
                message=gettext("Thank you! Your support is confirmed."),
            )

        return _with_sign_up(info, token=token, purpose=CONFIRM, locale=locale, act=confirm)

    @strawberry.mutation(
        description="Withdraw a consent, with the token of the manage link in any email. For "
        "SHARE_WITH_ORGANISATION without `organisation`, sharing with every organisation ends."
    )
    def supporter_consent_withdraw(
        self,
        info: Info,
        token: TokenArgument,
        purpose: Annotated[
            ConsentPurpose, strawberry.argument(description="The purpose to withdraw.")
        ],
        organisation: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="For sharing: the organisation's `id`."),
        ] = None,
        locale: LocaleArgument = None,
    ) -> SupporterConsentWithdrawResult:
        def withdraw(sign_up):
            organisation_id = None
            if organisation is not None:
                try:
                    organisation_id = page_pk(
                        organisation,
                        argument="organisation",
                        types=[PAGE_TYPE_NAMES[models.OrganisationPage]],
                    )
                except ClientError:
                    errors = FieldErrors()
                    errors.add(
                        "organisation", "invalid", gettext("This is not an organisation's ID.")
                    )
                    return errors.answer()
            count = services.consent_withdraw(
                sign_up=sign_up, purpose=purpose.value, organisation_id=organisation_id
            )
            return ConsentWithdrawnType(
                withdrawn_count=count, message=gettext("Your consent is withdrawn.")
            )

        return _with_sign_up(info, token=token, purpose=MANAGE, locale=locale, act=withdraw)

    @strawberry.mutation(
        description="Everything stored about the person, with the token of the manage link."
    )
    def supporter_data_export(
        self, info: Info, token: TokenArgument, locale: LocaleArgument = None
    ) -> SupporterDataExportResult:
        return _with_sign_up(
            info,
            token=token,
            purpose=MANAGE,
            locale=locale,
            act=lambda sign_up: SupporterDataType(
                data=services.supporter_data_export(sign_up=sign_up)
            ),
        )

    @strawberry.mutation(
        description="Erase everything stored about the person (every sign-up with that address, "
        "in every campaign), with the token of the manage link. The address is never mailed "
        "again: only a hash of it is kept, to recognise it."
    )
    def supporter_erase(
        self, info: Info, token: TokenArgument, locale: LocaleArgument = None
    ) -> SupporterEraseResult:
        def erase(sign_up):
            services.supporter_erase(sign_up=sign_up)
            return SupporterErasedType(message=gettext("Your data has been erased."))

        return _with_sign_up(info, token=token, purpose=MANAGE, locale=locale, act=erase)


CampaignArgument = Annotated[strawberry.ID, strawberry.argument(description="The campaign's `id`.")]


def _campaign(info: Info, value) -> models.CampaignPage:
    campaign = public_page(info, models.CampaignPage, value)
    if campaign is None:
        raise UserInputError(f"No public campaign has the ID {value}.", argument="campaign")
    return campaign


@strawberry.type
class SupporterQuery:
    @strawberry.field(
        description="A new proof-of-work challenge for the ALTCHA widget of a public form "
        "(`supporterSignUp`, `contactSend`). Fetch one per form submission; the answer is never "
        "cached (`Cache-Control: no-store`)."
    )
    def altcha_challenge(self, info: Info) -> AltchaChallengeType:
        # Every answer differs and is single-use: neither a CDN nor the response cache may
        # keep it.
        state(info).private = True
        challenge = protection.altcha_challenge()
        return AltchaChallengeType(
            challenge=challenge,
            expires_at=datetime.datetime.fromtimestamp(
                challenge["parameters"]["expiresAt"], tz=datetime.UTC
            ),
        )

    @strawberry.field(
        description="The consent texts to show on a campaign's sign-up form, in `locale`."
    )
    def consent_texts(
        self,
        info: Info,
        campaign: CampaignArgument,
        organisations: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(
                description="The `id`s of the campaign's organisations the form offers to share "
                f"with (at most {MAX_CONSENTS})."
            ),
        ] = None,
        locale: LocaleArgument = None,
    ) -> ConsentTextsType:
        language = language_argument(locale)
        page = _campaign(info, campaign)
        organisations = organisations or []
        if len(organisations) > MAX_CONSENTS:
            raise UserInputError(f"At most {MAX_CONSENTS} organisations.", argument="organisations")
        texts = [
            ConsentTextType(
                purpose=ConsentPurpose(purpose.value),
                organisation=None,
                text=services.consent_wording(purpose=purpose, campaign=page, language=language),
            )
            for purpose in (
                ConsentPurposeChoice.NEWSLETTER,
                ConsentPurposeChoice.SHOW_NAME_PUBLICLY,
            )
        ]
        for value in organisations:
            organisation = _campaign_organisation(info, page, value)
            if organisation is None:
                raise UserInputError(
                    f"No public organisation of this campaign has the ID {value}.",
                    argument="organisations",
                )
            texts.append(
                ConsentTextType(
                    purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
                    organisation=value,
                    text=services.consent_wording(
                        purpose=ConsentPurposeChoice.SHARE_WITH_ORGANISATION,
                        campaign=page,
                        organisation=organisation,
                        language=language,
                    ),
                )
            )
        return ConsentTextsType(version=CONSENT_WORDING_VERSION, texts=texts)

    @strawberry.field(
        description="How many people confirmed their support of a campaign, in all and per "
        "country (country names in `locale`)."
    )
    def supporter_counts(
        self,
        info: Info,
        campaign: CampaignArgument,
        locale: Annotated[
            str | None,
            strawberry.argument(description="The language of country names."),
        ] = None,
    ) -> SupporterCountsType:
        page = _campaign(info, campaign)
        if locale is not None:
            answer_in_locale(info, resolve_locale(info, locale))
        rows = selectors.supporter_counts_by_country(campaign=page)
        return SupporterCountsType(
            total=sum(count for _, count in rows),
            by_country=[
                SupporterCountryCountType(country=country_of(code), count=count)
                for code, count in rows
            ],
        )

    @strawberry.field(
        description="The names of a campaign's confirmed supporters who agreed to be shown."
    )
    def public_supporter_names(
        self,
        info: Info,
        campaign: CampaignArgument,
        first: Annotated[
            int,
            strawberry.argument(description=f"How many names (at most {PUBLIC_NAMES_MAX})."),
        ] = 100,
        offset: Annotated[int, strawberry.argument(description="How many to skip.")] = 0,
    ) -> PublicSupporterNamesType:
        if not 1 <= first <= PUBLIC_NAMES_MAX:
            raise UserInputError(
                f"'first' must be between 1 and {PUBLIC_NAMES_MAX}.", argument="first"
            )
        if offset < 0:
            raise UserInputError("'offset' cannot be negative.", argument="offset")
        names, total = selectors.public_supporter_names(
            campaign=_campaign(info, campaign), limit=first, offset=offset
        )
        return PublicSupporterNamesType(names=names, total_count=total)
