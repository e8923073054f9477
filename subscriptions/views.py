import hmac
import json
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import DetailView, ListView

from newsroom.antispam import client_address, rate_limited

from . import tokens
from .bounces import KINDS, subscriber_mark_undeliverable
from .composing import edition_content
from .forms import PreferencesForm, SignupForm, consent_wording, public_newsletters
from .models import Edition, Newsletter, Subscriber
from .services import (
    subscriber_confirm,
    subscriber_signup,
    subscriber_unsubscribe,
    subscriber_update_lists,
)

# Signups from one address per window: a family signing up one by one fits, a script
# mailing confirmations to strangers does not.
SIGNUPS_PER_WINDOW = 5
SIGNUP_WINDOW = timedelta(minutes=10)


# Signing up and confirming


@require_http_methods(["GET", "POST"])
def signup(request):
    """The /newsletter/ page, and where every signup form (home, articles) posts.

    A valid signup always gets the same "check your inbox" page, whether the address is
    new, waiting, active or suppressed: the answer must not tell who subscribes.
    """
    newsletters = public_newsletters()
    form = SignupForm(request.POST if request.method == "POST" else None, newsletters=newsletters)
    context = {"form": form}
    if request.method == "POST":
        if rate_limited(
            request, scope="newsletter-signup", limit=SIGNUPS_PER_WINDOW, period=SIGNUP_WINDOW
        ):
            context["rate_limited"] = True
            return render(request, "subscriptions/signup.html", context, status=429)
        if form.is_valid():
            if not form.is_from_a_bot():
                subscriber_signup(
                    email=form.cleaned_data["email"],
                    newsletters=form.cleaned_data["newsletters"],
                    source=form.source_label(),
                    wording=consent_wording(),
                    ip=client_address(request),
                )
            return render(request, "subscriptions/signup_thanks.html")
    return render(request, "subscriptions/signup.html", context)


