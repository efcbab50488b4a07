"""WSGI entry point. It refuses to start with unsafe production settings (chatdong.core.safety): gunicorn and other
WSGI servers run no system checks themselves."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatdong.settings")
application = get_wsgi_application()

from chatdong.core.safety import refuse_unsafe_start  # noqa: E402  (needs the apps loaded)

refuse_unsafe_start()
