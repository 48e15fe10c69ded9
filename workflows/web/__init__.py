"""Pages that are not one step of a flow: my work, dashboards, notifications, the viewflow viewsets, middleware."""
