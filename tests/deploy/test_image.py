"""deploy/Dockerfile: linted, and every step it runs run here, outside Docker.

No Docker engine runs on this machine or in CI, so the image is never built here. What it does
is: install requirements.prod.lock with hashes, collect the static files with the production
settings, start gunicorn with deploy/gunicorn.conf.py, and check its health with
deploy/healthcheck.py. Each is run below with the image's environment (tests/deploy/image.py).
"""

import http.server
import json
import re
import socket
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest

from tests.deploy.image import (
    DOCKERFILE,
    ROOT,
    VENV_BIN,
    cmd,
    healthcheck_cmd,
    image_env,
    instruction_values,
    stages,
    user,
)

PORTS = range(8350, 8360)  # this project's helper range for servers started by tests
PRODUCTION = {"SECRET_KEY": "test-only-" + "x" * 50, "ALLOWED_HOSTS": "cms.example.org"}


def _port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8350-8359")


def _pins(lock: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """{name: (version, hashes)} of a uv/pip-compile lock file."""
    pins = {}
    for block in re.split(r"\n(?=[a-z0-9])", lock.read_text()):
        match = re.match(r"([a-z0-9._-]+)==(\S+)", block)
        if match:
            hashes = frozenset(re.findall(r"--hash=(sha256:[0-9a-f]+)", block))
            pins[match[1]] = (match[2], hashes)
    return pins


def test_hadolint_finds_nothing():
    """CI's lint of the image definition: no error, warning, info or style note."""
    result = subprocess.run(
        [VENV_BIN / "hadolint", "--failure-threshold", "style", DOCKERFILE],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "")


def test_hadolint_catches_a_bad_dockerfile(tmp_path):
    """The linter runs for real (a wheel without its binary would pass the test above)."""
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get install gcc\n")
    result = subprocess.run(
        [VENV_BIN / "hadolint", bad], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "DL3007" in result.stdout  # the "latest" tag


def test_two_stages_final_one_slim_non_root_without_build_tools():
    builder, runtime = stages()
    assert builder[0]["value"].endswith("AS builder")
    base = re.search(r"PYTHON_IMAGE=(\S+)", DOCKERFILE.read_text())[1]
    assert base.startswith("python:3.11-slim")
    runs = " ".join(instruction_values("RUN", runtime))
    for tool in ("apt-get", "apk", "gcc", "build-essential", "pip install"):
        assert tool not in runs
    uid, gid = user()
    assert uid >= 1000 and gid >= 1000
    assert any(i["value"].startswith("--from=builder /opt/venv") for i in runtime)


def test_builder_installs_the_production_lock_with_hashes():
    builder = stages()[0]
    run = " ".join(instruction_values("RUN", builder))
    assert "--require-hashes" in run and "-r /tmp/requirements.prod.lock" in run


def test_production_lock_pins_what_the_tests_ran_and_every_dependency():
    """requirements.prod.lock is requirements.lock less the dev extra: the same version and
    hashes for each package, and every dependency of pyproject.toml in it (`make lock`)."""
    full = _pins(ROOT / "requirements.lock")
    production = _pins(ROOT / "requirements.prod.lock")
    for name, (version, hashes) in production.items():
        assert full[name][0] == version, name
        assert hashes and hashes <= full[name][1], name
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        name = re.match(r"[A-Za-z0-9._-]+", requirement)[0].lower().replace("_", "-")
        assert name in production, name
    for requirement in project["optional-dependencies"]["dev"]:
        name = re.match(r"[A-Za-z0-9._-]+", requirement)[0].lower()
        assert name not in production, name


def test_collectstatic_step_collects_with_the_production_settings(tmp_path):
    """The RUN step that collects the static files, as written, with the image's environment:
    the throwaway SECRET_KEY and ALLOWED_HOSTS are enough and no database is needed."""
    (step,) = [run for run in instruction_values("RUN") if "collectstatic" in run]
    static = tmp_path / "static"
    env = image_env(STATIC_ROOT=str(static), MEDIA_ROOT=str(tmp_path / "media"))
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none"  # unreachable: must not be used
    result = subprocess.run(
        ["sh", "-c", step], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    assert "wagtailadmin/css/core.css" in manifest
    assert (static / manifest["wagtailadmin/css/core.css"]).is_file()


def test_cmd_loads_the_application_with_the_image_settings():
    """gunicorn with the image's CMD reads deploy/gunicorn.conf.py and imports the application
    under the production settings (--print-config loads it and exits); it listens on all
    addresses, port 8000, with no control socket (the image's file system is read-only)."""
    env = image_env(**PRODUCTION)
    result = subprocess.run(
        [*cmd(), "--print-config"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    settings = dict(
        re.match(r"(\w+)\s*= (.*)", line).groups()
        for line in result.stdout.splitlines()
        if re.match(r"\w+\s*= ", line)
    )
    assert settings["bind"] == "['0.0.0.0:8000']"
    assert settings["wsgi_app"] == "cms.wsgi:application"
    assert settings["control_socket_disable"] == "True"
    assert instruction_values("EXPOSE") == ["8000"]


def test_cmd_fails_without_the_secret_key():
    """The same command refuses to start when the deployment forgot SECRET_KEY."""
    env = image_env(ALLOWED_HOSTS="cms.example.org")
    result = subprocess.run(
        [*cmd(), "--check-config"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


class _Answer(http.server.BaseHTTPRequestHandler):
    status = 200
    seen: list[dict] = []

    def do_GET(self):  # noqa: N802 — the name http.server calls
        self.seen.append({"path": self.path, **dict(self.headers)})
        self.send_response(self.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def _run_healthcheck(port: int, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        healthcheck_cmd(),
        cwd=ROOT,
        env=image_env(GUNICORN_BIND=f"127.0.0.1:{port}", **env),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(("status", "exit_code"), [(200, 0), (301, 1), (400, 1), (503, 1)])
def test_healthcheck_is_healthy_only_on_200(status, exit_code):
    port = _port()
    handler = type("Handler", (_Answer,), {"status": status, "seen": []})
    server = http.server.HTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = _run_healthcheck(port, ALLOWED_HOSTS=".example.org,cms.example.org")
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == exit_code
    (request,) = handler.seen
    assert request["path"] == "/health/live/"
    # What ALLOWED_HOSTS and SECURE_SSL_REDIRECT check, were the health answer behind them.
    assert request["Host"] == "example.org"
    assert request["X-Forwarded-Proto"] == "https"


def test_healthcheck_is_unhealthy_when_nothing_listens():
    result = _run_healthcheck(_port())
    assert result.returncode == 1
    assert "health check /health/live/" in result.stderr


def test_healthcheck_passes_against_the_image_cmd(tmp_path):
    """The image's CMD started for real, with the production settings, and its HEALTHCHECK
    run against it: healthy once gunicorn answers."""
    port = _port()
    env = image_env(
        **PRODUCTION,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="1",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(cmd(), cwd=ROOT, env=env, stdout=output, stderr=output)
    try:
        deadline = time.monotonic() + 60
        result = _run_healthcheck(port, **PRODUCTION)
        while result.returncode != 0 and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()[-2000:]
            time.sleep(0.5)
            result = _run_healthcheck(port, **PRODUCTION)
        assert result.returncode == 0, result.stderr + log.read_text()[-2000:]
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_python_is_the_one_of_the_image():
    """The tests run the image's steps with this interpreter: the same minor version."""
    assert sys.version_info[:2] == (3, 11)


def _dockerignore_regexes() -> list[re.Pattern]:
    """The patterns of .dockerignore as Docker reads them (Go's filepath.Match plus ``**``,
    matched against a path and each of its parent folders). None of ours uses ``!``."""
    regexes = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        pattern = line.strip().lstrip("/")
        if not pattern or pattern.startswith("#"):
            continue
        assert not pattern.startswith("!"), "exceptions are not handled here"
        regex = re.escape(pattern)
        regex = regex.replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
        regex = regex.replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        regexes.append(re.compile(regex))
    return regexes


def _build_context() -> set[str]:
    """The repository's files that `docker build -f deploy/Dockerfile .` sends."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    regexes = _dockerignore_regexes()

    def ignored(path: str) -> bool:
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        return any(regex.fullmatch(prefix) for regex in regexes for prefix in prefixes)

    return {path for path in files if not ignored(path)}


def _local_apps() -> set[str]:
    """The project's own top-level packages in INSTALLED_APPS: ``{"cms", "campaign", ...}``."""
    from django.conf import settings

    return {
        name.split(".")[0]
        for name in settings.INSTALLED_APPS
        if (ROOT / name.split(".")[0] / "__init__.py").exists()
    } | {"cms"}


def test_image_compiles_every_local_app():
    """A new app must not be left out of the image's compileall step (participation once was)."""
    run_steps = " ".join(instruction_values("RUN"))
    compiled = set(re.findall(r"/app/(\w+)", run_steps.split("compileall", 1)[1]))
    assert _local_apps() <= compiled, sorted(_local_apps() - compiled)


def test_package_metadata_includes_every_local_app():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    included = {
        pattern.rstrip("*")
        for pattern in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    assert _local_apps() <= included, sorted(_local_apps() - included)


def test_build_context_holds_what_the_image_runs_and_nothing_local():
    context = _build_context()
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    # The application, its templates, migrations, translations and served docs.
    for path in tracked:
        if path.split("/")[0] in _local_apps() | {"docs"}:
            assert path in context, path
    needed = {"manage.py", "requirements.prod.lock", "deploy/gunicorn.conf.py"}
    needed.add(healthcheck_cmd()[1])
    assert needed <= context
    # Tests, CI, other deployments' files and anything local stay out.
    for path in context:
        assert not path.startswith(("tests/", ".ci/", "deploy/k8s/", "deploy/systemd/")), path
        assert ".venv/" not in path and "__pycache__" not in path, path
    regexes = _dockerignore_regexes()
    for local in (".env", ".git", ".venv", "db.sqlite3", "media", "static"):
        assert any(regex.fullmatch(local) for regex in regexes), local
