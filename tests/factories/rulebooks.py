import factory

from rulebooks.models import BusinessType


class BusinessTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"type_{n}")
    name = factory.LazyAttribute(lambda o: f"业务类型{o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Business type {o.code}")
