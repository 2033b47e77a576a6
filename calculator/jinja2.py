"""The Jinja2 environment of the result sheet's templates (templates/jinja2/).

A new patient's result sheet is laid out on every change of the model page, and Django's template
engine took most of a result's server time; Jinja2 compiles each template to Python once. The
sheet's templates use the helpers the Django templates use, by the same names: `url()` and
`static()` for the tags, the `points`, `utc_time` and `capfirst` filters, and Django's own
gettext behind `_()`, so a message is translated the same in either engine.
"""

import functools

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.conf import settings
from django.core.signals import setting_changed
from django.forms import Form
from django.template import engines
from django.templatetags.static import static as static_url
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from jinja2 import ChainableUndefined, Environment
from markupsafe import Markup

from calculator.timestamps import utc_time
from nomograms.display import format_points


def translated(message: str, **variables) -> Markup:
    """`_("...")` in a template: the message in the active language, as markup, each variable
    escaped into it; what Jinja2's i18n extension gives with `newstyle` gettext and autoescaping,
    without its three calls through the template context for each of a sheet's 20-odd messages
    (docs/performance.md)."""
    message = Markup(gettext(message))
    return message % variables if variables else message


def url(name: str, *args) -> str:
    # The patch of a new patient reverses six URLs, each the same for a model as long as the
    # request's script prefix and URLconf are (Django's reverse() reads both).
    return _reversed(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, name, args)


@functools.lru_cache(maxsize=1024)
def _reversed(script_prefix: str, urlconf: str, name: str, args: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args)


def static(path: str) -> str:
    # A static file's URL (its content-hashed name, from the manifest) took 50-odd µs to look up,
    # once in every patch for print.js; it is the same as long as the settings and the request's
    # script prefix are (a relative STATIC_URL starts with the prefix).
    return _static(get_script_prefix(), path)


@functools.lru_cache(maxsize=64)
def _static(script_prefix: str, path: str) -> str:
    return static_url(path)


def _forget_static_urls(**kwargs):
    # Tests change the settings a URL depends on (STATIC_URL, STORAGES, DEBUG) and Django tells.
    _static.cache_clear()


setting_changed.connect(_forget_static_urls)


@functools.cache
def _blank_field(form_class: type[Form], name: str, language: str) -> SafeString:
    return as_crispy_field(form_class()[name])


def blank_crispy_field(form: Form, name: str) -> SafeString:
    """An unbound form's field as crispy-forms writes it, written once per language: it is the same
    on every result sheet, and crispy-forms took a fifth of a sheet's time to write it."""
    return _blank_field(type(form), name, get_language())


def kept(environment: Environment, template_name: str, **values) -> Markup:
    """`kept("...", name=value)` in a template: a part that depends on nothing but the (hashable)
    `values` and the language, laid out once for each and kept: the disclaimer beside each result,
    the icon array of each endpoint and count, the status line of a result in place. An include
    makes a new template context and lays the part out again each time, about 30 to 60 µs of a
    patch for each (docs/performance.md). Not kept while templates are reloaded when changed (DEBUG)."""
    if environment.auto_reload:
        return Markup(environment.get_template(template_name).render(values))
    return _kept(environment, template_name, get_language(), tuple(values.items()))


@functools.lru_cache(maxsize=1024)
def _kept(environment: Environment, template_name: str, language: str, values: tuple) -> Markup:
    return Markup(environment.get_template(template_name).render(dict(values)))


def environment(**options) -> Environment:
    # As in Django's templates, a missing value reads as empty: `sheet.record.case_reference` on a
    # page without a sheet (the comparison's sign-off) is simply false.
    env = Environment(**{**options, "undefined": ChainableUndefined})
    env.globals.update(
        _=translated,
        url=url,
        static=static,
        crispy_field=as_crispy_field,
        blank_crispy_field=blank_crispy_field,
        kept=functools.partial(kept, env),
    )
    env.filters.update(points=format_points, utc_time=utc_time, capfirst=capfirst)
    return env


def render_part(template_name: str, context: dict) -> SafeString:
    """A Jinja2 template laid out with `context` and nothing else.

    Not the backend's render(request=...), which sets `csrf_token` from the request: a result page
    kept in the cache is rendered with a marker in its place (calculator/result_pages.py).
    """
    return mark_safe(engines["jinja2"].env.get_template(template_name).render(context))
