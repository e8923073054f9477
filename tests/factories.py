"""factory_boy factories shared by every test module."""

import io
from datetime import datetime, time, timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author, Byline, Section
from neighborhoods.models import Association, Meeting, Neighborhood, Notice, Officer
from photos.models import Gallery, GalleryPhoto, Photo
from subscriptions.models import Edition, Newsletter, Subscriber


def image_bytes(width=1200, height=800, color=(40, 90, 140), fmt="JPEG", **save_kwargs):
    """A real image made in memory with Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def image_upload(name="photo.jpg", **kwargs):
    fmt = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}[
        name.rsplit(".", 1)[-1].lower()
    ]
    content_type = {"JPEG": "image/jpeg"}.get(fmt, f"image/{fmt.lower()}")
    return SimpleUploadedFile(name, image_bytes(fmt=fmt, **kwargs), content_type=content_type)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class NeighborhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighborhood

    name = factory.Sequence(lambda n: f"Neighborhood {n}")
    slug = factory.Sequence(lambda n: f"neighborhood-{n}")
    description = "A quiet part of town by the river."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    order = factory.Sequence(lambda n: n)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    title = "Staff Reporter"
    bio = "Covers city hall and the school board."


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    image = factory.LazyFunction(image_upload)
    caption = factory.Sequence(lambda n: f"Caption {n}")
    credit = "Staff photographer"
    alt_text = factory.Sequence(lambda n: f"Description of photo {n}")


class GalleryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gallery

    title = factory.Sequence(lambda n: f"Gallery {n}")
    slug = factory.Sequence(lambda n: f"gallery-{n}")


class GalleryPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GalleryPhoto

    gallery = factory.SubFactory(GalleryFactory)
    photo = factory.SubFactory(PhotoFactory)
    order = factory.Sequence(lambda n: n)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, an hour old, with one byline."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Council approves budget number {n}")
    slug = factory.Sequence(lambda n: f"council-approves-budget-{n}")
    dek = "The vote was 5 to 2 after a long night of public comment."
    body = "<p>The city council voted Tuesday.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if not create:
            return
        for order, author in enumerate(extracted or [AuthorFactory()]):
            Byline.objects.create(article=obj, author=author, order=order)


class AssociationFactory(factory.django.DjangoModelFactory):
    """An association serving one new neighborhood (pass neighborhoods=[...] to choose)."""

    class Meta:
        model = Association
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Neighborhood Association {n}")
    slug = factory.Sequence(lambda n: f"neighborhood-association-{n}")
    mission = "Speaks for the residents and keeps the streets safe and clean."
    email = factory.LazyAttribute(lambda a: f"{a.slug}@example.org")
    meeting_place = "Eastbank Library"
    meeting_schedule = "Second Tuesday of the month, 7 p.m."

    @factory.post_generation
    def neighborhoods(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.neighborhoods.set(extracted if extracted is not None else [NeighborhoodFactory()])


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    association = factory.SubFactory(AssociationFactory)
    name = factory.Sequence(lambda n: f"Officer {n}")
    role = "President"
    order = factory.Sequence(lambda n: n)


def _in_three_days_at_7pm():
    # Built from the local date and wall-clock time so the hour is 7 p.m. whatever the
    # daylight-saving offset is that day.
    day = timezone.localdate() + timedelta(days=3)
    return timezone.make_aware(datetime.combine(day, time(19, 0)))


class MeetingFactory(factory.django.DjangoModelFactory):
    """An approved meeting in three days at 7 p.m. local time, 90 minutes long."""

    class Meta:
        model = Meeting

    association = factory.SubFactory(AssociationFactory)
    title = factory.Sequence(lambda n: f"Monthly meeting {n}")
    starts_at = factory.LazyFunction(_in_three_days_at_7pm)
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(minutes=90))
    place = "Eastbank Library, 1200 River Rd."
    description = "Agenda: the new crosswalk, the park cleanup."


class NoticeFactory(factory.django.DjangoModelFactory):
    """An approved notice dated today."""

    class Meta:
        model = Notice

    association = factory.SubFactory(AssociationFactory)
    title = factory.Sequence(lambda n: f"Letter to residents {n}")
    body = "Dear neighbors,\n\nThe park cleanup is on Saturday."


class NewsletterFactory(factory.django.DjangoModelFactory):
    """A public weekly digest (pass kind=..., neighborhood=... for another kind)."""

    class Meta:
        model = Newsletter

    name = factory.Sequence(lambda n: f"Weekly digest {n}")
    slug = factory.Sequence(lambda n: f"weekly-digest-{n}")
    description = "The week's news, every Friday morning."
    kind = Newsletter.Kind.DIGEST
    is_public = True
    order = factory.Sequence(lambda n: n)


class SubscriberFactory(factory.django.DjangoModelFactory):
    """An active, confirmed subscriber (pass newsletters=[...] to subscribe them to lists)."""

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    status = Subscriber.Status.ACTIVE
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def newsletters(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.newsletters.add(*extracted)


class EditionFactory(factory.django.DjangoModelFactory):
    """A draft edition of a new weekly digest, empty (pass status=..., sent_at=... to vary)."""

    class Meta:
        model = Edition

    newsletter = factory.SubFactory(NewsletterFactory)
    subject = factory.Sequence(lambda n: f"The week in Riverside, number {n}")
    preheader = "The budget vote, a new crosswalk, and the park cleanup."
    intro = "Good morning. Here is what happened around town this week."
    status = Edition.Status.DRAFT
