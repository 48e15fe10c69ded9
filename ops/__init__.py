"""Running Kehoach in production: health check, worker heartbeats, JSON logs, the database-down page."""
