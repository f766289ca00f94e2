"""The admin's view of participation data, for the "Data protection" group only (the viewsets'
model permissions; migrations 0002 and 0004 give them to the group), with filters and a CSV/XLSX
export that is logged without personal data:

- supporters' sign-ups, read-only;
- organisations' applications: a queue (open ones first, oldest first) with the moderation
  steps, each behind a confirmation form: accept (a draft organisation page is made), reject
  (with a reason for the applicant), ask for more information; and erasure of everything
  stored under the contact's address.
"""

import datetime
import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.ui.tables import StatusTagColumn
from wagtail.admin.views.generic import DeleteView, EditView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from participation import services
from participation.choices import APPLICATION_OPEN_STATES
from participation.models import OrganisationApplication, SupporterSignUp

logger = logging.getLogger(__name__)


class ActionsRefusedPolicy(ModelPermissionPolicy):
    """Model permissions, except that ``refused`` actions are refused to everybody, superusers
    included: data that only comes from the API is never added or edited by hand."""

    def __init__(self, model, *, refused: tuple[str, ...]):
        super().__init__(model)
        self.refused = refused

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class ExportLoggedIndexView(IndexView):
    """A listing whose every CSV/XLSX export is logged: who (by user ID), how many rows, which
    filters; never the rows themselves."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        logger.warning(
            "%s exported as %s by user %s: %d rows (filters: %s).",
            str(self.model._meta.verbose_name_plural).capitalize(),
            spreadsheet_format,
            self.request.user.pk,
            queryset.count(),
            ",".join(sorted(key for key in self.request.GET if key != "export")) or "none",
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


# Sign-ups are read-only in the admin: they come from the API with their consents, and a form
# (which could not record a consent) once crashed and logged the row it failed to store.
sign_up_permissions = ActionsRefusedPolicy(SupporterSignUp, refused=("add", "change"))
register_permission_policy(SupporterSignUp, sign_up_permissions)


class LocalTimeInspectView(InspectView):
    """Wagtail's InspectView showing times in the site's time zone (Wagtail shows them in UTC),
    yes/no as words (not "True"/"False") and an empty value as "-" (not "None")."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return date_format(localtime(value), "DATETIME_FORMAT")
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return "-" if value is None else value


class SignUpInspectView(LocalTimeInspectView):
    """A sign-up's details with its consents: what the person agreed to, in the words shown,
    when, where, and whether it was withdrawn (the record that makes the processing lawful)."""

    def get_consents_display_value(self):
        consents = self.object.consents.select_related("organisation").order_by("granted_at")
        items = [
            format_html(
                "<li><strong>{}{}</strong>: “{}” ({}, {}). {} {}; {}</li>",
                consent.get_purpose_display(),
                f" ({consent.organisation.title})" if consent.organisation else "",
                consent.wording,
                _("version %(version)s") % {"version": consent.wording_version},
                consent.source or _("no form recorded"),
                _("Given"),
                date_format(localtime(consent.granted_at), "DATETIME_FORMAT"),
                _("withdrawn %(when)s")
                % {"when": date_format(localtime(consent.withdrawn_at), "DATETIME_FORMAT")}
                if consent.withdrawn_at
                else _("still holds"),
            )
            for consent in consents
        ]
        if not items:
            return "-"
        return format_html("<ul>{}</ul>", format_html_join("", "{}", ((item,) for item in items)))


# What the details show (with the consents) and the export holds.
SIGN_UP_FIELDS = [
    "email",
    "name",
    "country",
    "campaign",
    "locale",
    "source",
    "status",
    "created_at",
    "confirmed_at",
]


class SupporterSignUpViewSet(ModelViewSet):
    model = SupporterSignUp
    permission_policy = sign_up_permissions
    icon = "group"
    menu_label = "Supporter sign-ups"
    add_to_admin_menu = True
    menu_order = 900
    index_view_class = ExportLoggedIndexView
    inspect_view_enabled = True
    inspect_view_class = SignUpInspectView
    inspect_view_fields = [*SIGN_UP_FIELDS, "consents"]
    list_display = ["email", "name", "country", "campaign", "status", "created_at"]
    list_filter = ["status", "campaign", "country", "created_at"]
    search_fields = ["email", "name"]
    list_export = SIGN_UP_FIELDS
    export_filename = "supporter-sign-ups"
    # Never shown: adding and editing are refused (sign_up_permissions); the viewset needs some.
    form_fields = ["name"]
    ordering = ["-created_at"]


