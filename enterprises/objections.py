"""Objections to published credit information (domain brief 4.4): customs re-checks within the
rulebook's days.

Any natural person, legal person or unincorporated organisation that believes information customs
publishes is wrong may object and attach evidence, and customs re-checks within 20 days (Order 251
Art. 10 (verify the number), as Order 237 Art. 10 and Order 225 Art. 8 before it; Order 282: verify).
So there are two doors to one queue: the enterprise's own users object to its published penalties
and dishonesty records from its pages (`objection_file`), anyone else objects from the public lookup
to any published item: grade, certificate status, dishonesty record or penalty
(`objection_file_public`). Either objection goes to the enterprise's supervising customs, whose
officers answer it in the same queue with the same deadline (`objection_answer`).

Only an item the public can see today can be objected to. Upholding an objection to a record
withdraws it from publication (a withdrawn penalty also stops counting towards the dishonest
criteria); a grade or certificate status found wrong is corrected by the officer through the
grade's or the certificate's own service, and the answer says so. The objector hears the result: the
enterprise's users in their inbox, a member of the public by e-mail at the address they gave.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import record_activity
from core.display import format_date, format_date_lazy
from core.errors import InvalidState
from core.uploads import stored_name, validate_uploads
from enterprises.disclosure import published_determinations, published_penalties
from enterprises.identity_numbers import objector_id_problem, phone_problem
from enterprises.models import DishonestProposal, Enterprise, Objection, ObjectionAttachment, Penalty
from enterprises.notices import notify_enterprise_users, officers_of
from enterprises.permissions import require_enterprise_user, require_officer_of
from notifications.services import notification_email_address, notify_users
from rulebooks.selectors import rulebook_in_force

Item = Objection.Item
ObjectorKind = Objection.ObjectorKind

ANSWER_SUBJECT = gettext_lazy("Your objection: %(outcome)s")
ANSWER_BODY = gettext_lazy("Customs has re-checked the record %(record)s: %(answer)s")
PUBLIC_RECEIVED_SUBJECT = gettext_lazy("Objection %(reference)s received")
PUBLIC_RECEIVED_BODY = gettext_lazy(
    "Customs has received your objection %(reference)s to the published information about "
    "%(enterprise)s (%(item)s). %(office)s re-checks it and answers by %(due)s at this address."
)
PUBLIC_ANSWER_BODY = gettext_lazy(
    "Customs has re-checked your objection %(reference)s to the published information about "
    "%(enterprise)s (%(item)s). Result: %(outcome)s. %(answer)s"
)
OFFICER_SUBJECT = gettext_lazy("Objection from the public: %(enterprise)s")
OFFICER_BODY = gettext_lazy(
    "%(objector)s (%(kind)s) objects to the published information about %(enterprise)s (%(item)s), "
    "reference %(reference)s. Re-check it by %(due)s."
)
OWN_OBJECTION_SUBJECT = gettext_lazy("Objection from %(enterprise)s")
OWN_OBJECTION_BODY = gettext_lazy(
    "%(enterprise)s objects to its published information (%(item)s), reference %(reference)s. "
    "Re-check it by %(due)s."
)

# Evidence of an objection: what a re-checking officer can open, kept small enough to store and scan.
ATTACHMENT_MAX_FILES = 5
REASON_MAX_LENGTH = 5000
# 异议 (YY), the filing day, six characters no reader confuses (no 0/O, 1/I).
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_reference(day):
    suffix = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"YY{day:%Y%m%d}{suffix}"


def _recheck_due(day):
    return day + datetime.timedelta(days=rulebook_in_force(day).objection_recheck_days)


# --- what can be objected to -----------------------------------------------------------------------


def objectable_records(enterprise, day=None):
    """Ids of the enterprise's records its own users can object to now: published, and no objection of
    theirs open (an objection from the public does not stop the enterprise from objecting)."""
    day = day or timezone.localdate()
    contested = Objection.objects.filter(
        enterprise=enterprise,  # pragma: no mutate (narrows the subquery only: a record has one enterprise)
        status=Objection.Status.OPEN,
        objector_kind=ObjectorKind.ENTERPRISE,
    )
    penalties = (
        published_penalties(day)
        .filter(enterprise=enterprise)
        .exclude(pk__in=contested.filter(penalty__isnull=False).values("penalty_id"))
    )
    determinations = (
        published_determinations(day)
        .filter(enterprise=enterprise)
        .exclude(pk__in=contested.filter(determination__isnull=False).values("determination_id"))
    )
    # pragma below: values_list(flat=True) without a field gives the first field, the id, as well.
    return {
        "penalties": set(penalties.values_list("pk", flat=True)),  # pragma: no mutate
        "determinations": set(determinations.values_list("pk", flat=True)),  # pragma: no mutate
    }


def public_items(enterprise, day=None):
    """What the public lookup shows about `enterprise` today, as (key, label) pairs, the keys those
    `objection_file_public` takes: its grade, each certificate's status, each published dishonesty
    record and each published penalty. Four queries, whatever the number of records."""
    day = day or timezone.localdate()
    items = [
        (Item.GRADE.value, _("Credit grade: %(grade)s") % {"grade": enterprise.get_credit_grade_display()})
    ]
    for certificate in enterprise.certificates.all():  # newest first, as the model orders them
        items.append(
            (
                f"{Item.CERTIFICATE}:{certificate.number}",
                _("Certificate %(number)s: %(status)s")
                % {"number": certificate.number, "status": certificate.get_status_display()},
            )
        )
    for record in (
        published_determinations(day)
        .filter(enterprise=enterprise)
        .select_related("criterion__rulebook")
        .order_by("-decided_at", "-id")
    ):
        items.append(
            (
                f"{Item.DETERMINATION}:{record.pk}",
                _("Dishonesty record: %(article)s %(title)s, determined on %(day)s")
                % {
                    "article": record.criterion.display_article,
                    "title": record.criterion.display_title,
                    "day": format_date(timezone.localdate(record.decided_at)),
                },
            )
        )
    for penalty in published_penalties(day).filter(enterprise=enterprise).order_by("-decided_on", "-id"):
        items.append(
            (
                f"{Item.PENALTY}:{penalty.pk}",
                _("Administrative penalty %(case)s: %(kind)s, decided on %(day)s")
                % {
                    "case": penalty.case_number,
                    "kind": penalty.get_kind_display(),
                    "day": format_date(penalty.decided_on),
                },
            )
        )
    return items


def _published_target(enterprise, key, day):
    """The fields naming the published item `key` (as `public_items` gives it) of `enterprise` today,
    with what the public sees of a grade or a certificate; ValidationError if it is not published."""
    kind, _sep, ident = (key or "").partition(":")
    unknown = ValidationError({"item": _("Choose one of the items published about this enterprise.")})
    if kind == Item.GRADE and not ident:
        return {"item": Item.GRADE, "published_value": enterprise.credit_grade}
    if kind == Item.CERTIFICATE and ident:
        certificate = enterprise.certificates.filter(number=ident).first()
        if certificate is None:
            raise unknown
        return {"item": Item.CERTIFICATE, "certificate_number": ident, "published_value": certificate.status}
    if kind in (Item.DETERMINATION, Item.PENALTY) and ident.isdigit():
        published = published_determinations(day) if kind == Item.DETERMINATION else published_penalties(day)
        record = published.filter(enterprise=enterprise, pk=int(ident)).first()
        if record is None:
            raise unknown
        return {"item": kind, kind: record}
    raise unknown


# --- writes ----------------------------------------------------------------------------------------


def objection_file(*, actor, record, reason):
    """The enterprise contests one of its published penalties or dishonesty records."""
    enterprise = record.enterprise
    require_enterprise_user(actor, enterprise, _("Only the enterprise's own users object to its records."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with the record.")})
    today = timezone.localdate()
    item = Item.PENALTY if isinstance(record, Penalty) else Item.DETERMINATION
    target = {item: record}
    published = published_penalties(today) if item == Item.PENALTY else published_determinations(today)
    with transaction.atomic():
        type(record).objects.select_for_update().get(pk=record.pk)
        if not published.filter(pk=record.pk).exists():
            raise InvalidState(_("Only a record that is published can be objected to."))
        if Objection.objects.filter(
            status=Objection.Status.OPEN, objector_kind=ObjectorKind.ENTERPRISE, **target
        ).exists():
            raise InvalidState(_("An objection to this record is already being re-checked."))
        objection = Objection.objects.create(
            reference=new_reference(today),
            enterprise=enterprise,
            item=item,
            filed_by=actor,
            reason=reason,
            recheck_due=_recheck_due(today),
            **target,
        )
        record_activity(actor=actor, verb="objection.filed", target=objection, note=reason)
        _tell_officers(objection, OWN_OBJECTION_SUBJECT, OWN_OBJECTION_BODY)
    return objection


def _public_objector(objector_kind, objector_name, objector_id_number, contact_phone, contact_email, today):
    """The objector's identity and contact, cleaned; a ValidationError naming every field that is wrong."""
    errors = {}
    if objector_kind not in Objection.PUBLIC_KINDS:
        errors["objector_kind"] = _(
            "Say whether you object as a natural person, a legal person or an unincorporated organisation."
        )
    name = " ".join((objector_name or "").split())
    if not name:
        errors["objector_name"] = _("Give your name, or the name of the legal person or organisation.")
    elif len(name) > Objection._meta.get_field("objector_name").max_length:
        errors["objector_name"] = _("A name of at most 200 characters.")
    id_number = (objector_id_number or "").strip().upper()
    if not id_number:
        errors["objector_id_number"] = _(
            "Give the resident identity card number, or the unified social credit code of the legal "
            "person or organisation."
        )
    elif "objector_kind" not in errors:
        problem = objector_id_problem(
            natural_person=objector_kind == ObjectorKind.NATURAL_PERSON, value=id_number, today=today
        )
        if problem:
            errors["objector_id_number"] = problem
    email = (contact_email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        errors["contact_email"] = _("Give an e-mail address: the result of the re-check is sent there.")
    phone = (contact_phone or "").strip()
    if phone and phone_problem(phone):
        errors["contact_phone"] = phone_problem(phone)
    if errors:
        raise ValidationError(errors)
    return {
        "objector_kind": objector_kind,
        "objector_name": name,
        "objector_id_number": id_number,
        "contact_phone": phone,
        "contact_email": email,
    }


def objection_file_public(
    *,
    enterprise,
    item,
    objector_kind,
    objector_name,
    objector_id_number,
    contact_email,
    reason,
    contact_phone="",
    files=(),
    language="",
):
    """Anyone objects, from the public lookup, to an item published about `enterprise`.

    The objection goes to the officers of the enterprise's supervising customs (and of the
    directly-under customs above it), due in the rulebook's re-check period; the objector receives the
    reference by e-mail. Sent twice (the same objector, the same item, still open), it is filed once.
    """
    today = timezone.localdate()
    errors = {}
    try:
        objector = _public_objector(
            objector_kind, objector_name, objector_id_number, contact_phone, contact_email, today
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say what is wrong with the published information, and why.")]
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = [_("Say it in at most 5,000 characters; attach longer documents as evidence.")]
    try:
        files = validate_uploads(files, max_files=ATTACHMENT_MAX_FILES)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # One filing at a time per enterprise: a repeated submission finds the first.
        enterprise = (
            Enterprise.objects.select_for_update(of=("self",))
            .select_related("customs_office")
            .get(pk=enterprise.pk)
        )
        target = _published_target(enterprise, item, today)
        target_fields = {key: value for key, value in target.items() if key != "published_value"}
        existing = Objection.objects.filter(
            enterprise=enterprise,
            status=Objection.Status.OPEN,
            objector_id_number=objector["objector_id_number"],
            **target_fields,
        ).first()
        if existing:
            return existing
        objection = Objection.objects.create(
            reference=new_reference(today),
            enterprise=enterprise,
            reason=reason,
            recheck_due=_recheck_due(today),
            language=language or translation.get_language() or "",
            **objector,
            **target,
        )
        for upload in files:
            ObjectionAttachment.objects.create(
                objection=objection, file=upload, original_name=stored_name(upload), size=upload.size
            )
        record_activity(
            actor=None,
            verb="objection.filed_public",
            target=objection,
            changes={"attachments": [upload.name for upload in files]},
            note=reason,
        )
        _tell_officers(objection, OFFICER_SUBJECT, OFFICER_BODY)
        _email_objector(objection, PUBLIC_RECEIVED_SUBJECT, PUBLIC_RECEIVED_BODY)
    return objection


def objection_answer(*, actor, objection, upheld, answer):
    """An officer re-checks: upheld withdraws a record from publication, rejected leaves it; the
    objector is told the result."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Give the result of the re-check.")})
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("enterprise", "penalty", "determination__criterion__rulebook")
            .get(pk=objection.pk)
        )
        require_officer_of(
            actor, objection.enterprise, _("Only officers of the enterprise's customs re-check its records.")
        )
        if objection.status != Objection.Status.OPEN:
            raise InvalidState(_("This objection has already been answered."))
        objection.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
        objection.answer = answer
        objection.answered_by = actor
        objection.answered_at = timezone.now()
        objection.save()
        record = objection.record
        if upheld and record is not None:
            record.publication_withdrawn_at = objection.answered_at
            record.save(
                update_fields=["publication_withdrawn_at"]
            )  # pragma: no mutate (all fields: same row)
        record_activity(
            actor=actor,
            verb="objection.answered",
            target=objection,
            changes={"status": [Objection.Status.OPEN, objection.status]},
            note=answer,
        )
        if objection.is_public:
            _email_objector(objection, ANSWER_SUBJECT, PUBLIC_ANSWER_BODY)
        else:
            notify_enterprise_users(
                enterprise_id=objection.enterprise_id,
                subject=ANSWER_SUBJECT,
                body=ANSWER_BODY,
                context=lambda: {
                    "outcome": objection.get_status_display().lower(),
                    "record": item_label(objection),
                    "answer": answer,
                },
                link=reverse("objection-detail", args=[objection.pk]),
            )
    return objection


def _context(objection):
    """Placeholders of the notices about `objection`, in the active language."""
    return {
        "reference": objection.reference,
        "enterprise": objection.enterprise.display_name,
        "item": item_label(objection),
        "office": objection.enterprise.customs_office.display_name,
        "due": format_date_lazy(objection.recheck_due),
        "outcome": objection.get_status_display().lower(),
        "answer": objection.answer,
        "objector": objection.objector_name,
        "kind": objection.get_objector_kind_display().lower(),
    }


def _tell_officers(objection, subject, body):
    notify_users(
        officers_of(objection.enterprise),
        subject=subject,
        body=body,
        context=lambda: _context(objection),
        link=reverse("objection-detail", args=[objection.pk]),
    )


def _email_objector(objection, subject, body):
    """An e-mail through the notifications outbox, in the language the objector used."""
    with translation.override(objection.language or settings.LANGUAGE_CODE):
        values = _context(objection)
        notification_email_address(
            address=objection.contact_email,
            name=objection.objector_name,
            language=objection.language,
            subject=str(subject) % values,
            body=str(body) % values,
        )


# --- labels ----------------------------------------------------------------------------------------


def record_label(record):
    if isinstance(record, DishonestProposal):
        return f"{record.decision_number} ({record.criterion.display_article})"
    return record.case_number


def item_label(objection):
    """The published item objected to, as a reader of its pages and notices names it."""
    if objection.record is not None:
        return record_label(objection.record)
    if objection.item == Item.CERTIFICATE:
        return _("certificate %(number)s") % {"number": objection.certificate_number}
    return _("credit grade")
