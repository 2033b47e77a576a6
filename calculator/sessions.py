"""Database sessions that let pages be served while the database is down.

Sessions stay in the database, so signing out or 15 idle minutes end a session on the server (a
signed-cookie session cannot be revoked, and SESSION_SAVE_EVERY_REQUEST would keep renewing a
copied one; a per-process cache would lose sign-ins between app servers). The signed-in user is
loaded from the database on every request whatever holds the session, so a database failure has
to be handled here anyway: when the session cannot be read, the request is served as signed out,
and the stored session is left as it was (never overwritten, its cookie kept), so the user is
still signed in once the database is back.
"""

import logging

from django.contrib.sessions.backends import db
from django.db import DatabaseError

logger = logging.getLogger(__name__)


class SessionStore(db.SessionStore):
    unreadable = False

    def load(self):
        try:
            return super().load()
        except DatabaseError:
            logger.warning("session not read: database unavailable; serving the request as signed out")
            self.unreadable = True
            return {}

    def save(self, must_create=False):
        if self.unreadable:
            return  # Writing the empty stand-in would sign the user out for good.
        try:
            super().save(must_create)
        except DatabaseError:
            logger.warning("session not saved: database unavailable")


def signed_in_user(request):
    """`request.user`; raises DatabaseError when the session could not be read, since who is
    signed in is then unknown (a record must never be saved as anonymous by mistake)."""
    user = request.user
    if user.is_authenticated or not getattr(request.session, "unreadable", False):
        return user
    raise DatabaseError("the session could not be read: database unavailable")
