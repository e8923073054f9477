# Editions (composing, test sends, sending, progress) are registered in admin_editions.py.
from . import admin_editions  # noqa: F401
