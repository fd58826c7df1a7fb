"""Consultation: topics, plans, meetings, research, outcomes, grassroots cases, opinion reports (later issues)."""
