"""Every page type of the site, as URLs to visit.

The accessibility checks (tests/e2e/test_accessibility.py), the header, inline-code and CSRF
checks (tests/test_security.py) and the request fuzzing (tests/test_fuzz_requests.py) walk these
lists, so a new page type is covered by one more entry, and a new model by its definition and
golden cases alone.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.urls import reverse

from calculator.audit import links
from calculator.audit.services import save_record
from nomograms.prediction import predict
from nomograms.registry import all_definitions

from .golden import as_text, cases_for, golden_files, load
from .workbench_drafts import make_draft


@dataclass(frozen=True)
class Page:
    id: str
    url: str | Callable[[], str]  # a function when the page needs rows made first (database access)
    staff: bool = False  # only a signed-in staff user may see it

    def resolve(self):
        return self.url() if callable(self.url) else self.url


def computable_definitions():
    return [definition for definition in all_definitions() if definition.computable]


def first_golden_case(definition):
    """(case, tolerance): the model's first golden case and how close a result must come to it."""
    for path in golden_files():
        golden = load(path)
        if golden["model"] == definition.id:
            return golden["cases"][0], golden["tolerance"]
    raise LookupError(f"{definition.id} has no golden cases in tests/golden/")


def first_golden_inputs(definition):
    """The inputs of the model's first golden case, as typed text."""
    return as_text(first_golden_case(definition)[0]["inputs"])


def first_number_input(definition):
    return next(model_input for model_input in definition.inputs if model_input.is_number)


NOT_A_NUMBER = "twelve"


def with_a_bad_value(definition, inputs):
    """`inputs` with the first number input replaced by text that is not a number."""
    return dict(inputs, **{first_number_input(definition).id: NOT_A_NUMBER})


def result_url(definition, inputs):
    return f"{reverse('result', args=[definition.id])}?{urlencode(inputs)}"


def scenarios(a, b):
    """A comparison's query: scenario A's inputs named `a-…`, B's `b-…`."""
    return {**{f"a-{name}": value for name, value in a.items()}, **{f"b-{name}": value for name, value in b.items()}}


def comparison_url(definition, a, b):
    return f"{reverse('comparison', args=[definition.id])}?{urlencode(scenarios(a, b))}"


def second_golden_inputs(definition):
    return as_text(cases_for(definition.id)[1]["inputs"])


def save_an_audit_record():
    """The first golden case of the first computable model, saved for audit."""
    definition = computable_definitions()[0]
    return save_record(predict(definition, first_golden_inputs(definition)), case_reference="A-1")


def audit_list_url():
    save_an_audit_record()
    return reverse("audit:record_list")


def saved_sheet_url():
    """The page shown after saving for audit (anyone may save; the link is signed)."""
    return links.saved_sheet_url(save_an_audit_record())


def audit_record_url():
    return reverse("audit:record_detail", args=[save_an_audit_record().pk])


def workbench_draft_url():
    """A whole digitisation of gronchi-2013 (under another id), so every part of the page shows."""
    author = get_user_model().objects.create_user(f"digitiser-{secrets.token_hex(4)}", is_staff=True)
    return reverse("workbench:draft", args=[make_draft(author).pk])


def pages():
    """One page of every type: home (also with its chooser answered and refused), the information
    pages, each model's page and worksheet, and a result, a refused form and the batch page per
    computable model, with its comparison of two golden cases, that comparison's form (from a
    result's "Compare with…") and the form with a refused value; sign-in and the staff's audit
    and workbench pages. (The API docs page has its own check:
    tests/e2e/test_api_docs.py.)"""
    listed = [Page("home", reverse("catalogue")), Page("sign-in", reverse("login"))]
    # The catalogue's "Which models fit?" chooser, answered and refused.
    chooser = {"site": "uterus", "situation": "after_primary_resection"}
    listed.append(Page("home-chooser", f"{reverse('catalogue')}?{urlencode(chooser)}"))
    listed.append(Page("home-chooser-refused", f"{reverse('catalogue')}?{urlencode({'site': 'elbow'})}"))
    listed += [Page(name, reverse(name)) for name in ("about-models", "about-leiomyosarcoma")]
    listed += [Page("audit-list", audit_list_url, staff=True), Page("audit-record", audit_record_url, staff=True)]
    listed.append(Page("saved-sheet", saved_sheet_url))
    listed += [
        Page("workbench-drafts", reverse("workbench:drafts"), staff=True),
        Page("workbench-draft", workbench_draft_url, staff=True),
    ]
    listed += [Page(f"model-{d.id}", reverse("model", args=[d.id])) for d in all_definitions()]
    listed += [Page(f"worksheet-{d.id}", reverse("worksheet", args=[d.id])) for d in all_definitions()]
    for definition in computable_definitions():
        inputs = first_golden_inputs(definition)
        listed.append(Page(f"result-{definition.id}", result_url(definition, inputs)))
        listed.append(Page(f"refused-{definition.id}", result_url(definition, with_a_bad_value(definition, inputs))))
        listed.append(Page(f"batch-{definition.id}", reverse("batch", args=[definition.id])))
        other = second_golden_inputs(definition)
        listed.append(Page(f"comparison-{definition.id}", comparison_url(definition, inputs, other)))
        compare_form = f"{reverse('compare', args=[definition.id])}?{urlencode(inputs)}"
        listed.append(Page(f"compare-{definition.id}", compare_form))
        refused = comparison_url(definition, inputs, with_a_bad_value(definition, other))
        listed.append(Page(f"comparison-refused-{definition.id}", refused))
    return listed


def query_string_urls():
    """Every URL that reads its query string: the fuzzing sends arbitrary ones."""
    names = ("model", "result", "result-pdf", "compare", "comparison", "comparison-pdf")
    per_model = [reverse(name, args=[d.id]) for d in all_definitions() for name in names]
    return [reverse("catalogue"), *per_model]
