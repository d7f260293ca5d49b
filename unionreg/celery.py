import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreg.settings")

app = Celery("unionreg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
