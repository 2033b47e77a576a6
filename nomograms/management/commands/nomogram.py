"""`python manage.py nomogram list | predict MODEL_ID field=value ... | predict MODEL_ID --csv IN.csv`"""

import json

from django.core.management.base import BaseCommand, CommandError

from nomograms.batch import BatchError, score_csv
from nomograms.prediction import InvalidInputs, NotComputable, predict
from nomograms.registry import UnknownModel, all_definitions, get_definition

USAGE_ERROR = 2


class Command(BaseCommand):
    help = "List the installed nomograms, or score patients with one of them."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="id, title, status and endpoints of every model")
        predict_parser = actions.add_parser("predict", help="score one patient, or a CSV of patients")
        predict_parser.add_argument("model_id")
        predict_parser.add_argument("values", nargs="*", metavar="field=value")
        predict_parser.add_argument("--csv", metavar="IN.csv", help="score every row; results go to stdout as CSV")

    def handle(self, *args, action, **options):
        if action == "list":
            self.list_models()
        else:
            self.predict(options["model_id"], options["values"], options["csv"])

    def list_models(self):
        for definition in all_definitions():
            endpoints = "; ".join(endpoint.name for endpoint in definition.endpoints)
            self.stdout.write(f"{definition.id}\t{definition.title}\t{definition.status}\t{endpoints}")

    def predict(self, model_id, pairs, csv_path):
        try:
            definition = get_definition(model_id)
            if csv_path:
                if pairs:
                    raise CommandError("give either field=value pairs or --csv, not both", returncode=USAGE_ERROR)
                with open(csv_path, newline="", encoding="utf-8-sig") as in_file:
                    score_csv(definition, in_file, self.stdout)
                return
            prediction = predict(definition, _parse_pairs(pairs))
        except UnicodeDecodeError as error:
            message = f"{csv_path} is not UTF-8 text (byte {error.start}); save it as CSV UTF-8."
            raise CommandError(message, returncode=USAGE_ERROR) from error
        except (UnknownModel, NotComputable, InvalidInputs, BatchError, OSError) as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from error
        result = {
            "model": definition.id,
            "version": definition.version,
            "status": definition.status,
            "outcomes": prediction.outcomes,
            "warnings": list(prediction.warnings),
        }
        if definition.model.publishes_points:
            # Printed points, so a clinician can lay the result beside the figure.
            result["points"] = prediction.points_as_json()
        self.stdout.write(json.dumps(result))


def _parse_pairs(pairs):
    values = {}
    for pair in pairs:
        field, separator, value = pair.partition("=")
        if not separator:
            raise CommandError(f"{pair!r} is not field=value", returncode=USAGE_ERROR)
        values[field] = value
    return values
