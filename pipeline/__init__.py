"""Turn Chinese government work notices into structured task data."""
