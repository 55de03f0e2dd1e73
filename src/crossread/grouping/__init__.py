"""Story grouping: the online index (articles join or start stories) and time windows for batch."""
