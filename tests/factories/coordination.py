import datetime

import factory
from django.utils import timezone

from accounts.models import Role
from coordination.models import Case, CoordinatorProfile
from tests.factories.accounts import CustomsOfficeFactory, UserFactory
from tests.factories.enterprises import EnterpriseFactory


class CoordinatorProfileFactory(factory.django.DjangoModelFactory):
    """A coordinator of a customs office, with the default capacity."""

    class Meta:
        model = CoordinatorProfile

    user = factory.SubFactory(UserFactory, role=Role.COORDINATOR)
    office = factory.SubFactory(CustomsOfficeFactory)


class CaseFactory(factory.django.DjangoModelFactory):
    """An open complaint of an enterprise, to be served within ten days."""

    class Meta:
        model = Case

    enterprise = factory.SubFactory(EnterpriseFactory)
    category = Case.Category.COMPLAINT
    subject = "Release held for a week"
    description = "Held."
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
