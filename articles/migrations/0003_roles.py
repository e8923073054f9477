from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import sync_roles


def create_roles(apps, schema_editor):
    # Permissions are normally created after the whole `migrate` run; the groups need them
    # now. Django's historical app configs have no models module, which create_permissions
    # takes to mean "nothing to do", hence the flag (the pattern Django's own docs suggest).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow_revisions_corrections_redirects"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("photos", "0001_initial"),
        ("neighborhoods", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    # Reversing leaves the groups: staff users may belong to them by then.
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
