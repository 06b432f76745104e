"""The figures of an applicant's audited financial statements, one row per financial year."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.audit import AuditedHistoricalModel
from certification.finance import FIGURES
from certification.models.application import Application


def _figure(code):
    return models.DecimalField(FIGURES[code], max_digits=18, decimal_places=2, null=True, blank=True)


class FinancialYear(models.Model):
    """What the financial-status items are computed from: the enterprise enters its figures, the
    team corrects them against the audit report; the history keeps both."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="financial_years"
    )
    year = models.PositiveSmallIntegerField(
        _("financial year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    total_assets = _figure("total_assets")
    total_liabilities = _figure("total_liabilities")
    current_assets = _figure("current_assets")
    current_liabilities = _figure("current_liabilities")
    monetary_funds = _figure("monetary_funds")
    trading_financial_assets = _figure("trading_financial_assets")
    operating_cash_flow = _figure("operating_cash_flow")
    revenue = _figure("revenue")
    cost_of_revenue = _figure("cost_of_revenue")
    operating_profit = _figure("operating_profit")
    total_profit = _figure("total_profit")
    interest_expense = _figure("interest_expense")
    net_profit = _figure("net_profit")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    history = HistoricalRecords(bases=[AuditedHistoricalModel])

    class Meta:
        ordering = ["application", "-year"]
        verbose_name = _("financial year")
        verbose_name_plural = _("financial years")
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="one_row_per_financial_year"),
        ]

    def __str__(self):
        return str(self.year)

    def figures(self):
        return {code: getattr(self, code) for code in FIGURES}
