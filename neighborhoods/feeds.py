"""iCalendar (RFC 5545) feeds of association meetings, for calendar apps to subscribe to.

Calendar apps poll a subscription every few minutes to hours and replace what they hold with
what they fetch, so a feed must say the same thing the same way each time: every meeting keeps
its UID for ever, SEQUENCE grows when a meeting changes (Meeting.save), and the bytes of an
unchanged feed do not change, which lets an unchanged feed answer 304 Not Modified.
"""

import functools
from datetime import UTC, date, timedelta

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import conditional_page, require_safe
from icalendar import Calendar, Event, Timezone, vCalAddress, vDuration

from .models import Meeting, Neighborhood

# Long enough that apps polling every few minutes mostly hit a cache, short enough that a
# cancellation reaches subscribers within the quarter hour.
CACHE_SECONDS = 15 * 60
# Subscribers keep past meetings they have already fetched; the feed only needs the recent
# past (to carry late corrections and cancellations) and everything ahead.
PAST_DAYS = 30
DEFAULT_DURATION = timedelta(hours=1)


def meetings_in_feed(meetings):
    """Approved meetings from the last PAST_DAYS days and all upcoming ones, in one query."""
    now = timezone.now()
    # A meeting that started longer ago but is still under way stays in (ends_at >= now).
    recent_or_upcoming = Q(starts_at__gte=now - timedelta(days=PAST_DAYS)) | Q(ends_at__gte=now)
    return (
        meetings.approved()
        .filter(recent_or_upcoming)
        .select_related("association")
        .order_by("starts_at", "pk")
    )


def uid_domain(request):
    """The right-hand side of every UID: SITE_DOMAIN, or the host this request came to.

    Subscribed calendars know a meeting by its UID for ever, so production sets SITE_DOMAIN
    rather than trusting whichever of the paper's host names a reader happened to use.
    """
    domain = settings.SITE_DOMAIN
    if domain:
        return domain
    host, _port = split_domain_port(request.get_host())
    return host or "localhost"


@functools.lru_cache(maxsize=16)
def vtimezone(tzid, first_year, last_year):
    # Building the transitions costs a few milliseconds; a feed's span changes once a year.
    return Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )


def meeting_event(meeting, *, request, zone, domain):
    event = Event()
    # The database UUID, not the pk: a pk can be reused after a restore, a UUID cannot.
    event.add("uid", f"{meeting.uid}@{domain}")
    # DTSTAMP is the last change rather than "now" so that an unchanged feed is byte for byte
    # the same and its ETag holds; RFC 5545 allows either for a published calendar object.
    event.add("dtstamp", meeting.updated_at.astimezone(UTC))
    event.add("created", meeting.created_at.astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    event.add("sequence", meeting.sequence)
    if meeting.is_cancelled:
        event.add("summary", _("Cancelled: %(title)s") % {"title": meeting.title})
        event.add("status", "CANCELLED")
    else:
        event.add("summary", meeting.title)
        event.add("status", "CONFIRMED")
    # Local wall-clock times with a TZID, so that 7 p.m. stays 7 p.m. on both sides of a
    # daylight-saving change and in every subscriber's own time zone.
    starts_at = timezone.localtime(meeting.starts_at, zone)
    ends_at = timezone.localtime(meeting.ends_at or meeting.starts_at + DEFAULT_DURATION, zone)
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", meeting_description(meeting))
    event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
    association = meeting.association
    if association.email:
        organizer = vCalAddress(f"mailto:{association.email}")
        organizer.params["cn"] = association.name
        event.add("organizer", organizer)
    return event


def meeting_description(meeting):
    # The all-neighborhoods feed mixes associations, so each event says whose meeting it is.
    parts = [_("Hosted by %(association)s.") % {"association": meeting.association.name}]
    if meeting.description.strip():
        parts.append(meeting.description.strip())
    if meeting.agenda_url:
        parts.append(_("Agenda: %(url)s") % {"url": meeting.agenda_url})
    return "\n\n".join(parts)


def calendar_response(request, *, meetings, name, filename):
    zone = timezone.get_default_timezone()
    tzid = settings.TIME_ZONE
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Newsroom neighborhood meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", tzid)
    # How often to poll (RFC 7986, and its older Microsoft spelling).
    calendar.add("refresh-interval", vDuration(timedelta(seconds=CACHE_SECONDS)))
    calendar["refresh-interval"].params["value"] = "DURATION"
    calendar.add("x-published-ttl", vDuration(timedelta(seconds=CACHE_SECONDS)))

    meetings = list(meetings)
    this_year = timezone.localdate().year
    first_year = min([m.starts_at.year for m in meetings] + [this_year]) - 1
    last_year = max([(m.ends_at or m.starts_at).year for m in meetings] + [this_year]) + 1
    # Always there, even in an empty feed, since X-WR-TIMEZONE names it.
    calendar.add_component(vtimezone(tzid, first_year, last_year))
    domain = uid_domain(request)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, request=request, zone=zone, domain=domain))

    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


# No Last-Modified header on purpose: a deleted meeting, or one leaving the 30-day window,
# changes the feed without changing any row's updated_at. The ETag (a hash of the body, set by
# conditional_page) catches every change, and RFC 9110 has it take precedence anyway.
@require_safe
@cache_control(public=True, max_age=CACHE_SECONDS)
@conditional_page
def meetings_calendar(request):
    """Every approved meeting of every association."""
    return calendar_response(
        request,
        meetings=meetings_in_feed(Meeting.objects.all()),
        name=_("%(site)s neighborhood meetings") % {"site": settings.SITE_NAME},
        filename=f"{slugify(settings.SITE_NAME) or 'newsroom'}-meetings.ics",
    )


@require_safe
@cache_control(public=True, max_age=CACHE_SECONDS)
@conditional_page
def neighborhood_calendar(request, slug):
    """The meetings of the associations that serve one neighborhood."""
    neighborhood = get_object_or_404(Neighborhood, slug=slug)
    name = _("%(site)s: %(neighborhood)s meetings") % {
        "site": settings.SITE_NAME,
        "neighborhood": neighborhood.name,
    }
    return calendar_response(
        request,
        meetings=meetings_in_feed(Meeting.objects.for_association_of(neighborhood)),
        name=name,
        filename=f"{neighborhood.slug}-meetings.ics",
    )
