"""No personal data in logs or in GraphQL errors, along the whole flow."""

import logging

from django.test import override_settings

from participation.models import SupporterSignUp
from participation.tokens import CONFIRM, MANAGE, token_make
from tests.participation.conftest import EMAIL, NORMALISED, SIGN_UP, sign_up_input

PERSONAL = [NORMALISED, "ada lovelace", "lovelace", "192.0.2.1"]


def _clean(text: str) -> bool:
    text = text.lower()
    return not any(value in text for value in PERSONAL)


@override_settings(PARTICIPATION_RATE_LIMIT=8)
def test_the_whole_flow_logs_no_personal_data(run, sign_up, world, caplog):
    caplog.set_level(logging.DEBUG)

    sign_up()
    sign_up(email="broken-address")
    reference = SupporterSignUp.objects.get().reference
    run(
        "mutation($t: String!) { supporterConfirm(token: $t) { __typename } }",
        {"t": token_make(reference=reference, purpose=CONFIRM)},
    )
    manage = token_make(reference=reference, purpose=MANAGE)
    for field in ("supporterDataExport", "supporterErase"):
        run(f"mutation($t: String!) {{ {field}(token: $t) {{ __typename }} }}", {"t": manage})
    for _ in range(4):
        sign_up()  # beyond the rate limit

    assert caplog.records
    logged = "\n".join(
        [record.getMessage() for record in caplog.records]
        + [str(record.args) for record in caplog.records]
    )
    assert _clean(logged), logged


def test_graphql_errors_carry_no_personal_data(run, world, caplog):
    caplog.set_level(logging.DEBUG)
    # A wrongly typed variable: graphql-core's message would quote the value it refused.
    variables = {"input": {**sign_up_input(world), "consents": [{"purpose": EMAIL}]}}

    result = run(SIGN_UP, variables, allow_errors=True)

    assert result.errors
    assert all(_clean(error.message) for error in result.errors), [e.message for e in result.errors]
    assert _clean(caplog.text), caplog.text
