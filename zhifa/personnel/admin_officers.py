"""Django admin of the officers area of the personnel app."""
