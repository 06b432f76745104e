import factory
from django.contrib.contenttypes.models import ContentType

from accounts.models import ActivityEntry, CustomsOffice, Role, User
from accounts.services import user_apply_role

TEST_PASSWORD = "test-pass-2026-long"


class CustomsOfficeFactory(factory.django.DjangoModelFactory):
    """A directly-under customs below GAC by default (GAC itself comes from the data file)."""

    class Meta:
        model = CustomsOffice
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"8{n % 1000:03d}")
    name = factory.LazyAttribute(lambda o: f"测试海关{o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Test Customs {o.code}")
    level = CustomsOffice.Level.DIRECTLY_UNDER
    parent = factory.LazyFunction(lambda: CustomsOffice.objects.get(code="0000"))
    path = factory.LazyAttribute(lambda o: f"{o.parent.path}{o.code}/" if o.parent else f"/{o.code}/")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="zh_CN")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.cn")
    role = Role.OFFICER
    office = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role != Role.ENTERPRISE),
        yes_declaration=factory.SubFactory(CustomsOfficeFactory),
        no_declaration=None,
    )

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])
            user_apply_role(self)


class ActivityEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityEntry

    actor = factory.SubFactory(UserFactory)
    verb = "test.event"
    target_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(CustomsOffice))
    target_id = factory.LazyFunction(lambda: str(CustomsOffice.objects.get(code="0000").pk))
    target_repr = "0000"
