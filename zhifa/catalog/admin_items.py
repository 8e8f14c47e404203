"""Django admin of the items area of the catalog app."""
