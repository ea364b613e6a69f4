"""WSGI entry point: `flask --app app ...` and `gunicorn 'app:create_app()'`."""
from runphys import create_app

__all__ = ["create_app"]
