"""Views of the catalog app, one module per area (items, discretion)."""
