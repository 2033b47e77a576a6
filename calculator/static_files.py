"""Static files, served by WhiteNoise from what `manage.py collectstatic` wrote to STATIC_ROOT."""

from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, with a file whose name holds a hash of its content cached for a year, the longest
    lifetime HTTP caches are asked to honour, as immutable: a browser never asks for it again, and
    a changed file gets a new name."""

    FOREVER = 365 * 24 * 60 * 60
