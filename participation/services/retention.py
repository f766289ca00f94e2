"""Retention: every kind of participation data deleted once its period is over."""

from __future__ import annotations

import datetime

from participation.services.applications import applications_retention_apply
from participation.services.supporters import (
    contact_messages_delete_expired,
    unconfirmed_sign_ups_delete,
)


def retention_apply(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Apply every retention period of participation data (the periods are settings,
    docs/participation.md, "Retention"). Returns how many rows were deleted, per kind:
    ``{"sign_ups": unconfirmed sign-ups, "contact_messages": unsent contact messages,
    "applications": organisations' applications}``."""
    return {
        "sign_ups": unconfirmed_sign_ups_delete(now=now),
        "contact_messages": contact_messages_delete_expired(now=now),
        "applications": applications_retention_apply(now=now),
    }
