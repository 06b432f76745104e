"""A stand-in virus scanner for tests: refuses the EICAR test string like a real one would."""

from django.core.exceptions import ValidationError


def refuse_eicar(upload):
    if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in upload.read():
        raise ValidationError(f"{upload.name} is infected.")
