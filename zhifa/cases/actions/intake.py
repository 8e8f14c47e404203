"""Case actions of the intake area (see zhifa/cases/actions/__init__.py)."""
