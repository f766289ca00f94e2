"""participation.protection: the ALTCHA challenge (issued, solved with the library's solver,
verified, spent once), the honeypot and the size limits, through the API and on their own."""

import base64
import datetime
import json
import os
import threading

import altcha
import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from participation import protection
from participation.models import SupporterSignUp
from tests.participation.conftest import altcha_payload, altcha_solve

CHALLENGE = "query { altchaChallenge { challenge expiresAt } }"

# The shared cache that records spent challenges: the tests' in-memory one, and the production
# backend on the real Redis server when REDIS_URL names one (CI's PostgreSQL run).
CACHE_BACKENDS = {"locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHE_BACKENDS["redis"] = {
        "BACKEND": "cms.cache.DegradingRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "participation-protection-tests",
    }


@pytest.fixture(params=sorted(CACHE_BACKENDS))
def shared_cache(request):
    # Every payload is new, so nothing needs clearing (and the Redis database may be shared).
    with override_settings(CACHES={"default": CACHE_BACKENDS[request.param]}):
        yield request.param


def _tampered(payload: str, **parameters) -> str:
    data = json.loads(base64.b64decode(payload))
    data["challenge"]["parameters"].update(parameters)
    return base64.b64encode(json.dumps(data).encode()).decode()


def test_a_solved_challenge_is_accepted_once(shared_cache):
    payload = altcha_payload()

    assert protection.altcha_problem(payload) is None
    assert protection.altcha_problem(payload) is None  # checking does not spend
    assert protection.altcha_spend(payload) is None
    assert protection.altcha_spend(payload).code == "used"
    assert protection.altcha_problem(payload).code == "used"


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("", "required"),
        (None, "required"),
        ("not base64 at all ~~~", "invalid"),
        (base64.b64encode(b"[1, 2]").decode(), "invalid"),
        (base64.b64encode(b'{"challenge": "x", "solution": 1}').decode(), "invalid"),
        ("A" * (protection.ALTCHA_PAYLOAD_MAX_LENGTH + 1), "invalid"),
    ],
)
def test_a_missing_or_malformed_payload_is_refused(payload, code):
    assert protection.altcha_problem(payload).code == code
    assert protection.altcha_spend(payload).code == code


def test_a_changed_challenge_is_refused():
    payload = altcha_payload()

    # A cheaper challenge, or a later expiry, breaks the signature.
    assert protection.altcha_problem(_tampered(payload, cost=1)).code == "invalid"
    later = int(timezone.now().timestamp()) + 10**6
    assert protection.altcha_problem(_tampered(payload, expiresAt=later)).code == "invalid"


def test_a_wrong_solution_is_refused():
    challenge = protection.altcha_challenge()
    parsed = altcha.Challenge.from_dict(challenge)
    wrong = altcha.Solution(counter=0, derived_key="00" * 32)

    assert protection.altcha_problem(altcha.Payload(parsed, wrong).to_base64()).code == "invalid"


def test_a_challenge_signed_with_another_key_is_refused():
    challenge = altcha.create_challenge(
        algorithm="PBKDF2/SHA-256", cost=10, counter=3, hmac_secret="somebody else's key"
    )
    parsed_payload = altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()

    assert protection.altcha_problem(parsed_payload).code == "invalid"


def test_an_expired_challenge_is_refused():
    old = protection.altcha_challenge(now=timezone.now() - datetime.timedelta(hours=1))

    assert protection.altcha_problem(altcha_solve(old)).code == "expired"


def test_the_spent_mark_lasts_until_the_challenge_expires(shared_cache):
    payload = altcha_payload()
    protection.altcha_spend(payload)

    key, timeout = protection._spent_key(payload)
    assert cache.get(key) == 1
    assert 1790 <= timeout <= 1801
    stored_key = cache.make_and_validate_key(key)
    if shared_cache == "redis":
        assert 1790 <= cache._cache.get_client(stored_key).ttl(stored_key) <= 1801
    else:
        remaining = (
            cache._expire_info[cache.make_and_validate_key(key)] - timezone.now().timestamp()
        )
        assert 1790 <= remaining <= 1801


