"""Audit: the hash-chained audit trail and the integrity check of issued documents."""
