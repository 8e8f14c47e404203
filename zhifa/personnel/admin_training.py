"""Django admin of the training area of the personnel app."""
