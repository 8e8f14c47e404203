"""Case actions of the decision area (see zhifa/cases/actions/__init__.py)."""
