"""Logging that keeps every server error and no patient values.

Patient values travel in query strings (a result's permalink) and request bodies (the API, the
batch file). Django's own messages name the path only; the development server's request lines
carry the query string, and an exception's message may quote a value. So every line is written
with query strings withheld and exceptions shown by type and traceback (files, lines, code), not
by their message.
"""

import logging
import re
import traceback

QUERY_STRING = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


class NoPatientValuesFormatter(logging.Formatter):
    def formatMessage(self, record):
        return QUERY_STRING.sub(r"\1?[query withheld]", super().formatMessage(record))

    def formatException(self, exc_info):
        exception_type, _exception, trace = exc_info
        frames = "".join(traceback.format_tb(trace))
        name = f"{exception_type.__module__}.{exception_type.__qualname__}"
        return f"Traceback (most recent call last):\n{frames}{name} (message withheld: it may quote patient values)"
