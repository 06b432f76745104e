import factory

from enterprises.models import CoordinatorAssignment, Enterprise, EnterpriseMembership
from enterprises.uscc import check_character
from tests.factories.accounts import CustomsOfficeFactory, UserFactory


def valid_uscc(n):
    first17 = f"91630100MA{n:07d}"
    return first17 + check_character(first17)


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
