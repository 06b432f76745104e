import factory

from background.models import Operation
from tests.factories.accounts import UserFactory


class OperationFactory(factory.django.DjangoModelFactory):
    """A list export an officer asked for, queued."""

    class Meta:
        model = Operation

    kind = Operation.Kind.EXPORT
    requested_by = factory.SubFactory(UserFactory)
    language = "en"
