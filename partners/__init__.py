"""Partners: what carries the campaign to partner organisations' own sites.

Feeds (RSS, Atom, JSON Feed), embeddable widgets and oEmbed, the sitemap, and webhooks. Everything
here publishes only what ``campaign.selectors.public_pages`` lets through.
"""
