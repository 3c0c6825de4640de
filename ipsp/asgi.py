import os

from django.core.asgi import get_asgi_application

from ipsp.core.runtime import after_start_up

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsp.settings")
application = get_asgi_application()

after_start_up()  # gc.freeze(): docs/decisions.md
