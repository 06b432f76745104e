import factory

from notifications.models import Notification
from tests.factories.accounts import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    subject = factory.Sequence(lambda n: f"通知 {n}")
    body = "请于截止日期前提交材料。"
