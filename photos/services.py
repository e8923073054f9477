from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Photo
from .validators import validate_photo_file


@transaction.atomic
def photo_create(*, image, caption="", credit="", alt_text="", taken_on=None):
    """Store a new photo. The image is checked and stripped of metadata by Photo.save()."""
    # Check before the model sees the file: building a Photo reads the image's dimensions
    # with Pillow, which a decompression bomb would turn into an exception, not a message.
    try:
        validate_photo_file(image)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from error
    photo = Photo(image=image, caption=caption, credit=credit, alt_text=alt_text, taken_on=taken_on)
    photo.full_clean()
    photo.save()
    return photo


@dataclass
class UploadReport:
    created: list = field(default_factory=list)
    # (file name, [messages]) for every file that was refused.
    refused: list = field(default_factory=list)


def photos_upload_several(*, files, caption="", credit="", taken_on=None):
    """Store each good file as a photo and say why each bad one was refused.

    Deliberately not one transaction: every file is its own, so one damaged picture does
    not cost the editor the twenty good ones uploaded with it.
    """
    report = UploadReport()
    for file in files:
        try:
            photo = photo_create(image=file, caption=caption, credit=credit, taken_on=taken_on)
        except ValidationError as error:
            messages = error.message_dict.get("image") if hasattr(error, "error_dict") else None
            report.refused.append((file.name, messages or error.messages))
        else:
            report.created.append(photo)
    return report
