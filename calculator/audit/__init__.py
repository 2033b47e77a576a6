"""Audit trail: opt-in, pseudonymous, append-only records of calculations, hash-chained and replayable."""
