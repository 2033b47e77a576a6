"""What the web layer derives from a definition version alone, kept per version and language."""

from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.utils.translation import get_language

from nomograms.definition import Definition

T = TypeVar("T")


def kept_per_version(kept: int) -> Callable[[Callable[[Definition], T]], Callable[[Definition], T]]:
    """Keep what `derive(definition)` returns for the `kept` definition versions (their SHA-256) and
    languages used last: a definition is immutable, so every app server and installed version agrees
    on what a SHA-256 names. A definition without one (an unsaved draft) is derived every time."""

    def decorator(derive: Callable[[Definition], T]) -> Callable[[Definition], T]:
        derived = OrderedDict()  # (definition SHA-256, language) -> what was derived, least recently used first

        @wraps(derive)
        def kept_or_derived(definition: Definition) -> T:
            if not definition.sha256:
                return derive(definition)
            key = (definition.sha256, get_language())
            if key in derived:
                derived.move_to_end(key)
                return derived[key]
            derived[key] = value = derive(definition)
            if len(derived) > kept:
                derived.popitem(last=False)
            return value

        return kept_or_derived

    return decorator
