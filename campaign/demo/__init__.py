"""Demo content for the campaign CMS, built by ``manage.py load_demo``.

``facts`` reads the campaign's facts (campaign/data/demo_campaign.json); ``content`` and
``translations`` hold the prose written for the demo; ``pages`` creates or updates one page
idempotently; ``placeholders`` draws the stand-in logos; ``loader`` builds the campaign;
``synthetic`` adds bulk content for load tests; ``progress`` reports on long runs.
"""
