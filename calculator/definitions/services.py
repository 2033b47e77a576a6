"""Installing, retiring and finding definition versions, and keeping the registry in step.

Every app server reads the installed versions from the database; `sync_registry()` hands the
current ones to `nomograms.registry`. It runs after each install and retirement here, before each
command that scores, and before a request at most once every INSTALLED_DEFINITIONS_CHECK_SECONDS
(the installed_definitions middleware).
"""

import hashlib
import tomllib

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calculator.audit.chain import canonical_json, record_event
from calculator.audit.models import AuditRecord
from nomograms.check import check_definition
from nomograms.definition import Definition, load_definition_text
from nomograms.registry import (
    Installed,
    UnknownModel,
    get_definition,
    installed_key,
    shipped_definition,
    use_installed,
)

from .models import DefinitionVersion, Retirement


class InstallRefused(ValueError):
    """A definition that cannot be installed; `problems` names each reason."""

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


def _stored_name(model_id):
    return f"{model_id}.toml"


def _load(version):
    return load_definition_text(version.definition, _stored_name(version.model_id))


def _current_versions():
    """The latest unretired installed version of each installed model, as (id, model id, SHA-256)."""
    rows = (
        DefinitionVersion.objects.filter(origin=DefinitionVersion.INSTALLED, retirement__isnull=True)
        .order_by("id")
        .values_list("id", "model_id", "sha256")
    )
    latest = {model_id: (pk, model_id, sha256) for pk, model_id, sha256 in rows}
    return tuple(sorted(latest.values()))


def sync_registry() -> None:
    """Offer the current installed versions, reading them only when they changed."""
    current = _current_versions()
    if current == installed_key():
        return
    versions = DefinitionVersion.objects.filter(pk__in=[pk for pk, _, _ in current])
    use_installed([Installed(_load(version), version.golden) for version in versions], current)


def install_definition(
    *, definition_text: str, golden_text: str, provenance: dict, installed_by: AbstractBaseUser
) -> DefinitionVersion:
    """Check and store one definition version and offer it from now on, recorded in the audit
    trail; raise InstallRefused.

    It needs golden cases that all match, parameters, and an id that is new or belongs to a
    shipped model awaiting parameters: a shipped computable model changes by a new file.
    """
    model_id = _model_id(definition_text)
    check = check_definition(definition_text, _stored_name(model_id), golden_text)
    if not check.clean:
        raise InstallRefused(check.problems)
    definition = check.definition  # computable: its golden cases ran
    shipped = shipped_definition(model_id)
    if shipped is not None and shipped.computable:
        raise InstallRefused(
            [_("%(model)s ships with the calculator; change its definition file instead.") % {"model": model_id}]
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                version = DefinitionVersion.objects.create(
                    model_id=model_id,
                    version=definition.version,
                    sha256=definition.sha256,
                    definition=definition_text,
                    golden=golden_text,
                    origin=DefinitionVersion.INSTALLED,
                    provenance=provenance,
                    created_at=timezone.now(),
                    created_by=installed_by,
                )
        except IntegrityError as error:
            raise InstallRefused(
                [_("This exact definition (SHA-256 %(sha256)s) is stored already.") % {"sha256": definition.sha256}]
            ) from error
        record_event(
            event=AuditRecord.INSTALLED,
            model_id=model_id,
            definition_version=version.version,
            definition_sha256=version.sha256,
            by=installed_by,
            details={"definition_version_id": version.pk, "provenance_sha256": provenance_sha256(provenance)},
        )
    sync_registry()
    return version


def provenance_sha256(provenance: dict) -> str:
    """The SHA-256 of a version's provenance as canonical JSON: its install event holds it, so the
    audit chain vouches for the stored provenance too."""
    return hashlib.sha256(canonical_json(provenance).encode("utf-8")).hexdigest()


def _model_id(definition_text):
    """The `id` of a definition's text, before it is checked (so the check can name its file)."""
    try:
        model_id = tomllib.loads(definition_text).get("id")
    except tomllib.TOMLDecodeError:
        model_id = None
    return model_id if isinstance(model_id, str) and model_id else "definition"


def retire_model(*, model_id: str, retired_by: AbstractBaseUser, reason: str) -> list[Retirement]:
    """Withdraw every installed version of `model_id`, each recorded in the audit trail; the
    shipped file (if any) is offered again."""
    if not reason.strip():
        raise InstallRefused([_("Say why the model is retired.")])
    versions = DefinitionVersion.objects.filter(
        model_id=model_id, origin=DefinitionVersion.INSTALLED, retirement__isnull=True
    )
    with transaction.atomic():
        retirements = [_retire(version, retired_by, reason) for version in versions]
    if not retirements:
        raise InstallRefused([_("%(model)s has no installed version to retire.") % {"model": model_id}])
    sync_registry()
    return retirements


def _retire(version, retired_by, reason):
    retirement = Retirement.objects.create(
        version=version, retired_at=timezone.now(), retired_by=retired_by, reason=reason
    )
    record_event(
        event=AuditRecord.RETIRED,
        model_id=version.model_id,
        definition_version=version.version,
        definition_sha256=version.sha256,
        by=retired_by,
        details={"definition_version_id": version.pk, "reason": reason},
    )
    return retirement


def remember_version(definition: Definition) -> None:
    """Keep `definition`'s text, so records computed with it replay after it changes."""
    if hashlib.sha256(definition.source.encode("utf-8")).hexdigest() != definition.sha256:
        return  # not the text it was loaded from: nothing that could be loaded again
    if not DefinitionVersion.objects.filter(sha256=definition.sha256).exists():
        DefinitionVersion.objects.create(
            model_id=definition.id,
            version=definition.version,
            sha256=definition.sha256,
            definition=definition.source,
            origin=DefinitionVersion.SHIPPED,
            created_at=timezone.now(),
        )


def definition_version(*, model_id: str, sha256: str) -> Definition | None:
    """The definition `model_id` had when its SHA-256 was `sha256`, or None if it was never kept."""
    try:
        current = get_definition(model_id)
    except UnknownModel:
        current = None
    if current is not None and current.sha256 == sha256:
        return current
    stored = DefinitionVersion.objects.filter(model_id=model_id, sha256=sha256).first()
    return _load(stored) if stored else None
