#!/usr/bin/env python3
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsp.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the environment now
    except ImproperlyConfigured as error:
        # A wrong or missing variable stops start-up with one line that names it.
        sys.exit(f"Configuration error: {error}")
    execute_from_command_line(sys.argv)
