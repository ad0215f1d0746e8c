"""Background tasks of the demand picture: bringing its weekly summary up to date after changes."""

from django.core.cache import cache
from django_tasks import task

from thriving.frontdoor.demand import services


@task()
def refresh_demand_summary() -> int:
    """Rebuild the weeks of the demand summary that changes have marked stale."""
    cache.delete(services.QUEUED_KEY)  # changes from now on queue another refresh
    return services.refresh()
