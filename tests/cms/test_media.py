"""Documents are only ever served through Wagtail's document view, whatever serves media.

The issue's case: ``/documents/1/board-minutes.pdf`` asked for a login, but
``/media/documents/board-minutes.pdf`` served the file, on the development server and with
deploy/nginx.conf.example.
"""

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import types
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from wagtail_factories import DocumentFactory

from campaign import factories

BASE_DIR = Path(settings.BASE_DIR)
# Addresses of one document file, as a visitor might spell them to get past a location rule.
DOCUMENT_SPELLINGS = [
    "/media/documents/{name}",
    "/media//documents/{name}",
    "/media/./documents/{name}",
    "/media/images/../documents/{name}",
    "/media/%64ocuments/{name}",
]


@pytest.fixture
def dev_urls(settings):
    """cms/urls.py as the development server loads it (DEBUG on: media served by Django)."""
    settings.DEBUG = True
    name = "tests.cms._dev_urls"
    module = types.ModuleType(name)
    source = BASE_DIR / "cms" / "urls.py"
    exec(compile(source.read_text(), str(source), "exec"), module.__dict__)  # noqa: S102
    sys.modules[name] = module
    settings.ROOT_URLCONF = name
    yield module
    del sys.modules[name]


def test_documents_are_served_through_the_document_view():
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_the_issues_private_document_is_not_under_media_in_development(
    board_minutes, dev_urls, client
):
    name = Path(board_minutes.file.name).name
    assert name == "board-minutes.pdf"
    assert (Path(settings.MEDIA_ROOT) / "documents" / name).exists()

    # The document view asks for a login ...
    response = client.get(f"/documents/{board_minutes.pk}/{name}")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    # ... and the file is not one step away.
    for spelling in DOCUMENT_SPELLINGS:
        assert client.get(spelling.format(name=name)).status_code == 404, spelling


def test_a_public_document_is_served_by_the_view_and_images_under_media(db, dev_urls, client):
    document = DocumentFactory(title="Leaflet", file=None)
    document.file.save("leaflet.pdf", ContentFile(b"%PDF-1.4 leaflet"), save=True)
    image = factories.ImageFactory()

    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 leaflet"
    assert client.get("/media/documents/leaflet.pdf").status_code == 404
    # Other media are still served in development.
    assert client.get(f"/media/{image.file.name}").status_code == 200


# --- deploy/nginx.conf.example, run by nginx on loopback ----------------------------------------

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_for_loopback(example: str, *, port: int, media: Path, logs: Path) -> str:
    """The example's HTTPS server block, listening on ``port`` without TLS, media from ``media``."""
    https = example[example.rindex("server {", 0, example.index("listen 443")) :]
    lines = []
    for line in https.splitlines():
        stripped = line.strip()
        if stripped.startswith(("listen", "ssl_", "http2")):
            continue
        lines.append(line)
    site = "\n".join(lines).replace("server {", f"server {{\n    listen 127.0.0.1:{port};", 1)
    site = site.replace("/var/lib/campaign-cms/media/", f"{media}/")
    site = site.replace("/var/log/nginx/", f"{logs}/")
    # Everything before the first server block: the cache, the log format, the upstream.
    preamble = example[: example.index("server {")]
    preamble = preamble.replace("/var/cache/nginx/campaign-cms", f"{logs}/cache")
    return preamble + site


def test_the_nginx_example_never_serves_documents_from_media(tmp_path):
    assert NGINX, "nginx is missing: `make test` installs it (apt-get install nginx)"
    # Readable by nginx's workers, which drop root's rights (pytest's tmp_path is private).
    media = Path(tempfile.mkdtemp(prefix="campaign-cms-nginx-media-"))
    media.chmod(0o755)
    (media / "documents").mkdir(parents=True)
    (media / "images").mkdir()
    (media / "documents" / "board-minutes.pdf").write_bytes(b"%PDF-1.4 minutes")
    (media / "images" / "logo.png").write_bytes(b"\x89PNG logo")
    port = free_port()
    example = (BASE_DIR / "deploy" / "nginx.conf.example").read_text()
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n  fastcgi_temp_path {tmp_path}/fastcgi;\n"
        f"  uwsgi_temp_path {tmp_path}/uwsgi;\n  scgi_temp_path {tmp_path}/scgi;\n"
        f"{site_for_loopback(example, port=port, media=media, logs=tmp_path)}\n}}\n"
    )
    server = subprocess.Popen(  # noqa: S603
        [NGINX, "-c", str(config), "-p", str(tmp_path), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    try:

        def status(path: str) -> int:
            request = urllib.request.Request(  # noqa: S310
                f"http://127.0.0.1:{port}{path}", headers={"Host": "cms.example.org"}
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code

        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stderr.read().decode())
                time.sleep(0.1)

        assert status("/media/images/logo.png") == 200
        for spelling in DOCUMENT_SPELLINGS:
            assert status(spelling.format(name="board-minutes.pdf")) == 404, spelling
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(media)
