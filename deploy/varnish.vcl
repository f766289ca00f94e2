vcl 4.1;
# Varnish in front of the campaign CMS: keeps the answers that say they may be cached and drops
# them by cache tag when the CMS purges (deploy/README.md, "Varnish's cache").
#
# Debian: `apt-get install varnish varnish-modules` (vmod-xkey is in varnish-modules). Copy to
# /etc/varnish/campaign-cms.vcl and start varnishd with two listeners, the public one and one for
# the CMS's purges only:
#
#   varnishd -f /etc/varnish/campaign-cms.vcl -s malloc,1g \
#            -a 127.0.0.1:6081 -a purge=127.0.0.1:6091
#
# (deploy/README.md, "Varnish's cache", has the systemd unit's lines.)
#
# The CMS's worker purges with FRONTEND_CACHE_BACKEND=http and
# FRONTEND_CACHE_LOCATION=http://127.0.0.1:6091 (docs/graphql-endpoint.md, "Purging the CDN").
# TLS ends before Varnish (nginx or hitch on 443, proxying to 127.0.0.1:6081).

import xkey;

# gunicorn (deploy/gunicorn.conf.py).
backend campaign_cms {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge, on the purge listener only: a PURGE that reached the public listener came
# through the TLS proxy, from anyone, even when that proxy runs on this machine.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (local.socket != "purge" || client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # The API's answers, by tag: frontend_schema.frontend_cache.HTTPBackend sends
        # `PURGE /` with the tags, space-separated, in xkey-purge.
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
        }
        # Anything else by URL (Wagtail's own purges: sitemaps, feeds, page URLs).
        return (purge);
    }
    # The rest is Varnish's built-in VCL: only GET and HEAD are looked up, and never with a
    # Cookie or Authorization header (the admin, signed-in previews).
}

sub vcl_backend_response {
    # vmod-xkey reads its keys from `xkey`; the CMS names them in Surrogate-Key
    # (frontend_schema.caching). Cache-Control (s-maxage, stale-while-revalidate), no-store and
    # Set-Cookie are honoured by the built-in VCL.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
}

sub vcl_deliver {
    unset resp.http.xkey;
    # HIT, MISS or PASS (not stored: no-store, private, a cookie, a POST): whether the answer
    # came from the cache, as nginx's X-Cache-Status says.
    if (obj.uncacheable) {
        set resp.http.X-Cache-Status = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache-Status = "HIT";
    } else {
        set resp.http.X-Cache-Status = "MISS";
    }
}
