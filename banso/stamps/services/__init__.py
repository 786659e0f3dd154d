"""Every write on runs and stamps."""
