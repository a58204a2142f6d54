"""Stories: syndicated copies, wire origin, story clusters, related and trending articles."""
