"""Housekeeping: files on disk follow the Photo rows that name them.

Deletion waits for the transaction to commit, so a rolled-back delete or replacement never
leaves a photo pointing at a missing file.
"""

from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Photo
from .renditions import rendition_names


def delete_files(names):
    for name in names:
        # Another photo may share an original (a copy made in the shell, say); keep it then.
        # Renditions live under renditions/<pk>/ and are never shared.
        if not name.startswith("renditions/") and Photo.objects.filter(image=name).exists():
            continue
        default_storage.delete(name)


@receiver(post_save, sender=Photo, dispatch_uid="photos_delete_replaced_files")
def delete_replaced_files(sender, instance, **kwargs):
    # Never the file the photo now uses (an image "replaced" by the same name).
    names = [
        name for name in getattr(instance, "_replaced_files", ()) if name != instance.image.name
    ]
    instance._replaced_files = []
    if names:
        transaction.on_commit(partial(delete_files, names), robust=True)


@receiver(post_delete, sender=Photo, dispatch_uid="photos_delete_files")
def delete_photo_files(sender, instance, **kwargs):
    names = [
        instance.image.name,
        *rendition_names(instance.renditions),
        *rendition_names(getattr(instance, "_stored_renditions", None)),
    ]
    names = list(dict.fromkeys(name for name in names if name))
    if names:
        transaction.on_commit(partial(delete_files, names), robust=True)
