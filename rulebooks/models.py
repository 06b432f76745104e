"""The law as data. Grades carry the integration contract's codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from accounts.models import BilingualNameMixin


class CreditGrade(models.TextChoices):
    """Credit grade codes of the published API; a rulebook says which apply when."""

    ADVANCED_CERTIFIED = "advanced_certified", _("Advanced certified enterprise")
    CERTIFIED = "certified", _("Certified enterprise")
    REGULAR = "regular", _("Regular enterprise")
    DISHONEST = "dishonest", _("Dishonest enterprise")
    SERIOUSLY_DISHONEST = "seriously_dishonest", _("Seriously dishonest enterprise")


AEO_GRADES = frozenset({CreditGrade.ADVANCED_CERTIFIED, CreditGrade.CERTIFIED})


class BusinessType(BilingualNameMixin, models.Model):
    """A kind of customs business (consignee/consignor, broker, ...): an enterprise has several."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("business type")
        verbose_name_plural = _("business types")

    def __str__(self):
        return self.display_name
