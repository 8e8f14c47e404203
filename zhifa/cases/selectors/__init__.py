"""Scoped reads of the cases app: lists, a case page, queues, the Justice Bureau overview."""
