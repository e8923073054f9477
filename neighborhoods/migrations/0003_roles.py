from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import sync_roles


def sync_roles_with_association_permissions(apps, schema_editor):
    # The permissions for associations, officers, meetings and notices are normally created
    # after the whole `migrate` run; the role groups need them now (see
    # articles/migrations/0003_roles.py for why models_module is set).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("neighborhoods", "0002_associations_meetings_notices"),
        ("articles", "0003_roles"),
    ]

    # Reversing leaves the groups' permissions: staff users rely on them by then.
    operations = [
        migrations.RunPython(sync_roles_with_association_permissions, migrations.RunPython.noop)
    ]
