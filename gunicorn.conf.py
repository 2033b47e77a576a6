"""gunicorn's settings for the calculator, read by `gunicorn` started in the repository root
(`gunicorn calculator.wsgi`, or `gunicorn -c gunicorn.conf.py calculator.wsgi` from elsewhere).

gunicorn believes X-Forwarded-Proto (and its other secure-scheme headers) from 127.0.0.1 by
default, and then tells Django the request came over HTTPS, whatever
DJANGO_TRUST_X_FORWARDED_PROTO says. Here it believes them only when that variable is true, and
then only from the addresses in FORWARDED_ALLOW_IPS (gunicorn's own variable; default 127.0.0.1
and ::1): the proxy that terminates HTTPS. docs/deployment.md shows the whole topology.
"""

from calculator.environment import env_bool

if not env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", False):
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
