"""Writes of the member's side that are not a workflow step: the private calendar feed's token."""

from ..common import member_of
from .models import CalendarFeed, new_token


def calendar_feed(member):
    """The member's feed (made with a random token the first time)."""
    feed, _created = CalendarFeed.objects.get_or_create(member=member)
    return feed


def reset_calendar_token(*, actor):
    """A new random token: the old feed URL stops working (404) at once."""
    member = member_of(actor)
    feed = calendar_feed(member)
    feed.token = new_token()
    feed.save(update_fields=["token", "created_at"])
    return feed
