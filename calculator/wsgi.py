"""WSGI entry point for production servers."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calculator.settings")

application = get_wsgi_application()

# Import every view now, not on the first request (a broken import then stops start-up), and keep
# everything start-up built out of the garbage collector's full passes: walking those objects
# stalled a request for tens of milliseconds every few hundred requests.
get_resolver().url_patterns  # noqa: B018 (loading the URLconf imports the views)
gc.freeze()
