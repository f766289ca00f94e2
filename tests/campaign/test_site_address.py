"""`make run PORT=…`: the default site and the admin's base URL follow the server's address."""

import subprocess

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Site

from campaign import factories


def test_the_default_site_takes_the_servers_address(campaign_tree):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="hello")

    call_command("set_site_address", "127.0.0.1:8101", verbosity=0)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_page_id) == (
        "127.0.0.1",
        8101,
        campaign_tree.campaign.pk,
    )
    assert post.get_full_url() == "http://127.0.0.1:8101/news/hello/"


def test_a_second_call_with_the_same_address_saves_nothing(
    campaign_tree, django_assert_num_queries
):
    call_command("set_site_address", "localhost:8102", verbosity=0)
    with django_assert_num_queries(1):
        call_command("set_site_address", "localhost:8102", verbosity=0)


@pytest.mark.parametrize("address", ["8101", "localhost:", "localhost:http", "localhost:70000"])
def test_an_address_that_is_not_host_and_port_is_refused(db, address):
    with pytest.raises(CommandError, match="is not HOST:PORT"):
        call_command("set_site_address", address)


def make_dry_run(*args: str) -> str:
    result = subprocess.run(
        ["make", "-n", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_make_run_passes_its_port_to_the_site_and_the_admin_base_url():
    commands = make_dry_run("serve", "PORT=8101")

    assert 'manage.py set_site_address "127.0.0.1:8101"' in commands
    assert 'WAGTAILADMIN_BASE_URL="http://127.0.0.1:8101"' in commands
    assert "runserver 127.0.0.1:8101" in commands


def test_make_run_migrates_quietly():
    commands = make_dry_run("-B", "migrate")

    assert "manage.py migrate --noinput -v0" in commands
