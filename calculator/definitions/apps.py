from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DefinitionsConfig(AppConfig):
    name = "calculator.definitions"
    label = "definitions"
    verbose_name = _("Installed definitions")

    def ready(self):
        from nomograms.registry import set_installed_refresher

        from .services import sync_registry

        set_installed_refresher(sync_registry)
