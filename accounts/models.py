"""Users, their roles and the customs office tree."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import chain
from accounts.audit import AuditedHistoricalModel
from core.errors import InvariantViolation
from core.uploads import stored_name


class BilingualNameMixin:
    """`name` is Chinese, `name_en` English; show the one for the active language."""

    @property
    def display_name(self):
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class CustomsOffice(BilingualNameMixin, models.Model):
    """A node of the tree GAC -> directly-under customs -> subordinate customs."""

    class Level(models.TextChoices):
        GAC = "gac", _("General Administration of Customs")
        DIRECTLY_UNDER = "directly_under", _("Directly-under customs")
        SUBORDINATE = "subordinate", _("Subordinate customs")

    code = models.CharField(
        _("office code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("An office code is four digits."))],
    )
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Materialised path such as "/0000/9700/9703/": a jurisdiction is one
    # prefix match instead of a recursive query.
    path = models.CharField(_("path"), max_length=100, editable=False, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    head = models.ForeignKey(
        "accounts.User",
        verbose_name=_("head of office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Receives escalations, such as cases past their service deadline."),
    )
    document_prefix = models.CharField(
        _("document-number prefix"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^[^\s〔〕\[\]()（）0-9]+$",
                _("A prefix is the words before the year, such as 西关信字: no spaces, brackets or digits."),
            )
        ],
        help_text=_(
            "Directly-under customs only: the words before the year in the numbers of its notices and "
            "decisions, such as 西关信字 for 西关信字〔2026〕12号. Empty: the office's full name followed "
            "by 信字."
        ),
    )

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["path"]
        verbose_name = _("customs office")
        verbose_name_plural = _("customs offices")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="gac", parent__isnull=True) | (~Q(level="gac") & Q(parent__isnull=False)),
                name="office_only_gac_has_no_parent",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.display_name}"

    def clean(self):
        expected_parent_level = {
            self.Level.DIRECTLY_UNDER: self.Level.GAC,
            self.Level.SUBORDINATE: self.Level.DIRECTLY_UNDER,
        }.get(self.level)
        if self.level == self.Level.GAC and self.parent_id:
            raise ValidationError({"parent": _("The General Administration has no parent office.")})
        if expected_parent_level and (not self.parent or self.parent.level != expected_parent_level):
            raise ValidationError(
                {
                    "parent": _("This level of office must sit under a %(level)s office.")
                    % {"level": self.Level(expected_parent_level).label}
                }
            )
        if self.document_prefix and self.level != self.Level.DIRECTLY_UNDER:
            raise ValidationError(
                {"document_prefix": _("Only a directly-under customs numbers notices and decisions.")}
            )

    @property
    def directly_under_code(self):
        """Code of the directly-under customs this office belongs to (None for GAC)."""
        parts = self.path.strip("/").split("/")
        return parts[1] if len(parts) > 1 else None


class DocumentNumberCounter(models.Model):
    """The last document number a directly-under customs issued in a year: numbers are never reused.

    Its notices and decisions share one register per year (`accounts.numbering`), as a customs
    numbers its documents of a kind in one series.
    """

    office = models.ForeignKey(
        CustomsOffice, verbose_name=_("customs office"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        ordering = ["office", "-year"]
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="one_document_counter_per_office_year"),
        ]

    def __str__(self):
        return f"{self.office_id} {self.year}: {self.last}"


class Role(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise user")
    OFFICER = "officer", _("Customs officer")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


CUSTOMS_ROLES = (Role.OFFICER, Role.COORDINATOR, Role.ADMINISTRATOR)
# Roles that confirm their sign-in with an authenticator app (accounts/two_factor.py).
TWO_FACTOR_ROLES = (Role.OFFICER, Role.ADMINISTRATOR)


class AccountManager(UserManager):
    """`createsuperuser` makes an administrator of the General Administration: a superuser is customs
    staff with every permission and confirms each sign-in with two factors, like every administrator."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        if extra_fields["role"] != Role.ADMINISTRATOR:
            raise ValueError("A superuser is an administrator (role=administrator).")
        if "office" not in extra_fields and "office_id" not in extra_fields:
            extra_fields["office"] = CustomsOffice.objects.get(level=CustomsOffice.Level.GAC)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """Every person who signs in: enterprise staff or customs staff.

    Customs staff belong to an office; an enterprise user belongs to exactly one
    enterprise (recorded by `enterprises.EnterpriseMembership`, which sits in the
    layer that knows enterprises).
    """

    Role = Role

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ENTERPRISE)
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    office = models.ForeignKey(
        CustomsOffice,
        verbose_name=_("customs office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    certification_qualified = models.BooleanField(
        _("certification qualified"),
        default=False,
        help_text=_(
            "Qualified to decide AEO certifications: with an office of a directly-under customs, the "
            "officer certifies or refuses the applications of its enterprises."
        ),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Language of e-mails and notices sent to this user."),
    )

    objects = AccountManager()
    history = HistoricalRecords(bases=[AuditedHistoricalModel], excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="enterprise", office__isnull=True)
                | (~Q(role="enterprise") & Q(office__isnull=False)),
                name="user_customs_staff_have_an_office",
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        super().clean()
        if self.role == Role.ENTERPRISE and self.office_id:
            raise ValidationError({"office": _("Enterprise users do not belong to a customs office.")})
        if self.role != Role.ENTERPRISE and not self.office_id:
            raise ValidationError({"office": _("Customs staff must belong to a customs office.")})

    @property
    def is_customs_staff(self):
        return self.role in CUSTOMS_ROLES

    @property
    def is_enterprise_user(self):
        return self.role == Role.ENTERPRISE

    @property
    def is_administrator(self):
        return self.role == Role.ADMINISTRATOR

    @property
    def uses_two_factor(self):
        """Officers and administrators; and any superuser, whatever role an older row gave it."""
        return self.role in TWO_FACTOR_ROLES or self.is_superuser

    def set_unusable_password(self):
        super().set_unusable_password()
        self._password_withdrawn = True

    def save(self, *args, **kwargs):
        """A new or withdrawn password also ends the API tokens given under the old one.

        Django ends the user's other sessions itself (their session hash no longer matches); tokens carry
        no such hash, so they are deleted here, whichever way the password changed: the password page,
        the admin, a service or `changepassword`. A hash upgrade at sign-in is not a change.
        """
        password_replaced = self._password is not None or getattr(self, "_password_withdrawn", False)
        super().save(*args, **kwargs)
        if password_replaced:
            ApiToken.objects.filter(user=self).delete()
            self._password_withdrawn = False


class ApiToken(models.Model):
    """An API token: only its SHA-256 digest is stored, so a copy of the database signs nobody in, and
    it expires `settings.API_TOKEN_HOURS` after it was issued (`accounts.tokens`)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.user} · {self.digest[:8]}"


class ActivityQuerySet(models.QuerySet):
    """Bulk inserts join the hash chain; bulk updates and deletes are refused like single ones."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(savepoint=False):
            chain.link(objs)
            return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        raise InvariantViolation("Activity entries cannot be changed.")

    def delete(self):
        raise InvariantViolation("Activity entries cannot be deleted.")


class ActivityEntry(models.Model):
    """One business event (who did what to which object), written by services.

    Append-only: entries are created in the same transaction as the change they
    describe and are never updated or deleted. Each one is a link of a hash chain
    (`accounts.chain`), so a change made behind the ORM's back is found by `verify_audit`.
    """

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(_("action"), max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(_("object id"), max_length=64)
    target_repr = models.CharField(_("object"), max_length=255)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    previous_hash = models.CharField(_("hash of the previous entry"), max_length=64, editable=False)
    entry_hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("activity entry")
        verbose_name_plural = _("activity log")
        indexes = [models.Index(fields=["target_type", "target_id"], name="activity_target_idx")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise InvariantViolation("Activity entries cannot be changed.")
        with transaction.atomic(savepoint=False):
            chain.link([self])
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvariantViolation("Activity entries cannot be deleted.")


class UploadedDocument(models.Model):
    """A file someone uploaded, checked by `core.uploads` and kept in private media.

    Concrete models add the `file` field (with their own folder) and what the file belongs to.
    """

    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    @classmethod
    def store(cls, uploads, *, uploaded_by, **belongs_to):
        """One row per checked upload, named by its base name only."""
        return [
            cls.objects.create(
                file=upload,
                original_name=stored_name(upload),
                size=upload.size,
                uploaded_by=uploaded_by,
                **belongs_to,
            )
            for upload in uploads
        ]
