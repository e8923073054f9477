from django.db import migrations

from articles.roles import sync_roles_in_migration


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
    operations = [migrations.RunPython(sync_roles_in_migration, migrations.RunPython.noop)]
