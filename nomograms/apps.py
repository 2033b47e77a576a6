from django.apps import AppConfig


class NomogramsConfig(AppConfig):
    name = "nomograms"
    verbose_name = "Nomograms"

    def ready(self):
        # Load and check every definition now, so a broken file stops start-up, naming the file
        # and the field, instead of failing on the first patient.
        from .registry import all_definitions

        all_definitions()
