import os

from django.core.wsgi import get_wsgi_application

from ipsp.core.runtime import after_start_up

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsp.settings")
application = get_wsgi_application()

after_start_up()  # gc.freeze(): docs/decisions.md
