import logging

from django.db import DatabaseError

from nomograms.registry import refresh_installed

logger = logging.getLogger(__name__)


def installed_definitions(get_response):
    """Serve each request with the models installed now, whichever app server installed them."""

    def middleware(request):
        try:
            refresh_installed()
        except DatabaseError:
            # Result pages keep working while the database is down, with the models this server
            # already knew; whatever needs the database answers its own 503 further on.
            logger.warning("Installed definitions not refreshed: the database did not answer", exc_info=True)
        return get_response(request)

    return middleware
