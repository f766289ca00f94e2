"""deploy/nginx.conf.example logs no personal data: every access_log uses a format without the
client's address, user agent, referrer or query string (participation links carry tokens)."""

import re
from pathlib import Path

EXAMPLE = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf.example").read_text()
PERSONAL = {
    "$remote_addr",
    "$http_x_forwarded_for",
    "$http_user_agent",
    "$http_referer",
    "$request",
    "$request_uri",
    "$args",
    "$query_string",
    "$remote_user",
    "$http_cookie",
}


def _formats() -> dict[str, str]:
    found = {}
    for match in re.finditer(r"log_format\s+(\S+)\s+((?:'[^']*'\s*)+);", EXAMPLE):
        found[match.group(1)] = " ".join(re.findall(r"'([^']*)'", match.group(2)))
    return found


def test_every_access_log_names_a_format_without_personal_data():
    formats = _formats()
    logs = re.findall(r"^\s*access_log\s+([^;]+);", EXAMPLE, re.M)
    assert logs
    for log in logs:
        parts = log.split()
        if parts == ["off"]:
            continue
        # Without a format name nginx uses "combined": address, request line, referrer, agent.
        assert len(parts) >= 2 and parts[1] in formats, log
        variables = set(re.findall(r"\$\w+", formats[parts[1]]))
        assert not variables & PERSONAL, (parts[1], variables & PERSONAL)
