"""A database that cannot be reached answers 503 with the site's page, not a bare 500."""

import logging

from django.db import OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError):
            return None
        logger.exception("database unavailable for %s", request.path)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
