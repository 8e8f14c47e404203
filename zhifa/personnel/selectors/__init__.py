"""Selectors of the personnel app, one module per area (officers, training)."""