def test_while_the_cache_is_unreachable_a_valid_payload_is_accepted():
    # Redis down: the mark cannot be kept; the proof of work and the expiry still hold.
    unreachable = {
        "BACKEND": "cms.cache.DegradingRedisCache",
        "LOCATION": "redis://127.0.0.1:8439/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    with override_settings(CACHES={"default": unreachable}):
        payload = altcha_payload()
        assert protection.altcha_spend(payload) is None
        assert protection.altcha_spend("garbage").code == "invalid"


def test_of_two_concurrent_submissions_of_one_payload_only_one_passes(shared_cache):
    payload = altcha_payload()
    results = []
    barrier = threading.Barrier(4)

    def submit():
        barrier.wait()
        results.append(protection.altcha_spend(payload))

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(str(problem and problem.code) for problem in results) == [
        "None",
        "used",
        "used",
        "used",
    ]


@override_settings(ALTCHA_ENABLED=False)
def test_the_development_switch_skips_the_check():
    assert protection.altcha_problem("") is None
    assert protection.altcha_spend("anything") is None


def test_size_limits_and_honeypot():
    problems = protection.text_problems({"name": ("x" * 11, 10), "ok": ("y" * 10, 10)})

    assert [(p.field, p.code) for p in problems] == [("name", "max_length")]
    assert "10" in problems[0].message
    assert protection.honeypot_filled("http://spam.example")
    assert not protection.honeypot_filled("")
    assert not protection.honeypot_filled("  ")


def test_form_problems_combines_the_checks():
    problems = protection.form_problems(altcha="", texts={"subject": ("s" * 5, 4)})

    assert [(p.field, p.code) for p in problems] == [
        ("subject", "max_length"),
        ("altcha", "required"),
    ]


# --- Through the API ---------------------------------------------------------------------------


def test_the_challenge_query_issues_a_challenge_the_solver_can_solve_and_the_api_accepts(
    run, sign_up
):
    data = run(CHALLENGE)["altchaChallenge"]

    parameters = data["challenge"]["parameters"]
    assert parameters["algorithm"] == "PBKDF2/SHA-256"
    assert data["challenge"]["signature"]
    assert data["expiresAt"].startswith(
        datetime.datetime.fromtimestamp(parameters["expiresAt"], tz=datetime.UTC).isoformat()[:19]
    )
    assert sign_up(altcha=altcha_solve(data["challenge"]))["__typename"] == (
        "SupporterSignUpAccepted"
    )


def test_each_challenge_is_new():
    first, second = protection.altcha_challenge(), protection.altcha_challenge()

    assert first["parameters"]["nonce"] != second["parameters"]["nonce"]


def test_the_challenge_answer_is_never_cached(client, world, settings):
    settings.GRAPHQL_RESPONSE_CACHE = True
    answers = [
        client.get("/graphql/", {"query": CHALLENGE}, HTTP_ACCEPT="application/json")
        for _ in range(2)
    ]

    assert all(answer.status_code == 200 for answer in answers)
    assert all("no-store" in answer["Cache-Control"] for answer in answers)
    assert all("public" not in answer["Cache-Control"] for answer in answers)
    first, second = (answer.json()["data"]["altchaChallenge"] for answer in answers)
    assert first["challenge"]["signature"] != second["challenge"]["signature"]


@pytest.mark.parametrize(
    ("altcha_value", "code"),
    [("", "required"), ("garbage", "invalid")],
)
def test_a_sign_up_without_a_valid_altcha_is_refused_and_nothing_stored(
    sign_up, mailoutbox, altcha_value, code
):
    answer = sign_up(altcha=altcha_value)

    assert answer["__typename"] == "InvalidInput"
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("altcha", code)]
    assert SupporterSignUp.objects.count() == 0
    assert mailoutbox == []


def test_a_replayed_sign_up_is_refused(sign_up):
    payload = altcha_payload()
    assert sign_up(altcha=payload)["__typename"] == "SupporterSignUpAccepted"

    replay = sign_up(altcha=payload, email="other@example.org")

    assert [(e["field"], e["code"]) for e in replay["errors"]] == [("altcha", "used")]
    assert SupporterSignUp.objects.count() == 1


def test_a_form_refused_for_another_field_can_be_sent_again_with_the_same_payload(sign_up):
    payload = altcha_payload()
    assert sign_up(altcha=payload, email="nope")["__typename"] == "InvalidInput"

    assert sign_up(altcha=payload)["__typename"] == "SupporterSignUpAccepted"


def test_the_honeypot_does_not_spend_the_challenge(sign_up):
    payload = altcha_payload()
    sign_up(altcha=payload, website="http://spam.example")

    assert protection.altcha_problem(payload) is None
    assert SupporterSignUp.objects.count() == 0


def test_an_overlong_consent_version_is_a_size_error(sign_up):
    answer = sign_up(consentTextsVersion="v" * 41)

    assert [(e["field"], e["code"]) for e in answer["errors"]] == [
        ("consentTextsVersion", "max_length")
    ]
