"""Organisations apply to join a campaign's coalition (``organisationApply``).

The logo travels as a file of a GraphQL multipart request
(https://github.com/jaydenseric/graphql-multipart-request-spec): the ``Upload`` scalar. Such a
request must carry the ``Apollo-Require-Preflight`` or ``X-Apollo-Operation-Name`` header
(frontend_schema/views.py says why).
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from strawberry import Info
from strawberry.file_uploads import Upload

from campaign import models
from frontend_schema.participation.common import (
    ALTCHA_DESCRIPTION,
    HONEYPOT_DESCRIPTION,
    InvalidInputType,
    InvalidTokenType,
    RateLimitedType,
    language_of,
    object_for_token,
    public_form_accept,
    public_form_errors,
    public_page,
    rate_limited,
)
from frontend_schema.types import OrganisationRole
from participation import services
from participation.forms import (
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    ORGANISATION_NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    WEBSITE_MAX_LENGTH,
    OrganisationApplicationForm,
)

# The form's field names where GraphQL's differ (auto_camel_case).
FIELD_NAMES = {"contact_name": "contactName", "contact_email": "contactEmail"}


@strawberry.input(
    name="OrganisationApplyInput",
    description="An organisation's application to join a campaign's coalition. Send it as a "
    "GraphQL multipart request when it has a logo.",
)
class OrganisationApplyInput:
    campaign: strawberry.ID = strawberry.field(
        description="The `id` of the campaign whose coalition the organisation asks to join."
    )
    name: str = strawberry.field(
        description=f"The organisation's name (at most {ORGANISATION_NAME_MAX_LENGTH} characters)."
    )
    website: str = strawberry.field(
        default="",
        description=f"The organisation's website, an http(s) URL (optional, at most "
        f"{WEBSITE_MAX_LENGTH} characters; 'example.org' is read as https://example.org).",
    )
    country: str = strawberry.field(
        default="",
        description="Where the organisation is based, an ISO 3166-1 alpha-2 code such as 'DE'. "
        "Required unless `international` is true; must be empty if it is.",
    )
    international: bool = strawberry.field(
        default=False, description="True for an organisation that works internationally."
    )
    description: str = strawberry.field(
        description=f"What the organisation does (at most {TEXT_MAX_LENGTH} characters)."
    )
    role: OrganisationRole = strawberry.field(
        default=OrganisationRole.PARTNER,  # type: ignore[attr-defined]
        description="The role in the coalition the organisation asks for.",
    )
    contact_name: str = strawberry.field(
        description=f"The contact person (at most {NAME_MAX_LENGTH} characters)."
    )
    contact_email: str = strawberry.field(
        description=f"The contact person's email address (at most {EMAIL_MAX_LENGTH} "
        "characters): the emails about the application go there."
    )
    message: str = strawberry.field(
        default="",
        description=f"A message to the campaign (optional, at most {TEXT_MAX_LENGTH} characters).",
    )
    logo: Upload | None = strawberry.field(
        default=None,
        description="The organisation's logo (optional): a file of the multipart request, "
        "PNG, JPEG or WebP, at most PARTICIPATION_LOGO_MAX_BYTES (2 MB by default), each side "
        "between PARTICIPATION_LOGO_MIN_SIDE and PARTICIPATION_LOGO_MAX_SIDE pixels (32 and "
        "4000 by default).",
    )
    locale: str | None = strawberry.field(
        default=None,
        description="The language of the form: error messages and the emails use it. Defaults "
        "to the CMS's default language.",
    )
    # `website` is the organisation's own field here; the honeypot has another name.
    homepage: str = strawberry.field(default="", description=HONEYPOT_DESCRIPTION)
    altcha: str = strawberry.field(default="", description=ALTCHA_DESCRIPTION)


@strawberry.type(
    name="OrganisationApplicationReceived",
    description="The application was received: it waits for a moderator, and an email "
    "confirming it is on its way to the contact person.",
)
class OrganisationApplicationReceivedType:
    message: str = strawberry.field(description="A message for the person.")


OrganisationApplyResult = Annotated[
    OrganisationApplicationReceivedType | InvalidInputType | InvalidTokenType | RateLimitedType,
    strawberry.union(
        "OrganisationApplyResult",
        description="The answer to `organisationApply`: `InvalidInput` has one error per "
        "field (`field` as in the input: 'contactEmail', 'logo'...; codes: required, invalid, "
        "max_length, invalid_choice, not_found, invalid_image, invalid_image_extension, "
        "invalid_image_known_format, file_too_large, file_too_many_pixels, image_too_small, "
        "image_too_large). `InvalidToken` only when a `token` was sent.",
    ),
]


def organisation_apply(info: Info, data: OrganisationApplyInput, token: str | None):
    """Check the form and the logo, then record the application
    (``services.organisation_apply``), or complete the one ``token`` names."""
    language = language_of(data.locale)
    with translation.override(language or settings.LANGUAGE_CODE):
        if limited := rate_limited(info):
            return limited
        application = None
        if token is not None:
            application = object_for_token(
                token, lambda value: services.application_for_token(token=value)
            )
            if isinstance(application, InvalidTokenType):
                return application
        form = OrganisationApplicationForm(
            {
                "name": data.name,
                "website": data.website,
                "country": data.country,
                "international": data.international,
                "description": data.description,
                "role": data.role.value,
                "contact_name": data.contact_name,
                "contact_email": data.contact_email,
                "message": data.message,
            },
            {"logo": data.logo} if data.logo is not None else {},
        )
        errors = public_form_errors(
            language=language, altcha=data.altcha, form=form, names=FIELD_NAMES
        )
        campaign = public_page(info, models.CampaignPage, data.campaign)
        if campaign is None:
            errors.add("campaign", "not_found", gettext("This campaign does not exist."))
        elif application is not None and application.campaign_id != campaign.pk:
            errors.add(
                "campaign", "invalid", gettext("The link was made for another campaign's form.")
            )
        if refused := errors.answer():
            return refused
        received = OrganisationApplicationReceivedType(
            message=gettext(
                "Thank you! We have received the application and emailed a confirmation. We "
                "will write again when we have decided."
            )
        )
        fields = {**form.cleaned_data}
        logo = fields.pop("logo", None)
        decided = []

        def store():
            try:
                services.organisation_apply(
                    campaign=campaign,
                    language=language,
                    fields=fields,
                    logo=logo,
                    application=application,
                )
            except services.ApplicationError:
                decided.append(
                    InvalidTokenType(
                        expired=False,
                        message=gettext("This application has been decided already."),
                    )
                )

        answer = public_form_accept(
            honeypot=data.homepage, altcha=data.altcha, answer=received, store=store
        )
        return decided[0] if decided else answer


@strawberry.type
class ApplicationMutation:
    @strawberry.mutation(
        description="Apply for an organisation to join a campaign's coalition. The application "
        "waits for a moderator, who accepts it (the organisation's page is then prepared), "
        "rejects it with a reason, or asks for more information by email, with a link whose "
        "`token` completes the application. Nothing is stored when the input is refused."
    )
    def organisation_apply(
        self,
        info: Info,
        input: Annotated[  # noqa: A002 - the conventional name of a mutation's input
            OrganisationApplyInput, strawberry.argument(description="The application form.")
        ],
        token: Annotated[
            str | None,
            strawberry.argument(
                description="The `token` parameter of the link in the 'more information' "
                "email: the application it names is completed (its fields replaced, a new "
                "logo replacing the old one) instead of a new one made."
            ),
        ] = None,
    ) -> OrganisationApplyResult:
        return organisation_apply(info, input, token)
