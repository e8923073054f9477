from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(using, **kwargs):
    """The database cache's table, made with the schema: `migrate` is all a new site runs."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
        # Any sender: post_migrate is sent only for apps with models, which this one has not.
        # It comes once per app; createcachetable does nothing when the table exists.
        post_migrate.connect(create_cache_table, dispatch_uid="newsroom_cache_table")
