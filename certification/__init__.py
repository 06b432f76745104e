"""Certification: standards catalogues, applications, audits, findings, scoring,
rectification, certificates, re-reviews and public verification."""
