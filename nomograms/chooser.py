"""Which models fit a patient: every definition whose `[population]` covers the patient's primary
site and situation, best fit first.

Nothing here names a model: a definition added later is chosen by what its `[population]` says.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .definition import Definition
from .population import Term, vocabulary
from .registry import all_definitions


@dataclass(frozen=True)
class Fit:
    definition: Definition
    # True when the model names the patient's site; False when it covers every site.
    made_for_site: bool
    # For a model that computes nothing yet: the computable models that also cover the patient.
    computable_instead: tuple[Definition, ...]


@dataclass(frozen=True)
class Chosen:
    """The patient as described (site and situation, with their labels) and the models that fit."""

    site: Term
    situation: Term
    fits: list[Fit]


def _best_first(definition):
    """A model made for the site before one of every site; within each, computable ones first
    (the registry's order, by title, is kept within a rank)."""
    return (definition.population.any_site, not definition.computable)


def models_for(*, site: str, situation: str, definitions: Iterable[Definition] | None = None) -> Chosen:
    """The models covering a patient with this primary site and situation (ids of populations.toml),
    best fit first."""
    if definitions is None:
        definitions = all_definitions()
    covering = sorted(
        (definition for definition in definitions if definition.population.covers(site=site, situation=situation)),
        key=_best_first,
    )
    computable = tuple(definition for definition in covering if definition.computable)
    fits = [
        Fit(
            definition=definition,
            made_for_site=not definition.population.any_site,
            computable_instead=() if definition.computable else computable,
        )
        for definition in covering
    ]
    terms = vocabulary()
    return Chosen(site=terms.site(site), situation=terms.situation(situation), fits=fits)
