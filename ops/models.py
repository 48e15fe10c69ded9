from django.db import models


class Heartbeat(models.Model):
    """The last time a Celery worker consuming ``queue`` ran the beat's heartbeat task.

    Kept in the database because it is the one store every web node and every worker machine share
    (the cache is per process unless configured otherwise); one row per queue, updated in place.
    """

    queue = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()
    worker = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"{self.queue} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
