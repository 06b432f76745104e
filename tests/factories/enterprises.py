import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from enterprises.ledger import ledger_open, ledger_record
from enterprises.models import (
    Arrear,
    CaseFiling,
    CoordinatorAssignment,
    CorrectionRequest,
    DishonestProposal,
    DocumentCount,
    Enterprise,
    EnterpriseEvent,
    EnterpriseMembership,
    LedgerEntry,
    Objection,
    Penalty,
    RepairApplication,
)
from enterprises.uscc import check_character
from rulebooks.models import CreditGrade
from rulebooks.selectors import rulebook_in_force
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


class PenaltyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Penalty

    enterprise = factory.SubFactory(EnterpriseFactory)
    case_number = factory.Sequence(lambda n: f"CASE-{n:06d}")
    kind = Penalty.Kind.SUPERVISION_VIOLATION
    decided_on = factory.LazyFunction(timezone.localdate)
    amount = Decimal("10000.00")


class ArrearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Arrear

    enterprise = factory.SubFactory(EnterpriseFactory)
    reference = factory.Sequence(lambda n: f"ARR-{n:06d}")
    kind = Arrear.Kind.TAX
    amount = Decimal("5000.00")
    due_on = factory.LazyFunction(timezone.localdate)


class DocumentCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentCount

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    declarations = 1000


class DishonestProposalFactory(factory.django.DjangoModelFactory):
    """An open proposal under the rulebook in force (Art. 22(2) unless `criterion=` is given)."""

    class Meta:
        model = DishonestProposal

    enterprise = factory.SubFactory(EnterpriseFactory)
    rulebook = factory.LazyFunction(rulebook_in_force)
    criterion = factory.LazyAttribute(lambda o: o.rulebook.criteria.get(code="art22-2"))
    evidence_date = factory.LazyFunction(timezone.localdate)


def determined_proposal(enterprise, *, code="art22-2", on=None, published_until=None):
    """A determination as the workflow leaves it: ledger entry, decision date, publication period."""
    on = on or timezone.localdate()
    rulebook = rulebook_in_force(on)
    criterion = rulebook.criteria.get(code=code)
    entry = ledger_record(
        actor=None,
        enterprise=enterprise,
        grade=criterion.resulting_grade,
        cause=LedgerEntry.Cause.DETERMINATION,
        reason="Determined in a test.",
        effective_from=on,
        rulebook=rulebook,
        criterion=criterion,
        decision_number=f"TEST-{enterprise.pk}-{code}",
    )
    return DishonestProposalFactory(
        enterprise=enterprise,
        rulebook=rulebook,
        criterion=criterion,
        status=DishonestProposal.Status.DETERMINED,
        ledger_entry=entry,
        decided_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(10))),
        decision_number=entry.decision_number,
        publication_level=criterion.publication_level,
        published_until=published_until or on + datetime.timedelta(days=365),
        evidence_date=on,
    )


class EnterpriseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseEvent

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = EnterpriseEvent.Kind.LEGAL_REPRESENTATIVE
    occurred_on = factory.LazyFunction(timezone.localdate)


class CorrectionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorrectionRequest

    enterprise = factory.SubFactory(EnterpriseFactory)
    requested_by = factory.SubFactory(UserFactory, role="enterprise")
    field = "address"
    correct_value = "西宁市示例路100号"


class RepairApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepairApplication

    enterprise = factory.SubFactory(EnterpriseFactory)
    rulebook = factory.LazyFunction(rulebook_in_force)
    applied_by = factory.SubFactory(UserFactory, role="enterprise")
    corrective_actions = "The tax was paid in full."
    answer_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


class ObjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objection

    reference = factory.Sequence(lambda n: f"YY20260101T{n:05d}")
    item = Objection.Item.PENALTY
    penalty = factory.SubFactory(PenaltyFactory)
    enterprise = factory.SelfAttribute("penalty.enterprise")
    filed_by = factory.SubFactory(UserFactory, role="enterprise")
    reason = "The case number belongs to another company."
    recheck_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


class CaseFilingFactory(factory.django.DjangoModelFactory):
    """An open administrative case; the row alone, without the consequences of
    `enterprises.case_filings.case_filing_record` (tests of those call the service)."""

    class Meta:
        model = CaseFiling

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = CaseFiling.Kind.ADMINISTRATIVE
    case_number = factory.Sequence(lambda n: f"西关缉违立字〔2026〕{n:04d}号")
    filing_authority = "西宁海关缉私局"
    filed_on = factory.LazyFunction(timezone.localdate)
    suspends_measures = factory.LazyAttribute(lambda o: o.kind == CaseFiling.Kind.CRIMINAL)
