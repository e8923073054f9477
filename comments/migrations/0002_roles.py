from django.db import migrations

from articles.roles import sync_roles_in_migration


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("subscriptions", "0002_roles"),
    ]

    # Reversing leaves the groups: staff users may belong to them by then.
    operations = [migrations.RunPython(sync_roles_in_migration, migrations.RunPython.noop)]
