from django.contrib.auth.management import create_permissions
from django.core.management.base import BaseCommand

from articles.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = (
        "Create the staff roles (Contributor, Reporter, Editor, Managing editor) and reset "
        "each one's permissions to the definition in articles/roles.py."
    )

    def handle(self, *args, **options):
        from django.apps import apps

        # Permissions are normally made after `migrate`; making them here first lets the
        # command run on a database a new app's migrations have just reached.
        for app_config in apps.get_app_configs():
            create_permissions(app_config, verbosity=0)
        missing = sync_roles()
        for role in ROLES:
            self.stdout.write(f"{role}: {len(set(ROLES[role]))} permission rules")
            for name in missing[role]:
                self.stderr.write(f"  {role}: no such permission {name}")
