"""deploy/gunicorn.conf.py, run for real: two instances side by side, no worker recycling."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(**env) -> Config:
    """The settings gunicorn reads from the config file under ``env``."""
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        namespace = {"__file__": str(CONFIG)}
        exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), namespace)  # noqa: S102
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    cfg = Config()
    for name, value in namespace.items():
        if name in cfg.settings:
            cfg.set(name, value)
    return cfg


def test_workers_are_not_recycled_unless_asked():
    assert _config().max_requests == 0
    asked = _config(GUNICORN_MAX_REQUESTS="50000")
    assert (asked.max_requests, asked.max_requests_jitter) == (50000, 5000)


def test_each_instance_has_its_own_control_socket():
    first = _config(GUNICORN_BIND="127.0.0.1:8001").control_socket
    second = _config(GUNICORN_BIND="127.0.0.1:8002").control_socket
    assert first != second
    assert _config(GUNICORN_CONTROL_SOCKET="").control_socket_disable is True


def test_two_instances_run_side_by_side(tmp_path):
    """Two servers started by the same user both come up and answer (a shared control socket
    made the second one fail or take over the first one's)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_WORKERS": "1",
        "RUNTIME_DIRECTORY": str(tmp_path),
    }
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [str(GUNICORN), "--config", str(CONFIG), "--chdir", str(ROOT)],
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        for port, server in zip(ports, servers, strict=True):
            # Generous: on a loaded machine a worker takes long to import the application.
            deadline = time.monotonic() + 180
            while True:
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                try:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/health/live/", timeout=15
                    ):
                        break
                except urllib.error.HTTPError:
                    break  # any HTTP answer means the instance serves
                except OSError:
                    assert time.monotonic() < deadline, f"instance on {port} never answered"
                    time.sleep(0.3)
        sockets = sorted(p.name for p in tmp_path.glob("*.ctl"))
        assert len(sockets) == 2, sockets
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def _probe(tmp_path, port: int, **env: str) -> str:
    """Start gunicorn with the config, send one probe with a request id, stop it; its output
    (stdout and stderr together)."""
    server = subprocess.Popen(
        [str(GUNICORN), "--config", str(CONFIG), "--chdir", str(ROOT)],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "RUNTIME_DIRECTORY": str(tmp_path),
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, "gunicorn stopped"
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/health/live/?email=someone@example.org",
                headers={"X-Request-ID": "probe-0001"},
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    assert response.headers["X-Request-ID"] == "probe-0001"
                    break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn never answered"
                time.sleep(0.3)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    return output


def test_the_access_log_has_the_request_id_and_no_query_string_or_address(tmp_path):
    """A probe through a real gunicorn: the access line names the path and the request id the
    CMS echoed, not the query string or the client's address."""
    output = _probe(tmp_path, 8340)

    # One line per attempt: a slow first answer may have been retried.
    lines = [line for line in output.splitlines() if "/health/live/" in line]
    assert lines, output
    for line in lines:
        assert line.startswith("GET /health/live/ 200 ")
        assert line.endswith("request_id=probe-0001")
        assert "someone" not in line
        assert "127.0.0.1" not in line


def test_with_log_format_json_every_line_gunicorn_writes_is_json(tmp_path):
    """Start-up, worker and access lines alike, with UTC timestamps (a collector parses all)."""
    import json

    output = _probe(tmp_path, 8341, LOG_FORMAT="json")

    records = [json.loads(line) for line in output.splitlines() if line.strip()]
    loggers = {record["logger"] for record in records}
    assert {"gunicorn.error", "gunicorn.access"} <= loggers, loggers
    for record in records:
        assert record["timestamp"].endswith("+00:00"), record
    access = [record for record in records if record["logger"] == "gunicorn.access"]
    for record in access:
        assert record["message"].startswith("GET /health/live/ 200 ")
        assert record["message"].endswith("request_id=probe-0001")
        assert "someone" not in json.dumps(record)


def test_a_long_graphql_get_reaches_the_api_through_gunicorn_and_the_nginx_example():
    """A query string up to GRAPHQL_MAX_REQUEST_BYTES must reach Django, which answers one past
    it with the API's JSON 414: neither gunicorn (default 4,094 bytes) nor nginx (default 8 KB)
    may cut it first with an HTML error."""
    import re

    from django.conf import settings

    limit = _config().limit_request_line
    assert limit == 0 or limit > settings.GRAPHQL_MAX_REQUEST_BYTES + 100
    nginx = (ROOT / "deploy" / "nginx.conf.example").read_text()
    size = re.search(r"large_client_header_buffers\s+\d+\s+(\d+)k;", nginx)
    assert size and int(size.group(1)) * 1024 > settings.GRAPHQL_MAX_REQUEST_BYTES + 100
