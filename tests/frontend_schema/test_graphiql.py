"""GraphiQL is served from the project's own static files: no CDN, no inline script."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import override_settings


@override_settings(GRAPHQL_GRAPHIQL=True)
def test_graphiql_loads_only_local_assets_and_no_inline_script(client):
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert len(sources) == 6
    for source in sources:
        assert source.startswith("/static/frontend_schema/graphiql/"), source
        assert finders.find(source.removeprefix("/static/")), f"{source} is not a static file"
    assert "<script>" not in html, "an inline script is blocked by a strict CSP"
    assert "unpkg.com" not in html and "cdn" not in html.lower()


def test_the_vendored_files_come_with_their_licences():
    for name in ("LICENSE-graphiql.txt", "LICENSE-react.txt", "LICENSE-react-dom.txt"):
        path = finders.find(f"frontend_schema/graphiql/{name}")
        assert path and "MIT License" in Path(path).read_text()
    script = Path(finders.find("frontend_schema/graphiql/graphiql.min.js")).read_text()
    assert "sourceMappingURL" not in script  # the manifest storage would need the map