# --- Organisations' applications -----------------------------------------------------------------


# Applications come from the API only: nobody adds one by hand. "change" is the right to
# moderate, "delete" the right to erase.
application_permissions = ActionsRefusedPolicy(OrganisationApplication, refused=("add",))
register_permission_policy(OrganisationApplication, application_permissions)


class ApplicationIndexView(ExportLoggedIndexView):
    def get_base_queryset(self):
        # The queue: open applications first (waiting longest first), then the decided ones.
        return (
            super()
            .get_base_queryset()
            .select_related("campaign")
            .annotate(
                open_first=Case(
                    When(status__in=APPLICATION_OPEN_STATES, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
        )

    def get_list_more_buttons(self, instance):
        # "Edit" leads to the details, where the moderation steps are.
        return [
            button
            for button in super().get_list_more_buttons(instance)
            if getattr(button, "label", "") != _("Edit")
        ]

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)


MODERATION_STEPS = [
    ("accept", _("Accept")),
    ("request_information", _("Ask for more information")),
    ("reject", _("Reject")),
]


class ApplicationInspectView(LocalTimeInspectView):
    template_name = "participation/admin/application_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        may_moderate = application_permissions.user_has_permission(self.request.user, "change")
        context["moderation_steps"] = (
            [
                (reverse(f"organisation_applications:{name}", args=[self.object.pk]), label)
                for name, label in MODERATION_STEPS
            ]
            if may_moderate and self.object.status in APPLICATION_OPEN_STATES
            else []
        )
        context["logo_url"] = (
            reverse("organisation_applications:logo", args=[self.object.pk])
            if self.object.logo
            else ""
        )
        if self.object.page_id:
            context["page_edit_url"] = reverse(
                "wagtailadmin_pages:edit", args=[self.object.page_id]
            )
        return context


class ApplicationEditView(EditView):
    """An application is the applicant's: it is moderated, not edited."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("organisation_applications:inspect", kwargs["pk"])


class ApplicationEraseView(DeleteView):
    """Deleting an application erases everything stored under its contact's address."""

    success_message = _("Everything stored under the contact's address was erased.")

    @property
    def confirmation_message(self):
        return _(
            "Erase this application, and everything else stored under the contact's address "
            "(other applications, supporter sign-ups)? The address is kept only as a hash, so "
            "that it is never stored or mailed again. An organisation page made from the "
            "application stays."
        )

    def delete_action(self):
        services.personal_data_erase(email=self.object.contact_email)


class ApplicationLogoView(View):
    """Streams an open application's logo from private storage to those who may see it."""

    def get(self, request, *args, **kwargs):
        if not application_permissions.user_has_permission(request.user, "view"):
            raise PermissionDenied
        application = get_object_or_404(OrganisationApplication, pk=kwargs["pk"])
        if not application.logo:
            raise Http404("The application has no logo.")
        response = FileResponse(application.logo.open("rb"))
        response["Content-Security-Policy"] = "default-src 'none'"
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ModerationForm(forms.Form):
    """The moderator's message to the applicant, when the step needs one."""

    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
        help_text=_("Sent to the applicant by email, as written, in the email's language."),
    )


class ModerationView(WagtailAdminTemplateMixin, FormView):
    """One moderation step behind a confirmation form; the subclasses say which."""

    template_name = "participation/admin/application_moderate.html"
    header_icon = "form"
    # The label of the message field, or None for a step without a message.
    message_label = None
    explanation = ""
    confirm_label = ""
    success_message = ""

    def dispatch(self, request, *args, **kwargs):
        if not application_permissions.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.object = get_object_or_404(
            OrganisationApplication.objects.select_related("campaign"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return ModerationForm if self.message_label else forms.Form

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.message_label:
            form.fields["message"].label = self.message_label
        return form

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("organisation_applications:index"), "label": _("Applications")},
            {
                "url": reverse("organisation_applications:inspect", args=[self.object.pk]),
                "label": self.object.name,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_page_subtitle(self):
        return self.object.name

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "application": self.object,
            "explanation": self.explanation,
            "confirm_label": self.confirm_label,
            "cancel_url": reverse("organisation_applications:inspect", args=[self.object.pk]),
        }

    def form_valid(self, form):
        try:
            self.step(form.cleaned_data.get("message", ""))
        except services.ApplicationError as error:
            messages.error(self.request, str(error))
            return redirect("organisation_applications:inspect", self.object.pk)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("organisation_applications:inspect", args=[self.object.pk])

    def step(self, message: str) -> None:
        """The moderation step itself, with the moderator's ``message`` ("" when the form has
        none): each subclass calls its service (accept, reject, ask for more). This base class
        is never routed; the error marks a subclass that forgot its step."""
        raise NotImplementedError(f"{type(self).__name__} must define step()")


class ApplicationAcceptView(ModerationView):
    page_title = _("Accept the application")
    header_icon = "check"
    explanation = _(
        "A draft organisation page with the organisation's name, website, country, role, "
        "description and logo is added to the campaign's coalition. Review it and publish it "
        "from the page editor. The contact person gets an email saying the organisation was "
        "accepted."
    )
    confirm_label = _("Accept and make a draft page")
    success_message = _("Accepted. The draft organisation page is ready for review.")

    def step(self, message):
        self.page = services.application_accept(application=self.object, user=self.request.user)

    def get_success_url(self):
        # To the draft for someone who may edit it; else back to the application, which links
        # to the page for the editors.
        if self.page.permissions_for_user(self.request.user).can_edit():
            return reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        return super().get_success_url()


class ApplicationRejectView(ModerationView):
    page_title = _("Reject the application")
    header_icon = "cross"
    message_label = _("Reason for the applicant")
    explanation = _(
        "The contact person gets an email with the reason. The logo is deleted; the rest is "
        "kept for a while (docs/participation.md), then deleted."
    )
    confirm_label = _("Reject and send the reason")
    success_message = _("Rejected. The applicant is being told why.")

    def step(self, message):
        services.application_reject(application=self.object, reason=message, user=self.request.user)


class ApplicationRequestInformationView(ModerationView):
    page_title = _("Ask for more information")
    header_icon = "help"
    message_label = _("What the applicant should add or explain")
    explanation = _(
        "The contact person gets an email with your question and a link to complete the "
        "application; it then comes back to the queue."
    )
    confirm_label = _("Send the question")
    success_message = _("The applicant is being asked for more information.")

    def step(self, message):
        services.application_request_information(
            application=self.object, message=message, user=self.request.user
        )


# What an application's page shows and its export holds: everything but the logo.
APPLICATION_FIELDS = [
    "name",
    "website",
    "country",
    "international",
    "role",
    "description",
    "campaign",
    "locale",
    "contact_name",
    "contact_email",
    "message",
    "status",
    "moderator_message",
    "created_at",
    "status_changed_at",
]


class OrganisationApplicationViewSet(ModelViewSet):
    model = OrganisationApplication
    icon = "site"
    menu_label = _("Organisation applications")
    add_to_admin_menu = True
    menu_order = 901
    copy_view_enabled = False
    inspect_view_enabled = True
    permission_policy = application_permissions
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    edit_view_class = ApplicationEditView
    delete_view_class = ApplicationEraseView
    form_fields = []
    list_display = [
        "name",
        "campaign",
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda application: application.status in APPLICATION_OPEN_STATES,
        ),
        "role",
        "country",
        "contact_email",
        "created_at",
    ]
    list_filter = ["status", "campaign", "role", "country", "international", "created_at"]
    search_fields = ["name", "contact_name", "contact_email"]
    list_export = APPLICATION_FIELDS
    export_filename = "organisation-applications"
    ordering = ["open_first", "status_changed_at"]
    inspect_view_fields = APPLICATION_FIELDS

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/accept/", ApplicationAcceptView.as_view(), name="accept"),
            path("<int:pk>/reject/", ApplicationRejectView.as_view(), name="reject"),
            path(
                "<int:pk>/request-information/",
                ApplicationRequestInformationView.as_view(),
                name="request_information",
            ),
            path("<int:pk>/logo/", ApplicationLogoView.as_view(), name="logo"),
        ]


@hooks.register("register_admin_viewset")
def register_participation_viewsets():
    return [
        SupporterSignUpViewSet("supporter_sign_ups"),
        OrganisationApplicationViewSet("organisation_applications"),
    ]


@hooks.register("register_log_actions")
def register_application_log_actions(actions):
    @actions.register_action("participation.application_accepted")
    class ApplicationAccepted(LogFormatter):
        # The page's history names the application by its ID only: no personal data.
        label = _("Created from an organisation's application")

        def format_message(self, log_entry):
            return _("Created as a draft from organisation application %(id)s") % {
                "id": log_entry.data.get("application")
            }
