"""`make bench`: a large seeded paper served the production way and measured under load.

Only the benchmark imports this package; nothing in it is reachable from the site's URLs
(the bare "ceiling" view lives in `newsroom.bench.settings`' own URLconf).
"""
