"""Volunteer Passport: register and be vetted once, volunteer anywhere."""