def _invalid_link(request, template, status=400):
    # A fresh signup form on the page itself: the way out of a dead link is one step.
    form = SignupForm(newsletters=public_newsletters())
    return render(request, template, {"invalid": True, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link in the confirmation email.

    GET shows a button and changes nothing: mail scanners (and corporate link checkers)
    open every link in a message, and a signup someone made in a stranger's name must not
    be confirmed by the stranger's spam filter. The reader's click on the button confirms.
    """
    subscriber = tokens.read_token(token, "confirm")
    if subscriber is None or subscriber.status not in {
        Subscriber.Status.PENDING,
        Subscriber.Status.ACTIVE,
    }:
        return _invalid_link(request, "subscriptions/confirm.html")
    if request.method == "POST":
        subscriber = subscriber_confirm(token=token)
        if subscriber is None:
            return _invalid_link(request, "subscriptions/confirm.html")
        return render(
            request,
            "subscriptions/confirm.html",
            {
                "confirmed": True,
                "subscriber": subscriber,
                "newsletters": subscriber.newsletters.all(),
                "preferences_url": tokens.preferences_url(subscriber),
            },
        )
    consent = subscriber.consents.prefetch_related("newsletters").first()
    return render(
        request,
        "subscriptions/confirm.html",
        {
            "subscriber": subscriber,
            "newsletters": consent.newsletters.all() if consent else [],
            "already_active": subscriber.status == Subscriber.Status.ACTIVE,
        },
    )


# Managing a subscription from an email's links


def _manage_choices(subscriber):
    """Public lists plus private ones the reader is on (they may leave, not join, those)."""
    subscribed = list(subscriber.newsletters.all())
    public = public_newsletters()
    extra = [n for n in subscribed if not n.is_public]
    return sorted(public + extra, key=lambda n: (n.order, n.name)), subscribed


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber = tokens.read_token(token, "manage")
    if subscriber is None:
        return render(request, "subscriptions/preferences.html", {"invalid": True}, status=400)
    context = {"subscriber": subscriber}
    if subscriber.status != Subscriber.Status.ACTIVE:
        # Leaving was final until the reader signs up again and confirms; this page shows
        # where they stand and the way back, not checkboxes that would skip the confirmation.
        return render(request, "subscriptions/preferences.html", context)

    choices, subscribed = _manage_choices(subscriber)
    if request.method == "POST":
        if request.POST.get("action") == "leave":
            subscriber_unsubscribe(subscriber=subscriber)
            messages.success(request, _("You have left all our newsletters."), extra_tags="public")
            return redirect(request.path)
        form = PreferencesForm(request.POST, newsletters=choices, subscribed=subscribed)
        if form.is_valid():
            subscriber = subscriber_update_lists(
                subscriber=subscriber,
                newsletters=form.cleaned_data["newsletters"],
                wording=_("Lists chosen on the preferences page."),
                ip=client_address(request),
            )
            if subscriber.status == Subscriber.Status.ACTIVE:
                notice = _("Your choices are saved.")
            else:
                notice = _("You chose no newsletter, so you have left all our newsletters.")
            messages.success(request, notice, extra_tags="public")
            return redirect(request.path)
    else:
        form = PreferencesForm(newsletters=choices, subscribed=subscribed)
    context["form"] = form
    return render(request, "subscriptions/preferences.html", context)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The List-Unsubscribe target (RFC 8058) and the "Unsubscribe" link in every email.

    POST unsubscribes: mail apps send "List-Unsubscribe=One-Click" with no cookie and no
    CSRF token, so the signed token is the only proof needed (and it can do nothing but
    stop mail). GET only shows a button, because link scanners open every URL they see.
    """
    subscriber = tokens.read_token(token, "manage")
    if subscriber is None:
        return render(request, "subscriptions/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        subscriber = subscriber_unsubscribe(subscriber=subscriber)
    # Already left (or bounced): say so, rather than offer a button that would do nothing.
    done = subscriber.status not in {Subscriber.Status.PENDING, Subscriber.Status.ACTIVE}
    return render(
        request,
        "subscriptions/unsubscribe.html",
        {
            "subscriber": subscriber,
            "done": done,
            "preferences_url": tokens.preferences_url(subscriber),
            "newsletters": Newsletter.objects.none() if done else subscriber.newsletters.all(),
        },
    )


# Reports from the mail provider


@csrf_exempt
@require_POST
def bounce_webhook(request):
    """The mail provider reports a bounce or a spam complaint: POST {"email", "type"}.

    No session and no CSRF token can come from the provider's server, so a shared secret in
    the X-Newsroom-Webhook-Secret header is the proof; compared in constant time so its
    characters cannot be guessed one by one from response times. Without a configured
    secret the endpoint does not exist.
    """
    expected = settings.NEWSLETTER_WEBHOOK_SECRET
    if not expected:
        raise Http404
    given = request.headers.get("X-Newsroom-Webhook-Secret", "")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return JsonResponse({"error": "Missing or wrong webhook secret."}, status=403)
    try:
        report = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "The body is not JSON."}, status=400)
    if not isinstance(report, dict) or report.get("type") not in KINDS:
        return JsonResponse(
            {"error": 'Expected {"email": ..., "type": "bounce" or "complaint"}.'}, status=400
        )
    email = report.get("email")
    if not isinstance(email, str):
        return JsonResponse({"error": "No email address in the report."}, status=400)
    try:
        subscriber = subscriber_mark_undeliverable(email=email, kind=report["type"])
    except ValidationError:
        return JsonResponse({"error": "The email is not an address."}, status=400)
    # An unknown address is not the provider's error: answering 200 stops its retries.
    return JsonResponse({"status": "recorded" if subscriber else "unknown address"})


# The public archive of sent editions


EDITIONS_PER_PAGE = 20


class SentEditionsMixin:
    """Readers see an edition once it has gone out; drafts and scheduled ones do not exist."""

    def get_queryset(self):
        return Edition.objects.filter(status=Edition.Status.SENT).select_related("newsletter")


class EditionArchiveView(SentEditionsMixin, ListView):
    """/newsletter/archive/: every sent edition, newest first; ?newsletter=slug for one list."""

    template_name = "subscriptions/edition_archive.html"
    context_object_name = "editions"
    paginate_by = EDITIONS_PER_PAGE

    def get_queryset(self):
        editions = super().get_queryset().order_by("-sent_at", "-pk")
        self.newsletter = None
        slug = self.request.GET.get("newsletter")
        if slug:
            # An unknown or misspelled list shows nothing rather than everything.
            self.newsletter = Newsletter.objects.filter(slug=slug).first()
            editions = editions.filter(newsletter=self.newsletter)
        return editions

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            newsletter=self.newsletter,
            # The list being browsed stays chosen from page to page.
            page_query=f"newsletter={quote(self.newsletter.slug)}&" if self.newsletter else "",
            newsletters=Newsletter.objects.filter(editions__status=Edition.Status.SENT).distinct(),
            **kwargs,
        )


class EditionDetailView(SentEditionsMixin, DetailView):
    """An edition as a web page: the email's content, without any reader's personal links."""

    template_name = "subscriptions/edition_detail.html"
    context_object_name = "edition"

    def get_context_data(self, **kwargs):
        return super().get_context_data(content=edition_content(self.object), **kwargs)
