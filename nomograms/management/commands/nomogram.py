"""`python manage.py nomogram list | predict MODEL_ID field=value ... | predict MODEL_ID --csv IN.csv
| check PATH [--golden PATH] | export MODEL_ID --to DIR`"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nomograms.batch import BatchError, score_csv
from nomograms.check import check_definition
from nomograms.prediction import InvalidInputs, NotComputable, predict
from nomograms.registry import UnknownModel, all_definitions, get_definition, installed, refresh_installed

USAGE_ERROR = 2
# Where a definition and its golden cases live in the repository, so an export drops straight in.
EXPORT_DEFINITION = Path("nomograms", "definitions")
EXPORT_GOLDEN = Path("tests", "golden")


class Command(BaseCommand):
    help = "List the installed nomograms, or score patients with one of them."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="id, title, status and endpoints of every model")
        predict_parser = actions.add_parser("predict", help="score one patient, or a CSV of patients")
        predict_parser.add_argument("model_id")
        predict_parser.add_argument("values", nargs="*", metavar="field=value")
        predict_parser.add_argument("--csv", metavar="IN.csv", help="score every row; results go to stdout as CSV")
        check_parser = actions.add_parser(
            "check", help="check a definition file (and its golden cases) offline; exit 0 when clean, 2 otherwise"
        )
        check_parser.add_argument("path", metavar="PATH")
        check_parser.add_argument("--golden", metavar="PATH", help="golden cases file, as in tests/golden/")
        export_parser = actions.add_parser(
            "export", help="write an installed model as a definition file and its golden cases"
        )
        export_parser.add_argument("model_id")
        export_parser.add_argument("--to", metavar="DIR", required=True, help="written as the repository lays them out")

    def handle(self, *args, action, **options):
        if action == "check":
            self.check(options["path"], options["golden"])
            return
        refresh_installed()
        if action == "list":
            self.list_models()
        elif action == "export":
            self.export(options["model_id"], Path(options["to"]))
        else:
            self.predict(options["model_id"], options["values"], options["csv"])

    def check(self, path, golden_path):
        try:
            text = Path(path).read_text(encoding="utf-8")
            golden_text = Path(golden_path).read_text(encoding="utf-8") if golden_path else None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read the file: {error}", returncode=USAGE_ERROR) from error
        check = check_definition(text, path, golden_text, golden_path or "")
        if not check.clean:
            for problem in check.problems:
                self.stdout.write(f"problem: {problem}")
            raise CommandError(f"{path}: {len(check.problems)} problem(s)", returncode=USAGE_ERROR)
        definition = check.definition
        cases = " and its golden cases" if golden_path else ""
        self.stdout.write(f"{path}: {definition.id} version {definition.version} ({definition.status}){cases}: clean")

    def export(self, model_id, directory):
        try:
            install = installed(model_id)
        except UnknownModel as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from error
        if install is None:
            raise CommandError(
                f"{model_id} ships with the calculator: it is {EXPORT_DEFINITION / model_id}.toml already",
                returncode=USAGE_ERROR,
            )
        for folder, text in ((EXPORT_DEFINITION, install.definition.source), (EXPORT_GOLDEN, install.golden)):
            path = directory / folder / f"{model_id}.toml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {path}")

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
