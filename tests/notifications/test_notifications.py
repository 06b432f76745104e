import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from core.errors import NotPermitted
from notifications.models import Notification
from notifications.services import (
    notification_deliver_email,
    notification_retry_emails,
    notification_send,
    notify_users,
)
from notifications.tasks import MAX_EMAIL_ATTEMPTS
from tests.factories.accounts import UserFactory
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db


def test_notice_is_emailed_after_commit_in_the_recipients_language(
    django_capture_on_commit_callbacks, offices
):
    recipient = UserFactory(role="officer", office=offices["9700"], preferred_language="en", full_name="Li")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notice = notification_send(recipient=recipient, subject="Re-review due", body="Due in 90 days.")
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [recipient.email]
    assert "Dear Li" in message.body
    assert "Due in 90 days." in message.alternatives[0][0]
    notice.refresh_from_db()
    assert notice.email_status == Notification.EmailStatus.SENT


def test_chinese_recipient_gets_a_chinese_email(django_capture_on_commit_callbacks, offices):
    recipient = UserFactory(
        role="officer", office=offices["9700"], preferred_language="zh-hans", full_name="王"
    )
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipient=recipient, subject="复核提醒", body="请准备材料。")
    assert "王" in mail.outbox[0].body
    assert "Dear" not in mail.outbox[0].body


def test_delivering_twice_sends_once(django_capture_on_commit_callbacks, officer):
    with django_capture_on_commit_callbacks(execute=True):
        notice = notification_send(recipient=officer, subject="s", body="b")
    notification_deliver_email(notification_id=notice.pk)
    assert len(mail.outbox) == 1


def test_user_without_email_gets_only_the_inbox_notice(offices):
    user = UserFactory(role="officer", office=offices["9700"], email="")
    notice = notification_send(recipient=user, subject="s", body="b")
    assert notice.email_status == Notification.EmailStatus.NOT_REQUIRED


def test_inbox_lists_own_notices_and_badge_counts_unread(client, officer, offices):
    NotificationFactory(recipient=officer, subject="我的通知")
    NotificationFactory(recipient=UserFactory(role="officer", office=offices["2200"]), subject="别人的通知")
    client.force_login(officer)
    page = client.get("/notifications/").content.decode()
    assert "我的通知" in page
    assert "别人的通知" not in page
    assert 'rounded-pill text-bg-warning">1<' in page


def test_mark_read_and_other_users_notice_is_404(client, officer, offices):
    mine = NotificationFactory(recipient=officer)
    theirs = NotificationFactory(recipient=UserFactory(role="officer", office=offices["2200"]))
    client.force_login(officer)
    assert client.post(f"/notifications/{mine.pk}/read/").status_code == 302
    mine.refresh_from_db()
    assert mine.is_read
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_mark_all_read(client, officer):
    NotificationFactory.create_batch(3, recipient=officer)
    client.force_login(officer)
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()


def test_external_link_is_not_followed_after_marking_read(client, officer):
    notice = NotificationFactory(recipient=officer, link="https://evil.example.com/")
    client.force_login(officer)
    assert client.post(f"/notifications/{notice.pk}/read/")["Location"] == "/notifications/"


def test_empty_inbox_says_so(client, officer):
    client.force_login(officer)
    page = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your inbox is empty." in page


def test_a_failing_mail_server_is_retried_then_the_failure_is_shown_to_administrators(
    django_capture_on_commit_callbacks, settings, request, officer, administrator, client
):
    from credit_mgmt.celery import app

    settings.EMAIL_BACKEND = "tests.notifications.failing_mail.RefusingBackend"
    app.conf.task_eager_propagates = False  # eager retries then run in a row, as a worker's would
    request.addfinalizer(lambda: setattr(app.conf, "task_eager_propagates", True))
    with django_capture_on_commit_callbacks(execute=True):
        notice = notification_send(recipient=officer, subject="Re-review due", body="Soon.")
    notice.refresh_from_db()
    assert notice.email_status == Notification.EmailStatus.FAILED
    assert notice.email_attempts == MAX_EMAIL_ATTEMPTS
    assert "unexpectedly closed" in notice.email_error
    assert officer.notifications.filter(pk=notice.pk, read_at__isnull=True).exists()  # still in the inbox

    client.force_login(administrator)
    page = client.get(reverse("admin:notifications_notification_changelist"), {"email_status": "failed"})
    assert "unexpectedly closed" in page.content.decode()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "retry_emails", "_selected_action": [notice.pk]},
        )
    notice.refresh_from_db()
    assert notice.email_status == Notification.EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_only_administrators_may_send_failed_emails_again(officer):
    NotificationFactory(recipient=officer, email_status=Notification.EmailStatus.FAILED)
    with pytest.raises(NotPermitted):
        notification_retry_emails(actor=officer, notifications=Notification.objects.all())
    assert Notification.objects.get().email_status == Notification.EmailStatus.FAILED


def test_the_inbox_shows_a_notice_in_the_language_the_reader_uses_now(client, offices):
    """Written while the reader's language was Chinese, read after switching to English (and back)."""
    reader = UserFactory(role="officer", office=offices["9700"], preferred_language="zh-hans")
    notify_users(
        [reader],
        subject=gettext_lazy("Certification application %(number)s: %(status)s"),
        body=gettext_lazy(
            "The certification application %(number)s of %(enterprise)s is now: %(status)s. %(note)s"
        ),
        context=lambda: {
            "number": "RZ1",
            "enterprise": "青海乙公司",
            "status": gettext("Submitted"),
            "note": "",
        },
    )
    notice = Notification.objects.get(recipient=reader)
    assert notice.subject == "认证申请RZ1：已提交"  # the e-mail's, in the preferred language
    client.force_login(reader)
    client.post(reverse("switch-language"), {"language": "en", "next": "/"})
    page = client.get(reverse("inbox")).content.decode()
    assert "Certification application RZ1: Submitted" in page
    assert "认证申请RZ1" not in page
    client.post(reverse("switch-language"), {"language": "zh-hans", "next": "/"})
    assert "认证申请RZ1：已提交" in client.get(reverse("inbox")).content.decode()


def test_a_notice_written_in_one_language_only_is_shown_as_written(client, officer):
    notification_send(recipient=officer, subject="复核提醒", body="请准备材料。")
    client.force_login(officer)
    client.post(reverse("switch-language"), {"language": "en", "next": "/"})
    assert "复核提醒" in client.get(reverse("inbox")).content.decode()
