"""The shared cache (Redis) as an optimisation the site can do without for a while.

The cache holds result pages, which are computed again when missing, and rate-limit counts, which
let requests through when they cannot be counted (RATELIMIT_FAIL_OPEN). So while Redis cannot be
reached a clinician still gets every result; each failure is logged as a warning, and nothing
else changes. Saving for audit never depends on the cache.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _unavailable(operation: str, error: RedisError) -> None:
    logger.warning("Redis cache unavailable (%s): %s", operation, type(error).__name__)


class RedisCacheThatDegrades(RedisCache):
    """Django's Redis cache, answering as an empty cache that keeps nothing while Redis is down."""

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _unavailable("get", error)
            return default

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            _unavailable("set", error)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _unavailable("add", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _unavailable("incr", error)
            # What a cache answers for a key it does not hold; django-ratelimit then fails open.
            raise ValueError(f"Key '{key}' not found") from error
