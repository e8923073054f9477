"""The site's own settings plus one URL, the benchmark's "ceiling": used by `make bench` only.

Everything else (middleware, DEBUG off, static files, the database pool) is exactly what
production runs, so the ceiling measures the same server doing the least a Django view can.
"""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "newsroom.bench.urls"
