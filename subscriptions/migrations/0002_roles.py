from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import sync_roles


def create_roles(apps, schema_editor):
    # The newsletter permissions exist only once this app is migrated: create them now and
    # give the roles what articles/roles.py lists (see articles/migrations/0003_roles.py).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0001_initial"),
        ("articles", "0003_roles"),
        ("neighborhoods", "0003_roles"),
    ]

    # Reversing leaves the groups: staff users may belong to them by then.
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
