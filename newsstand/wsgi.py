"""WSGI entry point for gunicorn (`newsstand up` starts it)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsstand.settings")
application = get_wsgi_application()
