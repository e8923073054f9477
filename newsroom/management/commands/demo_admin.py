import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Author

USERNAME = "editor"
# Printed on every run and written in the README: this account exists for a newcomer to try
# the admin on their own machine, which is why the command refuses to run with DEBUG off.
PASSWORD = "riverside-demo"  # noqa: S105


class Command(BaseCommand):
    help = (
        f"Create the demo superuser '{USERNAME}' (or reset its password) with a byline, and "
        "print its login. Development only: refuses to run with DEBUG off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_admin only runs with DEBUG on: a published password must never open "
                "a real site's admin. Use 'manage.py createsuperuser' instead."
            )
        with transaction.atomic():
            user = self.reset_user()
            self.give_byline(user)
        self.reset_lockout()

        host = os.environ.get("HOST", "127.0.0.1")
        port = os.environ.get("PORT", "8000")
        self.stdout.write(self.style.SUCCESS("Demo admin account ready (development only):"))
        self.stdout.write(f"  Admin:    http://{host}:{port}/admin/")
        self.stdout.write(f"  Username: {USERNAME}")
        self.stdout.write(f"  Password: {PASSWORD}")

    def reset_user(self):
        user, _ = get_user_model().objects.get_or_create(
            username=USERNAME,
            defaults={"email": "editor@example.org", "first_name": "Demo", "last_name": "Editor"},
        )
        user.is_active = user.is_staff = user.is_superuser = True
        user.set_password(PASSWORD)
        user.save()
        return user

    def give_byline(self, user):
        author = Author.objects.filter(user=user).first()
        if author is None:
            author, _ = Author.objects.get_or_create(
                slug="demo-editor",
                defaults={
                    "name": "Demo Editor",
                    "title": "Editor",
                    "bio": "The account you logged in with. Articles you write appear here.",
                },
            )
            author.user = user
            author.save(update_fields=["user"])

    def reset_lockout(self):
        # A newcomer who mistyped the password five times would otherwise stay locked out
        # by django-axes for an hour; running the command again is the way back in.
        from axes.utils import reset

        reset(username=USERNAME)
