"""Time typical front-end queries against the current database and print the figures.

Speed targets live here, not in timed tests: run it after ``load_demo`` (optionally with
``--extra-posts`` etc.) and compare the numbers between changes.
"""

import json
import statistics
import time
from functools import partial

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client

from campaign.models import CampaignPage

QUERIES = {
    "home page": """query($slug: String!) {
      campaign(slug: $slug) { title tagline intro { html }
        heroImage { rendition(preset: HERO) { url } srcset(preset: HERO) }
        counter { count goal progress breakdown { country { code } count } }
        demands { number shortTitle progressStatus path } }
      posts(first: 10) { edges { node { title path publicationDate summary
        heroImage { rendition(preset: CARD) { url } } } } }
      organisations(first: 100, orderBy: ROLE) { totalCount edges { node { name role
        country { code name } logo { rendition(preset: LOGO) { url } } } } } }""",
    "coalition page 2, filtered": """{
      first: organisations(first: 50, filter: {role: PARTNER}) { pageInfo { endCursor } }
      organisations(first: 50, orderBy: COUNTRY) { totalCount edges { node { name path
        country { name } logo { altText rendition(preset: LOGO) { url } } } } } }""",
    "100 posts with relations": """{
      posts(first: 100) { totalCount edges { node { title path summary tags
        relatedOrganisations { name } relatedDemands { number }
        translations { locale path } seo { title description } } } } }""",
    "search": """{
      search(query: "surveillance", first: 20) {
        totalCount edges { node { __typename title path } } } }""",
}


def _count(executed: list, execute, *args):
    executed.append(1)
    return execute(*args)


class Command(BaseCommand):
    help = "Time typical GraphQL queries (median and 95th percentile) and count their SQL queries."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20, help="Timed runs per query.")

    def handle(self, *args, runs, **options):
        campaign = CampaignPage.objects.live().order_by("path").first()
        if campaign is None:
            self.stderr.write("No live campaign: run `manage.py load_demo` first.")
            return
        client = Client(HTTP_HOST="localhost")
        variables = {"slug": campaign.slug}
        self.stdout.write(f"{'query':32} {'median ms':>10} {'p95 ms':>8} {'SQL':>5} {'bytes':>9}")
        for name, query in QUERIES.items():
            body = json.dumps({"query": query, "variables": variables if "$slug" in query else {}})
            response = client.post("/graphql/", body, content_type="application/json")
            payload = response.json()
            if payload.get("errors"):
                self.stderr.write(f"{name}: {payload['errors'][0]['message']}")
                continue
            executed = []
            # Counted with a wrapper: the test client's request signals reset Django's query log.
            with connection.execute_wrapper(partial(_count, executed)):
                client.post("/graphql/", body, content_type="application/json")
            timings = []
            for _ in range(runs):
                start = time.perf_counter()
                client.post("/graphql/", body, content_type="application/json")
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            self.stdout.write(
                f"{name:32} {statistics.median(timings):10.1f} {p95:8.1f} "
                f"{len(executed):5d} {len(response.content):9d}"
            )
