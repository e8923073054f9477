"""The public forms associations use to send the paper a meeting or a notice."""

from datetime import UTC, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.antispam import HoneypotForm

from .models import Association


class AssociationChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Association.objects.order_by("name"),
            label=_("Association"),
            empty_label=_("Choose your association"),
            error_messages={"required": _("Choose the association this comes from.")},
            **kwargs,
        )


class SubmitterFields(forms.Form):
    """Who sent it: not shown to readers, so the newsroom can check with them first."""

    submitter_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Tell us your name, so we know who sent this.")},
    )
    submitter_email = forms.EmailField(
        label=_("Your email"),
        help_text=_("Not published. We write only if we have a question about this."),
        error_messages={"required": _("Give an email address we can reach you at.")},
    )


class MeetingSubmissionForm(HoneypotForm, SubmitterFields, forms.Form):
    """A meeting, with its day and times as a resident reads them off the flyer.

    Date and times are separate native inputs in the site's time zone (TIME_ZONE, the
    paper's town); `clean` turns them into aware datetimes, so a meeting at 7 p.m. stays at
    7 p.m. local time on either side of a daylight-saving change.
    """

    field_order = [
        "association",
        "title",
        "date",
        "start_time",
        "end_time",
        "place",
        "description",
        "agenda_url",
        "submitter_name",
        "submitter_email",
    ]

    association = AssociationChoiceField()
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_('e.g. "Monthly general meeting"'),
        error_messages={"required": _("Give the meeting a title.")},
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give the day of the meeting."),
            "invalid": _("Enter the date as year-month-day, e.g. 2026-03-10."),
        },
    )
    start_time = forms.TimeField(
        label=_("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Give the time the meeting starts."),
            "invalid": _("Enter the time as hours and minutes, e.g. 19:00."),
        },
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Optional."),
        error_messages={"invalid": _("Enter the time as hours and minutes, e.g. 20:30.")},
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("The address or the name of the building and room."),
        error_messages={"required": _("Tell readers where the meeting is.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    agenda_url = forms.URLField(
        label=_("Agenda link"),
        required=False,
        assume_scheme="https",
        help_text=_("Optional. A link to the agenda, if it is online."),
        error_messages={"invalid": _("Enter a full web address, e.g. https://example.org.")},
    )

    def clean(self):
        cleaned_data = super().clean()
        date = cleaned_data.get("date")
        if date is None:
            return cleaned_data
        starts_at = self._local_datetime(date, cleaned_data.get("start_time"), "start_time")
        ends_at = self._local_datetime(date, cleaned_data.get("end_time"), "end_time")
        if date < timezone.localdate():
            self.add_error("date", _("This day has passed. Give the date of an upcoming meeting."))
        elif starts_at is not None and starts_at < timezone.now():
            self.add_error("start_time", _("This time has passed today. Give a later time."))
        if starts_at is not None and ends_at is not None and ends_at <= starts_at:
            self.add_error("end_time", _("The meeting must end after it starts."))
        cleaned_data["starts_at"] = starts_at
        cleaned_data["ends_at"] = ends_at
        return cleaned_data

    def _local_datetime(self, date, time, field):
        """The moment this wall-clock time on this day is, in the site's time zone."""
        if time is None:
            return None
        naive = datetime.combine(date, time)
        aware = timezone.make_aware(naive)
        # A time the clocks skip in spring (2:30 a.m. on the changeover day) comes back
        # shifted by an hour: refuse it rather than store a time nobody typed.
        # Through UTC: astimezone() into the same zone would hand back the time unchanged.
        if timezone.make_naive(aware.astimezone(UTC)) != naive:
            self.add_error(
                field,
                _("The clocks change at this time on that day, so it does not exist."),
            )
            return None
        return aware

    def submission(self):
        """The keyword arguments for services.meeting_submit."""
        data = self.cleaned_data
        return {
            "association": data["association"],
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "description": data["description"],
            "agenda_url": data["agenda_url"],
            "submitter_name": data["submitter_name"],
            "submitter_email": data["submitter_email"],
        }


class NoticeSubmissionForm(HoneypotForm, SubmitterFields, forms.Form):
    """A letter or announcement, printed as sent once the newsroom approves it."""

    field_order = ["association", "title", "body", "submitter_name", "submitter_email"]

    association = AssociationChoiceField()
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the notice a title.")},
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text; leave a blank line between paragraphs."),
        error_messages={"required": _("Write the text of the notice.")},
    )

    def submission(self):
        """The keyword arguments for services.notice_submit."""
        return {
            name: self.cleaned_data[name]
            for name in ("association", "title", "body", "submitter_name", "submitter_email")
        }
