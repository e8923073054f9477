from django_prose_editor.fields import ProseEditorField

# What the editor offers is exactly what the sanitizer lets through (django-prose-editor
# derives nh3's allowlist from this list), so nothing an editor can type is lost on save.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "History": True,
}


class SanitizedProseField(ProseEditorField):
    """Rich text that is cleaned with nh3 on every write, not only through a form.

    ProseEditorField sanitizes in `clean()`, which only forms call. Overriding `pre_save`
    covers `Model.save()` and `bulk_create()`; `get_db_prep_save` also covers
    `QuerySet.update()` and `bulk_update()`, which never call `pre_save`. (A string wrapped
    in `Value()` is handled by ArticleQuerySet.update.)
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": BODY_EXTENSIONS})
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = self.sanitize(value)
            setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        if isinstance(value, str):
            value = self.sanitize(value)
        return super().get_db_prep_save(value, connection)
