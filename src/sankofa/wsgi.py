"""The node's WSGI application (served by `sankofa serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sankofa.settings")
application = get_wsgi_application()
