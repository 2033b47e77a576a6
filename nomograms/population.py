"""Whom a model covers: the primary sites and clinical situations of `populations.toml`.

Each definition's `[population]` names the sites (or "any") and situations it covers with the ids
listed there; the "Which models fit?" chooser (`chooser.py`) offers exactly these.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .toml_table import Table

VOCABULARY_FILE = Path(__file__).resolve().parent / "populations.toml"

# In `sites`, instead of a list of site ids: the model covers sarcoma at every site.
ANY_SITE = "any"


@dataclass(frozen=True)
class Term:
    id: str
    label: str


@dataclass(frozen=True)
class Vocabulary:
    sites: tuple  # Term
    situations: tuple  # Term

    def site(self, site_id: str) -> Term:
        return next(site for site in self.sites if site.id == site_id)

    def situation(self, situation_id: str) -> Term:
        return next(situation for situation in self.situations if situation.id == situation_id)


def _terms(root, key):
    terms = []
    for table in root.tables(key):
        terms.append(Term(table.required("id", str), table.required("label", str)))
        table.reject_unknown()
    ids = [term.id for term in terms]
    if len(set(ids)) != len(ids) or ANY_SITE in ids:
        raise root.error(key, f"ids must be unique and not {ANY_SITE!r}")
    return tuple(terms)


@cache
def vocabulary() -> Vocabulary:
    """The sites and situations, read and checked once."""
    with open(VOCABULARY_FILE, "rb") as file:
        root = Table(tomllib.load(file), VOCABULARY_FILE)
    loaded = Vocabulary(sites=_terms(root, "sites"), situations=_terms(root, "situations"))
    root.reject_unknown()
    return loaded


def _known_ids(table, key, values, terms, alternative=""):
    """`values`, when it is a non-empty list of ids of `terms`."""
    known = [term.id for term in terms]
    if not values or any(value not in known for value in values):
        listed = ", ".join(known)
        raise table.error(key, f"must list {key} of populations.toml ({listed}){alternative}, not {values!r}")
    return tuple(values)


def parse_sites(table: Table) -> tuple[str, ...]:
    """`sites = ["uterus"]`, or `sites = ["any"]` for a model of every site."""
    sites = table.required("sites", list)
    if sites == [ANY_SITE]:
        return (ANY_SITE,)
    return _known_ids(table, "sites", sites, vocabulary().sites, f", or {ANY_SITE!r} alone")


def parse_situations(table: Table) -> tuple[str, ...]:
    return _known_ids(table, "situations", table.required("situations", list), vocabulary().situations)
