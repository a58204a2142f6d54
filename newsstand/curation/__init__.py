"""Curation: the reader's interest profile and the For-you ranking (pure core, no database)."""
