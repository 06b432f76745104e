from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top floor: what spans every app (home pages, "what to do next", the work lists, the export
    registry, demo and scale data). No app imports it."""

    name = "portal"
