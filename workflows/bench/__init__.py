"""Benchmarks (python manage.py bench ...), printing JSON."""
