"""International Platform for Social Progress."""
