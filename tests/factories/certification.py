import factory
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from certification.models import Application, Certificate
from rulebooks.selectors import rulebook_in_force
from tests.factories.enterprises import EnterpriseFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft application for advanced certification under the rulebook in force today; tests that
    walk the workflow create theirs through `certification.applications` instead."""

    class Meta:
        model = Application

    enterprise = factory.SubFactory(EnterpriseFactory)
    rulebook = factory.LazyFunction(rulebook_in_force)
    target_grade = "advanced_certified"


class CertificateFactory(factory.django.DjangoModelFactory):
    """An active advanced-certification certificate issued today, its re-review due in five years."""

    class Meta:
        model = Certificate

    number = factory.Sequence(lambda n: f"CN-AEO-TEST-{n:06d}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    grade = "advanced_certified"
    issued_on = factory.LazyFunction(timezone.localdate)
    rulebook = factory.LazyAttribute(lambda certificate: rulebook_in_force(certificate.issued_on))
    re_review_due = factory.LazyAttribute(lambda certificate: certificate.issued_on + relativedelta(years=5))
