"""The facts the demo is built from: names, countries, roles and counts, never prose."""

import json
from pathlib import Path
from typing import Any

FACTS_PATH = Path(__file__).resolve().parent.parent / "data" / "demo_campaign.json"


def demo_facts_load(*, path: Path = FACTS_PATH) -> dict[str, Any]:
    """The parsed facts file. A null value means the fact is unknown and must stay empty."""
    with path.open(encoding="utf-8") as facts_file:
        return json.load(facts_file)


def event(facts: dict[str, Any], kind: str) -> dict[str, Any]:
    """The event of ``kind`` ("meeting", "open_letter", "commitment", "publication")."""
    return next(item for item in facts["events"] if item["kind"] == kind)


def mep(facts: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in facts["meps"] if item["name"] == name)
