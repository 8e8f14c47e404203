"""Case actions of the closing area (see zhifa/cases/actions/__init__.py)."""
