"""Responses that carry a patient's values are kept by no cache.

`Cache-Control: private, no-store`: no shared cache (a hospital proxy) may keep them, and the
browser writes them nowhere, so they cannot be read back from a shared clinic workstation's disk
cache or history after the session. The site's own result page cache (calculator/result_pages.py)
is on the server and unaffected.
"""

from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control

NO_STORE = {"private": True, "no_store": True}

carries_patient_values = cache_control(**NO_STORE)


def keep_out_of_caches(response):
    """For a view whose response carries patient values only sometimes."""
    patch_cache_control(response, **NO_STORE)
    return response
