import logging
from time import monotonic

from django.conf import settings
from django.db import DatabaseError

from nomograms.registry import refresh_installed

logger = logging.getLogger(__name__)


def installed_definitions(get_response):
    """Serve requests with the models installed now, whichever app server installed them.

    This process asks the database at most once every INSTALLED_DEFINITIONS_CHECK_SECONDS (the
    query cost as much CPU as serving a static file), so an install or retirement made through
    another process is offered here within that time. Those made through this process are offered
    at once: the services that make them refresh the registry themselves."""
    interval = settings.INSTALLED_DEFINITIONS_CHECK_SECONDS
    next_check = float("-inf")

    def middleware(request):
        nonlocal next_check
        now = monotonic()
        if now >= next_check:
            next_check = now + interval  # also after a failure: a down database is not asked every request
            try:
                refresh_installed()
            except DatabaseError:
                # Result pages keep working while the database is down, with the models this server
                # already knew; whatever needs the database answers its own 503 further on.
                logger.warning("Installed definitions not refreshed: the database did not answer", exc_info=True)
        return get_response(request)

    return middleware
