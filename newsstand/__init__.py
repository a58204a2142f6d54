"""Newsstand: all your news in one place."""
