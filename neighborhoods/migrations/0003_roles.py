from django.db import migrations

from articles.roles import sync_roles_in_migration


class Migration(migrations.Migration):
    dependencies = [
        ("neighborhoods", "0002_associations_meetings_notices"),
        ("articles", "0003_roles"),
    ]

    # Reversing leaves the groups' permissions: staff users rely on them by then.
    operations = [
        migrations.RunPython(sync_roles_in_migration, migrations.RunPython.noop)
    ]
