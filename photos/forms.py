from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Photo
from .validators import validate_photo_file

ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


class PhotoImageField(forms.ImageField):
    """An image upload checked by photos.validators, with messages that name the problem.

    Django's own ImageField opens the file with Pillow first and turns every failure
    (a decompression bomb, a text file, a cut-off JPEG) into one vague "not a valid image";
    ours runs before it can, so editors learn what is wrong and what to do.
    """

    default_validators = []

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        validate_photo_file(upload)
        upload.seek(0)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ACCEPT
        return attrs


class PhotoForm(forms.ModelForm):
    image = PhotoImageField(label=_("Image"), help_text=Photo._meta.get_field("image").help_text)

    class Meta:
        model = Photo
        fields = ["image", "caption", "credit", "alt_text", "taken_on"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files from one <input multiple>; each is checked later, one by one, so that
    one bad file does not turn away the good ones."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [file for file in files if file]
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        # No per-file checks here: photos_upload_several reports each file's own problem.
        return files


class PhotoUploadSeveralForm(forms.Form):
    images = MultiplePhotoField(
        label=_("Photos"),
        help_text=_("Choose as many as you like: JPEG, PNG, WebP or GIF."),
    )
    credit = forms.CharField(
        label=_("Credit"),
        max_length=Photo._meta.get_field("credit").max_length,
        required=False,
        help_text=_("The photographer or source, applied to every photo."),
    )
    caption = forms.CharField(
        label=_("Caption"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Applied to every photo; you can edit each one afterwards."),
    )
    taken_on = forms.DateField(
        label=_("Date taken"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
