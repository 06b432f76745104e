from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom floor: helpers every app uses (errors, paging, uploads, exports, locks, the API's base
    classes, the job runner) and the project-wide commands. It imports no other app of the project."""

    name = "core"
