"""Admin views that change Wagtail's defaults where editors were told something else."""

import copy

from django.db import transaction
from wagtail.contrib.simple_translation.forms import SubmitTranslationForm
from wagtail.contrib.simple_translation.views import SubmitPageTranslationView

from campaign.services import page_parents_translate


class PageTranslationForm(SubmitTranslationForm):
    """Wagtail's "Translate" form, offering every locale the page is not translated into yet.

    Wagtail greys out a locale whose parent page is not translated; here the parents are
    translated along with the page (see ``PageTranslationView``).
    """

    def __init__(self, instance, *args, **kwargs):
        super().__init__(instance, *args, **kwargs)
        locales = self.fields["locales"]
        if list(locales.widget.disabled_values):
            locales.widget.disabled_values = []
            locales.help_text = (
                "Parent pages not yet in a chosen language are added too, as copies that show "
                "the original until you translate them."
            )
        untranslated = len(locales.queryset)
        self.show_submit = untranslated > 0
        if untranslated > 1:
            self.fields["select_all"].widget = copy.deepcopy(
                SubmitTranslationForm.base_fields["select_all"].widget
            )


class PageTranslationView(SubmitPageTranslationView):
    """Translate a page into the chosen locales, adding its missing parents first."""

    def get_form(self):
        if self.request.method == "POST":
            return PageTranslationForm(self.object, self.request.POST)
        return PageTranslationForm(self.object)

    def post(self, request, **kwargs):
        form = self.get_form()
        with transaction.atomic():
            if form.is_valid():
                for locale in form.cleaned_data["locales"]:
                    page_parents_translate(page=self.object, locale=locale, user=request.user)
            return super().post(request, **kwargs)
