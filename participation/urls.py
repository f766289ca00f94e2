"""The pages behind the links in supporters' emails (participation/views.py), at
PARTICIPATION_CONFIRM_PATH and PARTICIPATION_MANAGE_PATH, and under a language prefix of
LANGUAGES ('/de/confirm/'), as Wagtail's pages are.

Not in cms/urls.py's ``i18n_patterns``: those resolve an unprefixed path only while the default
language is active, and these pages must answer the emails' unprefixed links whatever
language the browser asks for.
"""

import re

from django.conf import settings
from django.urls import path, re_path

from participation import views


def _routes(setting: str, view, name: str) -> list:
    # Settings hold URL paths ('/confirm/'); Django's routes have no leading slash.
    route = setting.lstrip("/")
    languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return [
        path(route, view, name=name),
        re_path(rf"^(?P<locale_code>{languages})/{re.escape(route)}$", view, name=f"{name}-locale"),
    ]


urlpatterns = [
    *_routes(settings.PARTICIPATION_CONFIRM_PATH, views.confirm, "participation-confirm"),
    *_routes(settings.PARTICIPATION_MANAGE_PATH, views.manage, "participation-manage"),
]
