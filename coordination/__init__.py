"""Coordinator cases: requests from AEO enterprises, service logs, deadlines and escalation."""
