from django.tasks import task

from .renditions import generate_renditions


@task()
def generate_photo_renditions(photo_id):
    """Make a photo's renditions in the worker (`manage.py db_worker`), not in a request."""
    from .models import Photo

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        # Deleted before the worker got to it: nothing to do.
        return
    generate_renditions(photo)
