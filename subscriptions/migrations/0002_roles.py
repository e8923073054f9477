from django.db import migrations

from articles.roles import sync_roles_in_migration


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0001_initial"),
        ("articles", "0003_roles"),
        ("neighborhoods", "0003_roles"),
    ]

    # Reversing leaves the groups: staff users may belong to them by then.
    operations = [migrations.RunPython(sync_roles_in_migration, migrations.RunPython.noop)]
