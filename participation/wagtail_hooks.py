"""The admin's view of participation data: supporters' sign-ups, for the "Data protection"
group only (the viewset's model permissions; migration 0002 creates the group), read-only, with
filters and a CSV/XLSX export that is logged without personal data."""

import logging

from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from participation.models import SupporterSignUp

logger = logging.getLogger(__name__)


class SupporterSignUpIndexView(IndexView):
    def as_spreadsheet(self, queryset, spreadsheet_format):
        # The audit trail of an export: who (by user ID), how many rows, which filters; never
        # the rows themselves.
        logger.warning(
            "Supporter sign-ups exported as %s by user %s: %d rows (filters: %s).",
            spreadsheet_format,
            self.request.user.pk,
            queryset.count(),
            ",".join(sorted(key for key in self.request.GET if key != "export")) or "none",
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class SupporterSignUpViewSet(ModelViewSet):
    model = SupporterSignUp
    icon = "group"
    menu_label = "Supporter sign-ups"
    add_to_admin_menu = True
    menu_order = 900
    index_view_class = SupporterSignUpIndexView
    inspect_view_enabled = True
    list_display = ["email", "name", "country", "campaign", "status", "created_at"]
    list_filter = ["status", "campaign", "country", "created_at"]
    search_fields = ["email", "name"]
    list_export = [
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
    export_filename = "supporter-sign-ups"
    form_fields = ["name", "country"]
    ordering = ["-created_at"]


@hooks.register("register_admin_viewset")
def register_supporter_sign_up_viewset():
    return SupporterSignUpViewSet("supporter_sign_ups")
