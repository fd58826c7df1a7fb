"""The proposal pages, by role: member.py, staff.py, unit.py, leader.py, public.py; detail.py is the one
page of a proposal for everyone who may see it; common.py holds what they share."""
