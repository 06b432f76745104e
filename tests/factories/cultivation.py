import datetime

import factory
from django.utils import timezone

from cultivation.models import CultivationPlan, Milestone
from rulebooks.selectors import rulebook_in_force
from tests.factories.accounts import CustomsOfficeFactory
from tests.factories.enterprises import EnterpriseFactory


class CultivationPlanFactory(factory.django.DjangoModelFactory):
    """A running plan towards advanced certification, begun 100 days ago, due in 600."""

    class Meta:
        model = CultivationPlan

    enterprise = factory.SubFactory(EnterpriseFactory)
    office = factory.SubFactory(CustomsOfficeFactory)
    rulebook = factory.LazyFunction(rulebook_in_force)
    target_grade = "advanced_certified"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    target_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=600))


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    plan = factory.SubFactory(CultivationPlanFactory)
    phase = "diagnosis"
    title = factory.Sequence(lambda n: f"Step {n}")
    due_on = factory.LazyFunction(timezone.localdate)
