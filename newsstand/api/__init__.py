"""The JSON API: one NinjaAPI assembling each domain's router (see api.py)."""
