"""Background tasks for the partners' feeds: harvesting one feed."""

from django_tasks import task

from thriving.core.models import User
from thriving.directory.interchange import harvest
from thriving.directory.interchange.models import Feed


@task()
def harvest_feed(feed_uuid: str, force: bool = False, user_id: int | None = None) -> str:
    """Harvest one feed (as the person who asked, or the schedule). The run's id, or "" when the
    feed has gone, or been paused since the schedule queued it (a person may harvest a paused feed)."""
    feed = Feed.objects.filter(uuid=feed_uuid).first()
    if feed is None or (feed.paused and user_id is None):
        Feed.objects.filter(uuid=feed_uuid).update(queued_at=None)
        return ""
    user = User.objects.filter(pk=user_id).first() if user_id else None
    return str(harvest.harvest(feed, force=force, acting_user=user).uuid)
