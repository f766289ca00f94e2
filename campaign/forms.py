"""Admin forms for pages whose validation needs the parent page or the inline rows.

The rules themselves live on the models (``clean``) so that they hold for every way a page is
saved; these forms only hand the models what the admin knows and the models do not yet, and check
the inline rows, which the models cannot see before they are saved.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.models import Locale


class CampaignAdminPageForm(WagtailAdminPageForm):
    """The base form of every campaign page type.

    Autosave stores a new page as a draft as soon as an editor types, so an abandoned new page
    keeps its slug. When the slug is taken only by such never-published drafts, this page gets
    the next free slug ("hello-2") instead of an error, and the editor is told (see
    ``campaign.wagtail_hooks``). A slug of a page that is or was published stays an error.
    """

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if not slug or self.parent_page is None:
            return slug
        siblings = self.parent_page.get_children().filter(slug=slug)
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        published = Q(live=True) | Q(first_published_at__isnull=False)
        if not siblings.exists() or siblings.filter(published).exists():
            return slug  # free, or a real clash that WagtailAdminPageForm reports
        free = page_slug_available(parent=self.parent_page, slug=slug, page=self.instance)
        self.instance.slug_replaced = (slug, free)
        return free


def page_slug_available(*, parent, slug: str, page=None) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... whichever no other child of ``parent`` has."""
    from wagtail.models import Page

    candidate, suffix = slug, 1
    while not Page._slug_is_available(candidate, parent, page if page and page.pk else None):
        suffix += 1
        candidate = f"{slug}-{suffix}"
    return candidate


class ParentAwarePageForm(CampaignAdminPageForm):
    """Gives the page being created its future parent, so ``clean`` can find its campaign."""

    def clean(self):
        cleaned_data = super().clean()
        if self.parent_page is not None:
            self.instance._parent_for_validation = self.parent_page
        return cleaned_data


class DemandPageForm(ParentAwarePageForm):
    def clean(self):
        cleaned_data = super().clean()
        # Changing the progress without touching its date means it changed today.
        if (
            "progress_status" in self.changed_data
            and "progress_changed_at" not in self.changed_data
        ):
            cleaned_data["progress_changed_at"] = timezone.localdate()
        return cleaned_data


def live_formset_rows(formset) -> list[dict]:
    """The cleaned rows of an inline formset that will be kept when the form is saved.

    A cluster form cleans itself before its formsets, so this validates the formset first;
    Django caches the result, and the later validation of the whole form reuses it.
    """
    formset.is_valid()
    return [
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class CampaignPageForm(CampaignAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        rows = live_formset_rows(self.formsets["signature_countries"])
        codes = [str(row["country"]) for row in rows if row.get("country")]
        for code in sorted({code for code in codes if codes.count(code) > 1}):
            self.add_error(
                None,
                _("The country breakdown lists %(country)s twice. Keep one row per country.")
                % {"country": countries.name(code) or code},
            )
        # The total is the newest reading under Campaign → Signature counts.
        latest = self.instance.signature_count_latest() if self.instance.pk else None
        total = latest.count if latest is not None else 0
        breakdown = sum(row.get("count") or 0 for row in rows)
        if breakdown > total:
            self.add_error(
                None,
                _(
                    "The country breakdown adds up to %(breakdown)s, more than the latest "
                    "signature count of %(total)s. Record the new count under Campaign → "
                    "Signature counts first, or correct the breakdown."
                )
                % {"breakdown": number_format(breakdown), "total": number_format(total)},
            )
        return cleaned_data


class OpenLetterPageForm(CampaignAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        rows = live_formset_rows(self.formsets["signatories"])
        organisations = [row["organisation"] for row in rows if row.get("organisation")]
        if len({organisation.pk for organisation in organisations}) != len(organisations):
            self.add_error(None, _("An organisation is listed twice among the signatories."))
        reported = cleaned_data.get("reported_signatory_count")
        if reported is not None and reported < len(organisations):
            self.add_error(
                "reported_signatory_count",
                _(
                    "The reported count (%(reported)s) is lower than the %(listed)s "
                    "signatories listed. Leave it empty or give the full number."
                )
                % {"reported": reported, "listed": len(organisations)},
            )
        return cleaned_data


class SignatureCountForm(WagtailAdminModelForm):
    """A reading is recorded once for a campaign and all its translations: the choice lists the
    campaigns in the default language only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The form field's own minimum would otherwise speak for the model's rule.
        self.fields["count"].error_messages["min_value"] = _(
            "The signature count cannot be below zero."
        )
        field = self.fields["campaign"]
        field.queryset = field.queryset.filter(locale=Locale.get_default()).order_by("title")
        if field.queryset.count() == 1 and not self.instance.pk:
            field.initial = field.queryset.get().pk


def number_format(number: int) -> str:
    """``number`` with the thousands separator of the active language: 1,000 / 1.000 / 1 000."""
    from django.utils.formats import number_format as localized

    return localized(number, force_grouping=True)
