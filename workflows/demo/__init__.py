"""The demo data set (python manage.py load_demo)."""
