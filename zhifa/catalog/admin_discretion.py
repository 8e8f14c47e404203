"""Django admin of the discretion area of the catalog app."""
