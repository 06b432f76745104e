import datetime

import factory
from django.utils import timezone

from enterprises.ledger import ledger_open, ledger_record
from enterprises.models import CoordinatorAssignment, Enterprise, EnterpriseMembership, LedgerEntry
from enterprises.uscc import check_character
from rulebooks.models import CreditGrade
from tests.factories.accounts import CustomsOfficeFactory, UserFactory


def valid_uscc(n):
    first17 = f"91630100MA{n:07d}"
    return first17 + check_character(first17)


# Registered under Order 251; a grade other than regular is taken over on the day Order 282
# began (every grade exists there), so the grade always equals the latest ledger entry.
REGISTERED_ON = datetime.date(2021, 11, 1)
GRADE_TAKEN_OVER_ON = datetime.date(2026, 4, 1)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise
        skip_postgeneration_save = True

    uscc = factory.Sequence(valid_uscc)
    customs_code = factory.Sequence(lambda n: f"9700{n:06d}")
    name = factory.Sequence(lambda n: f"测试进出口有限公司{n}")
    name_en = factory.Sequence(lambda n: f"Test Import & Export Co., Ltd. {n}")
    legal_representative = factory.Faker("name", locale="zh_CN")
    address = factory.Faker("address", locale="zh_CN")
    customs_office = factory.SubFactory(CustomsOfficeFactory)

    @classmethod
    def _create(cls, model_class, *args, credit_grade=CreditGrade.REGULAR, **kwargs):
        enterprise = model_class.objects.create(*args, **kwargs)
        ledger_open(actor=None, enterprise=enterprise, effective_from=REGISTERED_ON)
        if credit_grade != CreditGrade.REGULAR:
            ledger_record(
                actor=None,
                enterprise=enterprise,
                grade=credit_grade,
                cause=LedgerEntry.Cause.MIGRATION,
                reason="Taken over from the earlier system.",
                effective_from=min(GRADE_TAKEN_OVER_ON, timezone.localdate()),
            )
        return enterprise

    @factory.post_generation
    def business_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.business_types.set(extracted)


class EnterpriseMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseMembership

    user = factory.SubFactory(UserFactory, role="enterprise")
    enterprise = factory.SubFactory(EnterpriseFactory)


class CoordinatorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinatorAssignment

    enterprise = factory.SubFactory(EnterpriseFactory)
    coordinator = factory.SubFactory(
        UserFactory, role="coordinator", office=factory.SelfAttribute("..enterprise.customs_office")
    )
