from django.tasks import task

from .renditions import generate_renditions


@task()
def generate_photo_renditions(photo_id, force=False):
    """Make a photo's renditions in the worker (`manage.py db_worker`), not in a request.

    Only what is missing, unless `force` (see generate_renditions): enqueued on upload and
    by `manage.py photos_renditions`.
    """
    from .models import Photo

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        # Deleted before the worker got to it: nothing to do.
        return
    generate_renditions(photo, force=force)
