"""Checkpoints: signed one-line statements of the chain's head, kept outside the database.

Modelled on the signed tree heads of certificate transparency logs (RFC 9162): a checkpoint names
the number of records, the last record's id and hash, and the time, signed (HMAC-SHA256) with the
chain's signing key. The last hash commits to every record before it, so as long as the chain
still holds that record with that hash (and verifies up to it), nothing up to the checkpoint was
changed, removed or replaced, whoever had access to the database and the key since.

    audit-checkpoint v1 records=271 last_id=271 last_hash=<64 hex> time=2026-03-01T12:00:00Z key=<key id> mac=<64 hex>
"""

import hmac
import re
from dataclasses import dataclass

from .models import AuditRecord

LINE = re.compile(
    r"(?P<body>audit-checkpoint v1 records=(?P<records>\d+) last_id=(?P<last_id>\d+) "
    r"last_hash=(?P<last_hash>[0-9a-f]{64}) time=(?P<time>\S+) key=(?P<key_id>[0-9a-f]{16})) "
    r"mac=(?P<mac>[0-9a-f]{64})"
)


@dataclass(frozen=True)
class Head:
    records: int
    last_id: int
    last_hash: str
    time: str
    key_id: str

    def body(self):
        return (
            f"audit-checkpoint v1 records={self.records} last_id={self.last_id} "
            f"last_hash={self.last_hash} time={self.time} key={self.key_id}"
        )

    def signed_line(self, key):
        body = self.body()
        return f"{body} mac={key.mac(body.encode('ascii'))}"

    def __str__(self):
        return f"{self.time}: {self.records} records, last record {self.last_id}"


def problems(line, number, keys):
    """What is wrong with checkpoint `line` (line `number` of its file), or with the chain it names.

    `keys` maps key ids to (rank, AuditKey), as the chain's verification found them.
    """
    line = line.strip()
    if not line:
        return []
    match = LINE.fullmatch(line)
    if not match:
        return [f"checkpoint line {number}: not a checkpoint"]
    head = Head(
        records=int(match["records"]),
        last_id=int(match["last_id"]),
        last_hash=match["last_hash"],
        time=match["time"],
        key_id=match["key_id"],
    )
    named = f"checkpoint line {number} ({head})"
    if head.key_id not in keys:
        return [f"{named}: signed with key {head.key_id}, which is not in the keyring: not checked"]
    _rank, key = keys[head.key_id]
    if not hmac.compare_digest(key.mac(match["body"].encode("ascii")), match["mac"]):
        return [f"{named}: its signature does not match: the line was changed or not made with the site's key"]
    if head.last_id == 0:
        return []
    stored = AuditRecord.objects.filter(pk=head.last_id).values_list("hash", flat=True).first()
    if stored is None:
        last = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first()
        return [
            f"{named}: the chain no longer holds record {head.last_id} "
            f"(it ends at record {last or 0}): records were removed"
        ]
    if stored != head.last_hash:
        return [
            f"{named}: record {head.last_id} now has hash {stored}, not {head.last_hash}: "
            "the chain was rewritten up to there"
        ]
    held = AuditRecord.objects.filter(pk__lte=head.last_id).count()
    if held != head.records:
        return [f"{named}: the chain holds {held} records up to record {head.last_id}: records were removed"]
    return []
