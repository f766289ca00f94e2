"""What the public API shows of supporters: counts, and names only with consent."""

from django.utils import timezone

from participation.choices import ConsentPurpose, SignUpStatus
from participation.models import ConsentRecord, SupporterSignUp

COUNTS = """query($c: ID!, $l: String) { supporterCounts(campaign: $c, locale: $l) {
  total byCountry { country { code name } count } } }"""
NAMES = """query($c: ID!) { publicSupporterNames(campaign: $c) { names totalCount } }"""


def _supporter(
    campaign, email, *, name="", country="", confirmed=True, show=False, withdrawn=False
):
    now = timezone.now()
    sign_up = SupporterSignUp.objects.create(
        campaign=campaign,
        email=email,
        name=name,
        country=country,
        locale="en",
        status=SignUpStatus.CONFIRMED if confirmed else SignUpStatus.PENDING,
        confirmed_at=now if confirmed else None,
    )
    if show:
        ConsentRecord.objects.create(
            sign_up=sign_up,
            purpose=ConsentPurpose.SHOW_NAME_PUBLICLY,
            wording="Show my name",
            wording_version="v1",
            granted_at=now,
            withdrawn_at=now if withdrawn else None,
        )
    return sign_up


def test_counts_are_of_confirmed_supporters_per_country(run, world, locales):
    campaign = world.campaign
    _supporter(campaign, "a@example.org", country="DE")
    _supporter(campaign, "b@example.org", country="DE")
    _supporter(campaign, "c@example.org", country="FR")
    _supporter(campaign, "d@example.org")
    _supporter(campaign, "e@example.org", country="DE", confirmed=False)
    _supporter(world.other_campaign, "f@example.org", country="DE")

    counts = run(COUNTS, {"c": world.campaign_id, "l": "de"})["supporterCounts"]

    assert counts == {
        "total": 4,
        "byCountry": [
            {"country": {"code": "DE", "name": "Deutschland"}, "count": 2},
            {"country": None, "count": 1},
            {"country": {"code": "FR", "name": "Frankreich"}, "count": 1},
        ],
    }


def test_names_are_shown_only_with_a_standing_consent(run, world):
    campaign = world.campaign
    _supporter(campaign, "a@example.org", name="Shown Person", show=True)
    _supporter(campaign, "b@example.org", name="Not Asked")
    _supporter(campaign, "c@example.org", name="Withdrew", show=True, withdrawn=True)
    _supporter(campaign, "d@example.org", name="Unconfirmed", show=True, confirmed=False)

    names = run(NAMES, {"c": world.campaign_id})["publicSupporterNames"]

    assert names == {"names": ["Shown Person"], "totalCount": 1}


def test_nothing_personal_is_reachable_through_the_public_schema():
    from frontend_schema.schema import schema

    sdl = str(schema)
    query_part = sdl[sdl.index("type Query") :]
    for word in ("email", "confirmedAt"):
        assert word not in query_part.split("type Mutation")[0].split("\n}\n")[0]


def test_an_unknown_campaign_is_an_input_error(run, world):
    result = run(NAMES, {"c": "424242"}, allow_errors=True)

    assert result.errors[0].extensions["code"] == "BAD_USER_INPUT"
