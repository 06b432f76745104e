"""Celery beat's scheduler: the apps' scheduled jobs (`core.jobs`) kept in the database.

django-celery-beat's DatabaseScheduler writes the code's schedule over the database rows at every
start, so a job an administrator re-timed or paused in the admin went back after a restart. This one
installs a job only when its row is missing; afterwards the admin's row is what runs.
"""

from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from core.jobs import beat_schedule


class InstallMissingJobsScheduler(DatabaseScheduler):
    def setup_schedule(self):
        self.app.conf.beat_schedule = beat_schedule()
        super().setup_schedule()

    def update_from_dict(self, mapping):
        installed = set(PeriodicTask.objects.filter(name__in=list(mapping)).values_list("name", flat=True))
        super().update_from_dict({name: entry for name, entry in mapping.items() if name not in installed})
