from celery import shared_task

from background.services import operation_run


@shared_task(acks_late=True)
def run_operation(operation_id):
    """Run one long operation a user queued (background.services.operation_run reports every failure)."""
    return operation_run(operation_id)
