from datetime import datetime, time, timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView

from articles.models import Article
from articles.views import PublishedArticlesMixin
from newsroom.antispam import rate_limited

from .forms import MeetingSubmissionForm, NoticeSubmissionForm
from .maps import neighborhood_map
from .models import Association, Meeting, Neighborhood, Notice
from .services import meeting_submit, notice_submit

# A neighborhood page is about its news; these lists are a glance, with a link to the rest.
UPCOMING_MEETINGS_SHOWN = 5
RECENT_NOTICES_SHOWN = 5
# The events page covers this many weeks; the calendar feed has everything beyond.
EVENT_WEEKS = 8


class NeighborhoodListView(ListView):
    template_name = "neighborhoods/neighborhood_list.html"
    context_object_name = "neighborhoods"

    def get_queryset(self):
        # Counted through published() so the directory never hints at unpublished stories.
        published_here = (
            Article.objects.published()
            .filter(neighborhoods=OuterRef("pk"))
            .order_by()
            .values("neighborhoods")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Neighborhood.objects.annotate(
            article_count=Coalesce(Subquery(published_here, output_field=IntegerField()), 0)
        ).prefetch_related(Prefetch("associations", queryset=Association.objects.only("name")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Drawn from the rows the list already fetched: the map costs no query of its own.
        context["map"] = neighborhood_map(context["neighborhoods"])
        return context


class NeighborhoodDetailView(PublishedArticlesMixin, ListView):
    template_name = "neighborhoods/neighborhood_detail.html"

    def get_queryset(self):
        self.neighborhood = get_object_or_404(Neighborhood, slug=self.kwargs["slug"])
        return super().get_queryset().in_neighborhood(self.neighborhood)

    def get_context_data(self, **kwargs):
        neighborhood = self.neighborhood
        associations = neighborhood.associations.select_related("logo").prefetch_related("officers")
        meetings = (
            Meeting.objects.approved()
            .upcoming()
            .for_association_of(neighborhood)
            .select_related("association")
        )
        notices = (
            Notice.objects.approved().for_association_of(neighborhood).select_related("association")
        )
        return super().get_context_data(
            neighborhood=neighborhood,
            associations=associations,
            upcoming_meetings=meetings[:UPCOMING_MEETINGS_SHOWN],
            recent_notices=notices[:RECENT_NOTICES_SHOWN],
            **kwargs,
        )


class CommunityViewMixin:
    """Meetings and notices readers may see, with what their pages name: who and where."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .approved()
            .select_related("association")
            .prefetch_related(
                Prefetch(
                    "association__neighborhoods", queryset=Neighborhood.objects.only("name", "slug")
                )
            )
        )


def _week_start(moment):
    """The Monday of the local week a moment falls in."""
    day = timezone.localdate(moment)
    return day - timedelta(days=day.weekday())


class EventListView(CommunityViewMixin, ListView):
    model = Meeting
    template_name = "neighborhoods/event_list.html"
    context_object_name = "meetings"

    def get_queryset(self):
        # Whole local weeks, counted from the Monday of this one, so the last week shown is
        # never cut off in the middle. Built from a local date and time, not now + 8 weeks,
        # so a daylight-saving change in between moves nothing by an hour.
        last_monday = _week_start(timezone.now()) + timedelta(weeks=EVENT_WEEKS)
        until = timezone.make_aware(datetime.combine(last_monday, time.min))
        return super().get_queryset().upcoming().filter(starts_at__lt=until)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        weeks = {}
        for meeting in context["meetings"]:
            weeks.setdefault(_week_start(meeting.starts_at), []).append(meeting)
        context["weeks"] = [
            {"monday": monday, "meetings": group} for monday, group in weeks.items()
        ]
        context["event_weeks"] = EVENT_WEEKS
        return context


class MeetingDetailView(CommunityViewMixin, DetailView):
    model = Meeting
    context_object_name = "meeting"


class NoticeDetailView(CommunityViewMixin, DetailView):
    model = Notice
    context_object_name = "notice"


# Community submissions: an association sends a meeting or a notice from a public form. It is
# stored as waiting for approval and appears only once the newsroom approves it.

# At most this many submissions from one address per window, meetings and notices together:
# an association sending a month of meetings one by one fits, a flood does not.
SUBMISSIONS_PER_WINDOW = 10
SUBMISSION_WINDOW = timedelta(hours=1)


def _community_submission(request, *, form_class, submit, template_name, kind):
    """The shared flow of both forms; works without JavaScript.

    A mistake re-renders the form with everything typed kept and a message on each field.
    Once stored, the browser is sent to the same address with ?sent=1 for the thank-you, so
    reloading that page does not send the submission again.
    """
    if request.method == "GET" and request.GET.get("sent"):
        return render(request, "neighborhoods/submit_thanks.html", {"kind": kind})
    if request.method == "POST":
        form = form_class(request.POST)
        # Counted before validation: a bot's invalid posts cost it attempts too.
        if rate_limited(
            request,
            scope="community-submission",
            limit=SUBMISSIONS_PER_WINDOW,
            period=SUBMISSION_WINDOW,
        ):
            context = {"form": form, "rate_limited": True}
            return render(request, template_name, context, status=429)
        if form.is_valid():
            if not form.is_from_a_bot():
                submit(**form.submission())
            return redirect(f"{request.path}?sent=1")
    else:
        # A link from an association's page can choose it in advance (?association=<id>).
        form = form_class(initial={"association": request.GET.get("association")})
    return render(request, template_name, {"form": form})


@require_http_methods(["GET", "POST"])
def submit_meeting(request):
    return _community_submission(
        request,
        form_class=MeetingSubmissionForm,
        submit=meeting_submit,
        template_name="neighborhoods/submit_meeting.html",
        kind="meeting",
    )


@require_http_methods(["GET", "POST"])
def submit_notice(request):
    return _community_submission(
        request,
        form_class=NoticeSubmissionForm,
        submit=notice_submit,
        template_name="neighborhoods/submit_notice.html",
        kind="notice",
    )
