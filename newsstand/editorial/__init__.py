"""Editorial: the editor role, "Our picks", pinning, hiding and merging stories, attribution
corrections, and the log of every editorial action."""
