from celery import shared_task

from members.joining.services import applications_expire


@shared_task(name="members.joining.tasks.applications_expire_task")
def applications_expire_task() -> int:
    return applications_expire()
