"""The JSON API (Django REST framework): task actions, report figures, consolidated tables."""
